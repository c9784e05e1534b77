package com.example.txndr.lambda.keeper;

import com.example.txndr.lambda.internal.Json;
import com.example.txndr.lambda.internal.Log;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;

/** Announces a change of the active region to operators (the alert topic). */
@FunctionalInterface
public interface Announcer {
  void announce(String subject, Map<String, Object> message);

  /** Publishes to the SNS topic {@code topicArn}; without a topic, logs a warning instead. */
  static Announcer sns(SnsClient sns, String topicArn) {
    if (sns == null || topicArn == null) {
      return (subject, message) -> Log.warn("ALERT_TOPIC_ARN is not set: not announced", Map.of("subject", subject));
    }
    return (subject, message) -> sns.publish(r -> r.topicArn(topicArn).subject(subject).message(Json.write(message)));
  }
}
