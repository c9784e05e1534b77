package com.example.txndr.lambda.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LambdaJarCheck} on fixture jars: it passes a lean, complete jar and fails an oversized
 * one, one with the local mode, picocli or the SDK's SSM module, and one whose classes name a
 * class it lacks. {@code LambdaJarIntegrationTest} runs it on the built jar.
 */
class LambdaJarCheckTest {
  @TempDir
  Path dir;

  /** A jar of the given entries; a value of null takes the class file of that name from this class path. */
  private Path jar(String name, Map<String, byte[]> entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(entry.getKey()));
        zip.write(entry.getValue());
        zip.closeEntry();
      }
    }
    return jar;
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  private static final String FIXTURE = "com/example/txndr/lambda/integration/JarCheckFixture.class";

  /** The fixture class and the one class it names. */
  private Path leanJar() throws IOException {
    return jar("lean.jar", Map.of(FIXTURE, classFile(JarCheckFixture.class),
        "com/fasterxml/jackson/core/JsonToken.class", classFile(com.fasterxml.jackson.core.JsonToken.class)));
  }

  @Test
  void aLeanCompleteJarPasses() throws IOException {
    assertThat(LambdaJarCheck.problems(leanJar())).isEmpty();
  }

  @Test
  void aJarOfTheLimitOrMoreFails() throws IOException {
    Path jar = leanJar();

    assertThat(LambdaJarCheck.problems(jar, Files.size(jar))).containsExactly("lean.jar is " + Files.size(jar)
        + " bytes, not under " + Files.size(jar) + ": see what takes the space with unzip -l and leave it out of"
        + " the lambda-jar execution");
  }

  @Test
  void theLocalModePicocliAndTheSdksSsmModuleFail() throws IOException {
    Path jar = jar("full.jar", Map.of(
        "com/example/txndr/lambda/local/LocalMain.class", classFile(Object.class),
        "picocli/CommandLine.class", classFile(Object.class),
        "software/amazon/awssdk/services/ssm/SsmClient.class", classFile(Object.class)));

    assertThat(LambdaJarCheck.problems(jar, Long.MAX_VALUE)).containsExactly(
        "full.jar contains com/example/txndr/lambda/local/: the Lambda jar leaves out the local mode, picocli and"
            + " the SDK's SSM module (they go in the local jar)",
        "full.jar contains picocli/: the Lambda jar leaves out the local mode, picocli and the SDK's SSM module"
            + " (they go in the local jar)",
        "full.jar contains software/amazon/awssdk/services/ssm/: the Lambda jar leaves out the local mode,"
            + " picocli and the SDK's SSM module (they go in the local jar)");
  }

  @Test
  void aClassThatNamesAClassTheJarLacksFails() throws IOException {
    Path jar = jar("incomplete.jar", Map.of(FIXTURE, classFile(JarCheckFixture.class)));

    assertThat(LambdaJarCheck.problems(jar, Long.MAX_VALUE)).containsExactly("incomplete.jar lacks"
        + " com.fasterxml.jackson.core.JsonToken, which the project's classes in it name: a function that reaches it"
        + " fails with NoClassDefFoundError");
  }
}

/** A project class (under com/example/txndr/) that names one class outside the JDK. */
final class JarCheckFixture {
  private JarCheckFixture() {}

  static Object token() {
    return com.fasterxml.jackson.core.JsonToken.START_OBJECT;
  }
}
