package com.example.txndr.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir
  Path repo;

  @TempDir
  Path dist;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private void packageFixture() {
    FixtureRepo.standard(repo);
    run("package", "--repo-root=" + repo, "--dist=" + dist, "--project-version=1.2.3");
  }

  @Test
  void packageSaysWhatItWrote() {
    FixtureRepo.standard(repo);

    run("package", "--repo-root=" + repo, "--dist=" + dist, "--project-version=1.2.3");

    assertThat(out()).startsWith("packaged " + dist + ": 4 templates, lambda/transaction-dr-lambda-"
        + FixtureRepo.JAR_SHA256.substring(0, 12) + ".jar, manifest.json (");
  }

  @Test
  void packageEndsWithTheParameterOverridesLine() {
    FixtureRepo.standard(repo);

    run("package", "--repo-root=" + repo, "--dist=" + dist, "--project-version=1.2.3");

    assertThat(out()).endsWith("):\nArtifactKeyPrefix=" + FixtureRepo.KEY_PREFIX + " LambdaCodeKey="
        + FixtureRepo.JAR_KEY + "\n");
  }

  @Test
  void packageFailureIsOneErrorLineAndStatusOne() {
    FixtureRepo.standard(repo).template("stacksets/templates/kms.template.json", "kms");

    int status = run("package", "--repo-root=" + repo, "--dist=" + dist);

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: template file name kms.template.json");
  }

  @Test
  void publishWithoutBucketPrefixIsSkipped() {
    packageFixture();
    out.reset();

    int status = run("publish", "--dist=" + dist, "--bucket-prefix=");

    assertThat(status).isZero();
    assertThat(out()).startsWith("publish skipped: no -Dpublish.bucketPrefix\n");
  }

  @Test
  void publishBeforePackageSaysToPackageFirst() {
    int status = run("publish", "--dist=" + dist, "--bucket-prefix=artifacts");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: no manifest.json in " + dist + ": run ./mvnw package (or the package command) first\n");
  }

  @Test
  void endpointOptionWinsOverTheEnvironment() {
    assertThat(Main.endpoint("http://localhost:1", Map.of("AWS_ENDPOINT_URL", "http://localhost:2")))
        .contains(URI.create("http://localhost:1"));
  }

  @Test
  void endpointComesFromAwsEndpointUrlS3BeforeAwsEndpointUrl() {
    assertThat(Main.endpoint("", Map.of("AWS_ENDPOINT_URL_S3", "http://localhost:3",
        "AWS_ENDPOINT_URL", "http://localhost:2"))).contains(URI.create("http://localhost:3"));
  }

  @Test
  void noEndpointMeansAws() {
    assertThat(Main.endpoint("", Map.of())).isEqualTo(Optional.empty());
  }
}
