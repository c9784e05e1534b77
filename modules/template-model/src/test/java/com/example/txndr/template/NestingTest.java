package com.example.txndr.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NestingTest {
  private static final Template PARENT = Fixtures.load("composition/parent.fixture.json");
  private static final Template BROKEN = Fixtures.load("composition/parent-broken.fixture.json");
  private static final String CHILD = Fixtures.load("composition/child.fixture.json").name();

  @Test
  void childrenAreTheNestedStacksAndStackSetsInTemplateOrder() {
    assertThat(Nesting.children(PARENT)).extracting(Nesting.Child::logicalId, Nesting.Child::isStackSet)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ChildStack", false),
            org.assertj.core.groups.Tuple.tuple("PeerStackSet", true));
  }

  @Test
  void childTemplateIsResolvedRelativeToTheParentFolder() {
    assertThat(Nesting.child(PARENT, "ChildStack").template().file())
        .isEqualTo(Fixtures.path("composition/child.fixture.json"));
  }

  @Test
  void stackSetParametersAreReadFromTheKeyValueList() {
    assertThat(Nesting.child(PARENT, "PeerStackSet").passedParameters()).containsOnlyKeys("Name");
  }

  @Test
  void wellFormedParentHasNoProblems() {
    assertThat(List.of(Nesting.unreadableTemplates(PARENT), Nesting.undeclaredParameters(PARENT),
        Nesting.missingRequiredParameters(PARENT), Nesting.missingOutputs(PARENT))).allMatch(List::isEmpty);
  }

  @Test
  void undeclaredParameterIsReportedWithTheParametersTheChildDeclares() {
    assertThat(Nesting.undeclaredParameters(BROKEN)).containsExactly(BROKEN.name()
        + ": UndeclaredStack passes parameter Colour, which " + CHILD + " does not declare. Fix: remove it or"
        + " declare it in the child; the child declares [Name, Size]");
  }

  @Test
  void requiredParameterNotPassedIsReported() {
    assertThat(Nesting.missingRequiredParameters(BROKEN)).containsExactly(BROKEN.name()
        + ": MissingStack does not pass parameter Name, which " + CHILD + " requires (it has no Default)."
        + " Fix: pass it in MissingStack.Properties.Parameters");
  }

  @Test
  void outputTheChildLacksIsReportedWhereItIsRead() {
    assertThat(Nesting.missingOutputs(BROKEN)).containsExactly(BROKEN.name()
        + ": Resources.Reader.Properties.Value: GetAtt UndeclaredStack.Outputs.TopicArn: " + CHILD
        + " has no output TopicArn. Fix: add the output or correct the name; its outputs are"
        + " [BucketName, BucketArn, QueueArn]");
  }

  @Test
  void remoteTemplateUrlIsReported() {
    assertThat(Nesting.unreadableTemplates(BROKEN)).containsExactly(BROKEN.name()
        + ": RemoteStack: TemplateURL \"https://example-bucket.s3.amazonaws.com/child.template.json\" is not a"
        + " local relative path. Fix: name the child template by a path relative to the folder of"
        + " parent-broken.fixture.json; packaging turns it into an S3 URL");
  }
}
