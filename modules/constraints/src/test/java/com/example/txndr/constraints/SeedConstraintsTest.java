package com.example.txndr.constraints;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.testkit.RepoRoot;
import com.example.txndr.testkit.Template;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SeedConstraintsTest {

  static Stream<Arguments> constraintsByTemplate() {
    return RepoRoot.templates().stream()
        .flatMap(t -> Arrays.stream(Constraint.values()).map(c -> Arguments.of(c, t)));
  }

  @ParameterizedTest(name = "{0} holds in {1}")
  @MethodSource("constraintsByTemplate")
  void everyTemplateSatisfiesEveryConstraint(Constraint constraint, Template template) {
    assertThat(constraint.violations(template)).as("%s in %s", constraint, template).isEmpty();
  }

  @ParameterizedTest(name = "{0} catches its broken fixture")
  @EnumSource(Constraint.class)
  void brokenFixtureViolatesItsConstraint(Constraint constraint) {
    assertThat(constraint.violations(Repository.fixture(constraint.brokenFixture())))
        .containsExactly(constraint.expectedViolation());
  }

  @ParameterizedTest(name = "{0}''s broken fixture breaks no other constraint")
  @EnumSource(Constraint.class)
  void brokenFixtureViolatesNoOtherConstraint(Constraint constraint) {
    Template fixture = Repository.fixture(constraint.brokenFixture());
    for (Constraint other : Constraint.values()) {
      if (other != constraint) {
        assertThat(other.violations(fixture)).as("%s on %s", other, constraint.brokenFixture()).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0} passes the compliant fixture")
  @EnumSource(Constraint.class)
  void compliantFixtureSatisfiesEveryConstraint(Constraint constraint) {
    assertThat(constraint.violations(Repository.fixture("fixtures/compliant.fixture.json"))).isEmpty();
  }

  @Test
  void repositoryHasTemplatesOfEveryServiceModule() {
    assertThat(RepoRoot.templates()).extracting(t -> t.file().getFileName().toString())
        .contains("kms.template.json", "iam.template.json", "dynamodb-global.template.json",
            "s3-crr.template.json", "lambda.template.json", "route53.template.json",
            "monitoring.template.json", "backup.template.json", "ssm.template.json");
  }
}
