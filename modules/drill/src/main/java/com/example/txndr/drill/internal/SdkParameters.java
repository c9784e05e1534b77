package com.example.txndr.drill.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** SSM Parameter Store of each region through the SDK (one client per region). */
public final class SdkParameters implements Parameters, AutoCloseable {
  private final AwsSettings settings;
  private final Map<String, SsmClient> clients = new ConcurrentHashMap<>();

  public SdkParameters(AwsSettings settings) {
    this.settings = settings;
  }

  private SsmClient client(String region) {
    return clients.computeIfAbsent(region, r -> settings.configure(SsmClient.builder(), Region.of(r)).build());
  }

  @Override
  public Optional<String> get(String region, String name) {
    try {
      return Optional.of(client(region).getParameter(r -> r.name(name)).parameter().value());
    } catch (ParameterNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public void put(String region, String name, String value) {
    client(region).putParameter(r -> r.name(name).value(value).type(ParameterType.STRING).overwrite(true));
  }

  @Override
  public void close() {
    clients.values().forEach(SsmClient::close);
  }
}
