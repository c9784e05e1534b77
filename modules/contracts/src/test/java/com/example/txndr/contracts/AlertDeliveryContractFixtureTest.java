package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Composition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule of the alert-delivery contract proved able to fail: a fixture that breaks it, beside one that keeps it. */
class AlertDeliveryContractFixtureTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:fx-alerts";

  private static AlertDeliveryContract deploy(String fixture) {
    return AlertDeliveryContract.of(Composition.deploy(List.of(new Composition.Step("Alerts",
        Repository.fixture("alert-delivery/" + fixture), List.of("us-east-1"), Map.of())), CustomResources.MODELS));
  }

  @Test
  void systemKeepingTheContractDeliversFromEveryKindOfPublisher() {
    AlertDeliveryContract contract = deploy("alerts.fixture.json");
    assertThat(contract.violations()).isEmpty();
    assertThat(contract.deliveries()).extracting(AlertDeliveryContract.Delivery::line).containsExactly(
        "ok        Alerts/ErrorsAlarm (CloudWatch alarm AlarmActions in us-east-1) -> " + TOPIC + " as cloudwatch.amazonaws.com",
        "ok        Alerts/ErrorsAlarm (CloudWatch alarm OKActions in us-east-1) -> " + TOPIC + " as cloudwatch.amazonaws.com",
        "ok        Alerts/EventsRule (EventBridge rule in us-east-1) -> " + TOPIC + " as events.amazonaws.com",
        "ok        Alerts/BackupVault (backup vault notifications in us-east-1) -> " + TOPIC + " as backup.amazonaws.com",
        "ok        Alerts/DocumentBucket (S3 event notifications in us-east-1) -> " + TOPIC + " as s3.amazonaws.com",
        "ok        Alerts/KeeperFunction (Lambda function (ALERT_TOPIC_ARN) in us-east-1) -> " + TOPIC
            + " as arn:aws:iam::123456789012:role/fx-keeper-us-east-1");
  }

  @Test
  void functionThatIsHandedTheTopicButNeverPublishesIsNoPublisher() {
    assertThat(deploy("alerts.fixture.json").deliveries()).noneMatch(d -> d.publisher().equals("Alerts/ProcessorFunction"));
  }

  @Test
  void topicPolicyWithoutBackupDropsTheVaultNotifications() {
    assertThat(deploy("alerts-topic-policy-without-backup.fixture.json").violations()).containsExactly(
        "Alerts/BackupVault (backup vault notifications in us-east-1) cannot publish to " + TOPIC + ": the topic policy"
            + " Alerts/AlertTopicPolicy has no statement allowing backup.amazonaws.com sns:Publish on " + TOPIC + "."
            + " Fix: add a statement allowing backup.amazonaws.com sns:Publish on the topic (conditions it meets:"
            + " aws:SourceAccount 123456789012, aws:SourceArn arn:aws:backup:us-east-1:123456789012:backup-vault:fx-vault)");
  }

  @Test
  void alarmNotifyingATopicOfAnotherRegionIsBroken() {
    assertThat(deploy("alerts-alarm-notifies-another-region.fixture.json").violations()).containsExactly(
        "Alerts/ErrorsAlarm (CloudWatch alarm AlarmActions in us-east-1) cannot publish to"
            + " arn:aws:sns:us-west-2:123456789012:fx-alerts: the topic is in us-west-2, but an alarm can notify only a"
            + " topic in its own region. Fix: name the topic of us-east-1 (alarms live in their metric's region)");
  }

  @Test
  void publisherNamingATopicNothingCreatesIsBroken() {
    assertThat(deploy("alerts-rule-targets-missing-topic.fixture.json").violations()).containsExactly(
        "Alerts/EventsRule (EventBridge rule in us-east-1) cannot publish to"
            + " arn:aws:sns:us-east-1:123456789012:fx-alarms: nothing in the system creates that topic. Fix: name the"
            + " topic by the rule of the template that creates it (P-E-alerts, docs/conventions.md)");
  }

  @Test
  void keyPolicyWithoutTheServiceDropsItsMessages() {
    assertThat(deploy("alerts-key-policy-without-events.fixture.json").violations()).containsExactly(
        "Alerts/EventsRule (EventBridge rule in us-east-1) cannot publish to " + TOPIC + ": the key policy of"
            + " Alerts/DataKey has no statement allowing events.amazonaws.com kms:GenerateDataKey on"
            + " arn:aws:kms:us-east-1:123456789012:key/{{Alerts/DataKey}} for kms:GenerateDataKey. Fix: add a key policy"
            + " statement allowing events.amazonaws.com kms:GenerateDataKey and kms:Decrypt with"
            + " kms:EncryptionContext:aws:sns:topicArn matching " + TOPIC);
  }

  @Test
  void secondTopicPolicyOnTheSameTopicIsAViolation() {
    assertThat(deploy("alerts-two-topic-policies.fixture.json").violations()).first().isEqualTo(
        TOPIC + " has 2 AWS::SNS::TopicPolicy resources (Alerts/AlertTopicPolicy, Alerts/SecondTopicPolicy): SNS keeps"
            + " one policy per topic, so the last one applied replaces the others and their publishers are dropped."
            + " Fix: merge their statements into one TopicPolicy");
  }

  @Test
  void functionWhoseRoleCannotPublishIsBroken() {
    assertThat(deploy("alerts-role-cannot-publish.fixture.json").violations()).containsExactly(
        "Alerts/KeeperFunction (Lambda function (ALERT_TOPIC_ARN) in us-east-1) cannot publish to " + TOPIC
            + ": no policy of the role arn:aws:iam::123456789012:role/fx-keeper-us-east-1 allows sns:Publish on"
            + " the topic. Fix: grant sns:Publish on " + TOPIC + " in the role's policy (iam module)");
  }

  @Test
  void denyThatAppliesBreaksEveryPublisherItMatches() {
    assertThat(deploy("alerts-deny-applies.fixture.json").violations()).hasSize(6)
        .contains("Alerts/EventsRule (EventBridge rule in us-east-1) cannot publish to " + TOPIC + ": the topic policy"
            + " Alerts/AlertTopicPolicy denies it in statement DenyOtherAccounts. Fix: narrow that Deny so that it"
            + " spares events.amazonaws.com, or remove it");
  }
}
