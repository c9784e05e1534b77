package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.Nesting;
import com.example.txndr.template.Template;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract between every template that nests (found by scanning the repository, never
 * listed) and the templates it nests, each check proved able to fail by a fixture.
 */
class NestingContractTest {
  private static final String CHILD = Repository.fixture("nesting/child.fixture.json").name();

  static List<Template> nestingTemplates() {
    return Repository.nestingTemplates();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nestingTemplates")
  void nestedTemplatesAreLocalFilesThatExist(Template template) {
    assertThat(Nesting.unreadableTemplates(template)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nestingTemplates")
  void everyParameterPassedIsDeclaredByTheChild(Template template) {
    assertThat(Nesting.undeclaredParameters(template)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nestingTemplates")
  void everyRequiredChildParameterIsPassed(Template template) {
    assertThat(Nesting.missingRequiredParameters(template)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nestingTemplates")
  void everyNestedOutputReadIsAnOutputOfTheChild(Template template) {
    assertThat(Nesting.missingOutputs(template)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nestingTemplates")
  void everyNestedOutputReadIsCreatedInEveryScenario(Template template) {
    assertThat(NestingContracts.failuresInScenarios(template)).isEmpty();
  }

  @Test
  void scanFindsTheCompositionTemplates() {
    assertThat(nestingTemplates()).extracting(Template::name)
        .contains("root-stack/templates/root.template.json", "stacksets/templates/regional.template.json");
  }

  @Test
  void parentKeepingTheContractPassesEveryCheck() {
    Template parent = Repository.fixture("nesting/parent.fixture.json");
    assertThat(List.of(Nesting.unreadableTemplates(parent), Nesting.undeclaredParameters(parent),
        Nesting.missingRequiredParameters(parent), Nesting.missingOutputs(parent),
        NestingContracts.failuresInScenarios(parent))).allMatch(List::isEmpty);
  }

  @Test
  void parameterTheChildDoesNotDeclareIsReported() {
    Template parent = Repository.fixture("nesting/passes-undeclared-parameter.fixture.json");
    assertThat(Nesting.undeclaredParameters(parent)).containsExactly(parent.name() + ": ChildStack passes parameter"
        + " Colour, which " + CHILD + " does not declare. Fix: remove it or declare it in the child; the child"
        + " declares [Name, Size]");
  }

  @Test
  void requiredParameterNotPassedIsReported() {
    Template parent = Repository.fixture("nesting/omits-required-parameter.fixture.json");
    assertThat(Nesting.missingRequiredParameters(parent)).containsExactly(parent.name() + ": ChildStack does not"
        + " pass parameter Name, which " + CHILD + " requires (it has no Default). Fix: pass it in"
        + " ChildStack.Properties.Parameters");
  }

  @Test
  void outputTheChildDoesNotDeclareIsReported() {
    Template parent = Repository.fixture("nesting/reads-missing-output.fixture.json");
    assertThat(Nesting.missingOutputs(parent)).containsExactly(parent.name() + ": Outputs.BucketName.Value:"
        + " GetAtt ChildStack.Outputs.BucketNme: " + CHILD + " has no output BucketNme. Fix: add the output or"
        + " correct the name; its outputs are [BucketName, QueueArn]");
  }

  @Test
  void outputReadWhereItsConditionDoesNotHoldIsReportedWithTheScenario() {
    Template parent = Repository.fixture("nesting/reads-conditional-output.fixture.json");
    assertThat(NestingContracts.failuresInScenarios(parent)).containsExactly("reads-conditional-output.fixture.json ("
        + parent.name() + " in us-east-1): Resources.QueueArnParameter.Properties.Value: GetAtt"
        + " ChildStack.Outputs.QueueArn: reads-conditional-output.fixture.json/ChildStack (" + CHILD + " in us-east-1)"
        + " does not create output QueueArn: its Condition IsLarge does not hold for the parameters passed"
        + " {Name=\"data\", Size=\"small\"} [scenario: us-east-1 {Size=small}]");
  }
}
