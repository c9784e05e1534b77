package com.example.txndr.simulation.world;

import com.example.txndr.lambda.api.ApiRequest;
import com.example.txndr.lambda.api.ApiResponse;
import java.util.Optional;

/** The regions' HTTPS endpoints as a caller outside AWS reaches them (latency and faults included). */
@FunctionalInterface
public interface Endpoints {
  /** The answer of {@code region}'s API to {@code request}; empty when none came (down, timed out). */
  Optional<ApiResponse> call(String region, ApiRequest request);
}
