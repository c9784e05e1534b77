package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository keeps its module boundaries, and a small tree that breaks each of them shows
 * the check reports exactly that.
 */
class ModuleBoundariesTest {
  @TempDir
  Path tree;

  @Test
  void theRepositoryKeepsItsModuleBoundaries() {
    assertThat(ModuleBoundaries.check(RepoRoot.find())).isEmpty();
  }

  @Test
  void theCheckSeesTheRepositorysModulesAndTheirInternalPackages() throws IOException {
    // Guards against a check that passes because it reads nothing: the lambda module has
    // internal packages that its own tests import.
    Path lambda = RepoRoot.find().resolve("modules/lambda");
    assertThat(Files.isDirectory(lambda.resolve("src/main/java/com/example/txndr/lambda/internal"))).isTrue();
    assertThat(Files.readString(lambda.resolve("src/test/java/com/example/txndr/lambda/api/ApiHandlerTest.java")))
        .contains("import com.example.txndr.lambda.internal.");
  }

  /** Two modules that keep both boundaries: {@code product} uses {@code model}'s published API and the kit in tests. */
  @BeforeEach
  void keptBoundaries() throws IOException {
    write("model/pom.xml", pom(""));
    write("model/src/main/java/org/model/Api.java", "package org.model;\nimport org.model.internal.Impl;\n"
        + "public class Api {}\n");
    write("model/src/main/java/org/model/internal/Impl.java", "package org.model.internal;\npublic class Impl {}\n");
    write("model/src/test/java/org/model/ImplTest.java", "package org.model;\nimport org.model.internal.Impl;\n"
        + "class ImplTest {}\n");
    write("product/pom.xml", pom(dependency("template-testkit", null, "test")
        + dependency("template-testkit", "test-jar", "test")));
    write("product/src/main/java/org/product/Main.java", "package org.product;\nimport org.model.Api;\n"
        + "public class Main {}\n");
    write("report/pom.xml", pom(dependency("template-testkit", null, null)));
  }

  @Test
  void boundariesKeptGiveNoViolation() {
    assertThat(ModuleBoundaries.check(tree)).isEmpty();
  }

  @Test
  void aProductionModuleDependingOnTheTestKitIsReported() throws IOException {
    write("product/pom.xml", pom(dependency("template-testkit", null, null)));

    assertThat(ModuleBoundaries.check(tree)).containsExactly(
        "product: depends on the test kit template-testkit (compile) outside test scope");
  }

  @Test
  void aTestJarOutsideTestScopeIsReported() throws IOException {
    write("product/pom.xml", pom(dependency("model", "test-jar", "provided")));

    assertThat(ModuleBoundaries.check(tree)).containsExactly(
        "product: depends on the test kit model:test-jar (provided) outside test scope");
  }

  @Test
  void productionCodeImportingAnotherModulesInternalPackageIsReported() throws IOException {
    write("product/src/main/java/org/product/Main.java", "package org.product;\nimport org.model.internal.Impl;\n"
        + "public class Main {}\n");

    assertThat(ModuleBoundaries.check(tree)).containsExactly(
        "product: src/main/java/org/product/Main.java imports org.model.internal.Impl, internal to model");
  }

  @Test
  void testCodeImportingAnotherModulesInternalPackageIsReportedToo() throws IOException {
    write("product/src/test/java/org/product/MainTest.java", "package org.product;\n"
        + "import static org.model.internal.Impl.helper;\nclass MainTest {}\n");

    assertThat(ModuleBoundaries.check(tree)).containsExactly(
        "product: src/test/java/org/product/MainTest.java imports org.model.internal.Impl.helper, internal to model");
  }

  private void write(String path, String content) throws IOException {
    Path file = tree.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private static String pom(String dependencies) {
    return "<project><modelVersion>4.0.0</modelVersion><artifactId>x</artifactId>"
        + "<dependencyManagement><dependencies>" + dependency("template-testkit", null, null)
        + "</dependencies></dependencyManagement><dependencies>" + dependencies + "</dependencies></project>";
  }

  private static String dependency(String artifact, String type, String scope) {
    return "<dependency><groupId>g</groupId><artifactId>" + artifact + "</artifactId>"
        + (type == null ? "" : "<type>" + type + "</type>") + (scope == null ? "" : "<scope>" + scope + "</scope>")
        + "</dependency>";
  }
}
