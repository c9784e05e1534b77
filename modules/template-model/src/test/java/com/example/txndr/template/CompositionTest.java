package com.example.txndr.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositionTest {
  private static final Template PARENT = Fixtures.load("composition/parent.fixture.json");
  private static final Template CHILD = Fixtures.load("composition/child.fixture.json");
  private static final Map<String, Composition.AttributeModel> ECHO =
      Map.of("Custom::Echo", (c, resource, attribute) -> resource.property(attribute).asText());

  private static Composition parent(String size) {
    return Composition.deploy(List.of(new Composition.Step("Parent", PARENT, List.of("us-east-1"), Map.of("Size", size))), ECHO);
  }

  private static DeployedResource resource(Composition c, String stack, String id) {
    return c.stack(stack).resource(id).orElseThrow();
  }

  @Test
  void nestedStackReceivesTheParametersItsParentResolves() {
    assertThat(parent("small").stack("Parent/ChildStack").parameters())
        .containsEntry("Name", JsonMatch.toNode("p-data")).containsEntry("Size", JsonMatch.toNode("small"));
  }

  @Test
  void stackSetDeploysAnInstanceInEachRegionOfItsGroup() {
    DeployedStack peer = parent("small").stack("Parent/PeerStackSet[us-west-2]");
    assertThat(peer.region()).isEqualTo("us-west-2");
    assertThat(resource(parent("small"), "Parent/PeerStackSet[us-west-2]", "Bucket").ref()).isEqualTo("p-peer-us-west-2");
  }

  @Test
  void nestedOutputsResolveToPhysicalNames() {
    assertThat(resource(parent("small"), "Parent", "Consumer").properties().path("Value").asText())
        .isEqualTo("arn:aws:s3:::p-data-us-east-1");
  }

  @Test
  void valuesKnownOnlyAfterCreationStayTokensOfTheirStack() {
    Composition c = parent("large");
    assertThat(resource(c, "Parent/ChildStack", "Queue").identities())
        .extracting(PhysicalNames.Identity::arn).containsExactly("arn:aws:sqs:us-east-1:123456789012:p-data-queue");
    assertThat(resource(c, "Parent", "ChildStack").ref()).isEqualTo("{{Parent/ChildStack}}");
  }

  @Test
  void resourcesWhoseConditionFailsAreNotCreated() {
    assertThat(parent("small").stack("Parent/ChildStack").resource("Queue")).isEmpty();
    assertThat(parent("large").stack("Parent/ChildStack").resource("Queue")).isPresent();
  }

  @Test
  void attributeModelsGiveCustomResourceAttributesToTheEvaluator() {
    assertThat(resource(parent("small"), "Parent", "EchoUser").properties().path("Value").asText()).isEqualTo("first");
  }

  @Test
  void readingAnOutputWhoseConditionDoesNotHoldFailsTheComposition() {
    Template broken = Fixtures.load("composition/parent-reads-conditional-output.fixture.json");
    assertThatThrownBy(() -> Composition.deploy(new Composition.Step("Broken", broken, List.of("us-east-1"), Map.of())))
        .isInstanceOf(CompositionException.class)
        .hasMessage("Broken (" + broken.name() + " in us-east-1): Resources.QueueArnParameter.Properties.Value:"
            + " GetAtt ChildStack.Outputs.QueueArn: Broken/ChildStack (" + CHILD.name() + " in us-east-1) does not"
            + " create output QueueArn: its Condition IsLarge does not hold for the parameters passed"
            + " {Name=\"data\", Size=\"small\"}");
  }

  @Test
  void requiredParameterWithoutValueFailsTheComposition() {
    assertThatThrownBy(() -> Composition.deploy(new Composition.Step("Child", CHILD, List.of("us-east-1"), Map.of())))
        .isInstanceOf(CompositionException.class)
        .hasMessage("Child (" + CHILD.name() + " in us-east-1): " + CHILD.name()
            + ": parameter Name has no Default and no value was given");
  }

  @Test
  void resourceDependingOnAStackSetIsCreatedAfterItsInstances() {
    Composition c = parent("small");
    Composition.Order order = c.order(resource(c, "Parent/PeerStackSet[us-west-2]", "Bucket"), resource(c, "Parent", "Late"));
    assertThat(order).isEqualTo(new Composition.Order(true, "in Parent (" + PARENT.name() + "), Late depends on PeerStackSet"));
  }

  @Test
  void siblingsWithoutADependencyAreNotOrdered() {
    Composition c = parent("small");
    assertThat(c.order(resource(c, "Parent/PeerStackSet[us-west-2]", "Bucket"), resource(c, "Parent/ChildStack", "Bucket")))
        .isEqualTo(new Composition.Order(false, "in Parent (" + PARENT.name() + "), ChildStack does not depend on PeerStackSet"));
  }

  @Test
  void earlierStepsAreCreatedFirstAndTheirOutputsFeedLaterSteps() {
    Composition c = Composition.deploy(
        new Composition.Step("First", CHILD, List.of("us-west-2"), Map.of("Name", "first")),
        new Composition.Step("Second", CHILD, List.of("us-east-1"), Map.of("Name", "{{First.Outputs.BucketName}}")));
    assertThat(resource(c, "Second", "Bucket").ref()).isEqualTo("first-us-west-2-us-east-1");
    assertThat(c.createdBefore(resource(c, "First", "Bucket"), resource(c, "Second", "Bucket"))).isTrue();
  }
}
