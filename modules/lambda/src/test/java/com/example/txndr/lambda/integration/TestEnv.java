package com.example.txndr.lambda.integration;

import com.example.txndr.lambda.Config;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The functions' environment against moto_server, for the integration tests that start them. */
final class TestEnv {
  static final String TABLE = "txn-dr-dev-transactions";
  static final String CONTROL_TABLE = "txn-dr-dev-control";
  static final String PRIMARY = "us-east-1";
  static final String SECONDARY = "us-west-2";
  static final String PREFIX = "/txn-dr/dev";

  private TestEnv() {}

  /** The environment of a function in {@code region}, against moto. */
  static Map<String, String> env(URI endpoint, String region) {
    Map<String, String> env = new HashMap<>();
    env.put(Config.TABLE_NAME, TABLE);
    env.put(Config.CONTROL_TABLE_NAME, CONTROL_TABLE);
    env.put(Config.AWS_REGION, region);
    env.put(Config.PRIMARY_REGION, PRIMARY);
    env.put(Config.SECONDARY_REGION, SECONDARY);
    env.put(Config.REGION_ROLE, region.equals(PRIMARY) ? "PRIMARY" : "SECONDARY");
    env.put(Config.PARAMETER_PREFIX, PREFIX);
    env.put(Config.ALARM_NAME_PREFIX, "txn-dr-dev");
    env.put(Config.HTTP_API_ID, "a1b2c3d4e5");
    env.put(Config.AWS_ENDPOINT_URL, endpoint.toString());
    // Static keys for moto: only in explicit local mode (the default chain otherwise).
    env.put(Config.TXNDR_LOCAL, "true");
    env.put("AWS_ACCESS_KEY_ID", "test");
    env.put("AWS_SECRET_ACCESS_KEY", "test");
    return env;
  }

  static Config config(URI endpoint, String region) {
    return Config.fromEnvironment(env(endpoint, region));
  }

  static String deposit(String account, String amount) {
    return "{\"type\":\"DEPOSIT\",\"destinationAccount\":\"" + account + "\",\"amount\":\"" + amount
        + "\",\"currency\":\"USD\"}";
  }

  static String transfer(String from, String to, String amount) {
    return "{\"type\":\"TRANSFER\",\"sourceAccount\":\"" + from + "\",\"destinationAccount\":\"" + to
        + "\",\"amount\":\"" + amount + "\",\"currency\":\"USD\"}";
  }
}
