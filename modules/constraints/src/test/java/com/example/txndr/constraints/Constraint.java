package com.example.txndr.constraints;

import com.example.txndr.template.Template;
import java.util.List;
import java.util.function.Function;

/** The seed's per-template constraints, each with the fixture that breaks it and the violation it must report. */
enum Constraint {
  RETAIN_EVERYWHERE(SeedConstraints::retainEverywhere, "no-retain",
      "AlertTopic: DeletionPolicy is missing, must be \"Retain\""),
  ENCRYPTED_WITH_CMK(SeedConstraints::encryptedWithCmk, "aws-managed-encryption",
      "AlertTopic: KmsMasterKeyId is the AWS managed key alias/aws/sns; use the customer managed key"),
  RESERVED_CONCURRENCY_AT_LEAST_100(SeedConstraints::reservedConcurrencyAtLeast100, "low-reserved-concurrency",
      "ProcessorFunction: ReservedConcurrentExecutions comes from parameter ReservedConcurrency"
          + " whose MinValue and Default must both be at least 100"),
  ALARMS_NOTIFY_SNS(SeedConstraints::alarmsNotifySns, "alarm-without-ok-action",
      "ProcessorErrorsAlarm: OKActions is missing; notify the alert topic"),
  POINT_IN_TIME_RECOVERY(SeedConstraints::pointInTimeRecovery, "replica-without-pitr",
      "TransactionsTable: Replicas[1] must enable PointInTimeRecoverySpecification"),
  REPLICATING_BUCKETS_ACCELERATED(SeedConstraints::replicatingBucketsAccelerated, "replication-without-acceleration",
      "DocumentBucket: replicates but AccelerateConfiguration.AccelerationStatus is not Enabled"),
  REGIONS_ARE_PRIMARY_AND_SECONDARY(SeedConstraints::regionsArePrimaryAndSecondary, "other-region",
      "region eu-west-1 appears in the template; only us-east-1 and us-west-2 are allowed"),
  SHARED_DEFINITIONS_MATCH_CONVENTIONS(
      t -> SeedConstraints.sharedDefinitionsMatchConventions(t, Repository.sharedDefinitions()),
      "retyped-shared-parameter",
      "Parameters.ProjectName differs from docs/shared-parameters.json; copy it verbatim"),
  NAMES_CARRY_PROJECT_AND_ENVIRONMENT(SeedConstraints::namesCarryProjectAndEnvironment, "unprefixed-name",
      "DocumentBucket: BucketName {\"Fn::Sub\":\"${ProjectName}-documents-${AWS::AccountId}-${AWS::Region}\"}"
          + " must include ${ProjectName} and ${EnvironmentName}"),
  FLOW_LOGS_TO_ENCRYPTED_EXPIRING_GROUPS(SeedConstraints::flowLogsToEncryptedExpiringGroups, "flow-log-to-unmanaged-group",
      "VpcFlowLog: LogGroupName must Ref a log group of this template (CMK-encrypted, with a retention),"
          + " found \"vpc-flow-logs\""),
  NAME_TAGS_CARRY_PROJECT_AND_ENVIRONMENT(SeedConstraints::nameTagsCarryProjectAndEnvironment, "unprefixed-name-tag",
      "Vpc: tag Name \"vpc\" must include ${ProjectName} and ${EnvironmentName}");

  private final Function<Template, List<String>> check;
  private final String brokenFixture;
  private final String expectedViolation;

  Constraint(Function<Template, List<String>> check, String brokenFixture, String expectedViolation) {
    this.check = check;
    this.brokenFixture = brokenFixture;
    this.expectedViolation = expectedViolation;
  }

  /** The violations of this constraint in {@code template}. */
  List<String> violations(Template template) {
    return check.apply(template);
  }

  /** The fixture under src/test/resources/fixtures that breaks this constraint and no other. */
  String brokenFixture() {
    return "fixtures/" + brokenFixture + ".fixture.json";
  }

  /** The one violation the broken fixture must produce. */
  String expectedViolation() {
    return expectedViolation;
  }
}
