package com.example.txndr.lambda.internal;

import java.util.List;
import java.util.Map;

/**
 * The two Parameter Store operations the peer-values function calls. Built by
 * {@link AwsClients#parameterStore}: SSM's JSON protocol through the SDK's signer and HTTP client,
 * not the SDK's SSM client, whose client class names every one of SSM's 146 operations and so
 * takes its 2,800 model classes (5 MB) into the jar that every function loads.
 */
public interface ParameterStore {
  /**
   * {@code ssm:GetParameters} of at most 10 names, without decryption: name to value of those
   * that exist (the others are absent from the map).
   */
  Map<String, String> getParameters(List<String> names);

  /** {@code ssm:PutParameter}: a {@code String} parameter, overwriting its value. */
  void putParameter(String name, String value);

  /** An SSM error answer, or a call that failed after its attempts. */
  final class ParameterStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ParameterStoreException(String message) {
      super(message);
    }

    public ParameterStoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
