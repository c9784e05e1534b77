package com.example.txndr.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LambdaJarTest {
  @TempDir
  Path repo;

  private Packager packager() {
    return new Packager(repo, "transaction-dr/", "1.0.0-SNAPSHOT");
  }

  @Test
  void shadedJarIsPreferredToTheModulesPlainJar() {
    FixtureRepo.in(repo)
        .file("modules/lambda/target/lambda-1.0.0-SNAPSHOT.jar", "plain")
        .file("modules/lambda/target/transaction-dr-lambda.jar", "shaded");

    assertThat(packager().findLambdaJar()).isEqualTo(repo.resolve("modules/lambda/target/transaction-dr-lambda.jar"));
  }

  @Test
  void originalSourcesAndTestsJarsAreIgnored() {
    FixtureRepo.in(repo)
        .file("modules/lambda/target/original-lambda-1.0.0-SNAPSHOT.jar", "before shading")
        .file("modules/lambda/target/lambda-1.0.0-SNAPSHOT-sources.jar", "sources")
        .file("modules/lambda/target/lambda-1.0.0-SNAPSHOT-tests.jar", "tests")
        .file("modules/lambda/target/lambda-1.0.0-SNAPSHOT.jar", "shaded in place");

    assertThat(packager().findLambdaJar()).isEqualTo(repo.resolve("modules/lambda/target/lambda-1.0.0-SNAPSHOT.jar"));
  }

  @Test
  void missingJarSaysToBuildTheLambdaModule() {
    Path target = repo.resolve("modules/lambda/target");

    assertThatThrownBy(() -> packager().findLambdaJar())
        .isExactlyInstanceOf(PackagingException.class)
        .hasMessage("no Lambda jar in " + target + ": build the lambda module first (./mvnw package builds "
            + "it before root-stack; alone: ./mvnw -pl modules/lambda package)");
  }

  @Test
  void twoShadedJarsAreRejected() {
    FixtureRepo.in(repo)
        .file("modules/lambda/target/transaction-dr-lambda.jar", "one")
        .file("modules/lambda/target/transaction-dr-lambda-old.jar", "two");
    Path target = repo.resolve("modules/lambda/target");

    assertThatThrownBy(() -> packager().findLambdaJar())
        .isExactlyInstanceOf(PackagingException.class)
        .hasMessage("more than one Lambda jar in " + target + ": transaction-dr-lambda-old.jar, "
            + "transaction-dr-lambda.jar; the lambda module must produce exactly one shaded jar (delete "
            + "stale jars with ./mvnw -pl modules/lambda clean package)");
  }
}
