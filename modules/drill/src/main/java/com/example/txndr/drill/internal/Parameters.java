package com.example.txndr.drill.internal;

import java.util.Optional;

/** SSM Parameter Store of either region. */
public interface Parameters {
  /** The parameter's value, or empty when it does not exist. */
  Optional<String> get(String region, String name);

  /** Writes a String parameter, overwriting it. */
  void put(String region, String name, String value);
}
