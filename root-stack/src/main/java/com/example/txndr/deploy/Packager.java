package com.example.txndr.deploy;

import com.example.txndr.deploy.internal.Digests;
import com.example.txndr.deploy.internal.Release;
import com.example.txndr.deploy.internal.SourceTemplates;
import com.example.txndr.deploy.internal.TemplateRewriter;
import com.example.txndr.template.CanonicalJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the publishable tree {@code dist/}: every source template packaged into
 * {@code templates/}, the Lambda jar under its content-addressed name in {@code lambda/},
 * {@code manifest.json}, and {@code parameter-overrides.txt}. The packaged templates are the same
 * for both regions: each nested {@code TemplateURL} names the artifact bucket of the region that
 * deploys it. Every template key is below {@code <keyPrefix><release>/}, where the release is
 * content-addressed ({@link Release}): a change to any template or to the jar gives new keys. The jar
 * is below {@code <keyPrefix>lambda/}, addressed by its own content.
 */
public final class Packager {
  /** Folder of the packaged templates, below {@code dist/} and below the key prefix. */
  public static final String TEMPLATES = "templates/";
  /** Folder of the Lambda jar, below {@code dist/} and below the base key prefix. */
  public static final String LAMBDA = "lambda/";
  /**
   * The file in {@code dist/} holding the one line for
   * {@code aws cloudformation deploy --parameter-overrides} ({@link Manifest#parameterOverrides()}).
   * It is not published.
   */
  public static final String PARAMETER_OVERRIDES = "parameter-overrides.txt";

  /** The AllowedPattern of the templates' ArtifactKeyPrefix parameter. */
  private static final Pattern KEY_PREFIX = Pattern.compile("^[a-zA-Z0-9!_.*'()-]+(/[a-zA-Z0-9!_.*'()-]+)*/$");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /**
   * Templates deployed before any artifact bucket exists, so with their body inline
   * ({@code aws cloudformation deploy --template-file} without {@code --s3-bucket}), which
   * CloudFormation caps at {@value #TEMPLATE_BODY_MAX_BYTES} bytes: the bootstrap makes the
   * buckets. They are packaged without whitespace, and packaging fails when one is still too big.
   */
  public static final Set<String> DEPLOYED_INLINE = Set.of("bootstrap.template.json");
  /** CloudFormation's quota on a template body passed inline (TemplateBody). */
  public static final int TEMPLATE_BODY_MAX_BYTES = 51_200;

  private final Path repoRoot;
  private final String keyPrefix;
  private final String projectVersion;

  /**
   * A packager for one checkout.
   *
   * @param repoRoot the repository root (holds {@code modules/})
   * @param keyPrefix the base key prefix, ending in {@code /}; every artifact is below
   *     {@code <keyPrefix><release>/}
   * @param projectVersion the Maven project version, recorded in the manifest
   */
  public Packager(Path repoRoot, String keyPrefix, String projectVersion) {
    if (!KEY_PREFIX.matcher(keyPrefix).matches()) {
      throw new PackagingException("key prefix \"" + keyPrefix + "\" is not usable: it must end in /, with "
          + "letters, digits and ! _ . * ' ( ) - between slashes (for example transaction-dr/)");
    }
    this.repoRoot = repoRoot.toAbsolutePath().normalize();
    this.keyPrefix = keyPrefix;
    this.projectVersion = projectVersion;
  }

  /**
   * The shaded Lambda jar in {@code modules/lambda/target}: the one {@code *.jar} that is not
   * {@code original-*}, {@code *-sources}, {@code *-javadoc} or {@code *-tests}. When the module's
   * plain artifact ({@code lambda-<version>.jar}) sits beside a shaded jar with another name, the
   * shaded one is taken.
   */
  public Path findLambdaJar() {
    Path target = repoRoot.resolve("modules/lambda/target");
    List<Path> candidates = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "*.jar")) {
        for (Path jar : jars) {
          String name = jar.getFileName().toString();
          if (!name.startsWith("original-") && !name.endsWith("-sources.jar")
              && !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar")) {
            candidates.add(jar);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + target, e);
      }
    }
    candidates.sort(Comparator.comparing(p -> p.getFileName().toString()));
    if (candidates.size() > 1) {
      String plain = "lambda-" + projectVersion + ".jar";
      candidates.removeIf(p -> p.getFileName().toString().equals(plain));
    }
    if (candidates.isEmpty()) {
      throw new PackagingException("no Lambda jar in " + target + ": build the lambda module first "
          + "(./mvnw package builds it before root-stack; alone: ./mvnw -pl modules/lambda package)");
    }
    if (candidates.size() > 1) {
      throw new PackagingException("more than one Lambda jar in " + target + ": "
          + candidates.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))
          + "; the lambda module must produce exactly one shaded jar (delete stale jars with "
          + "./mvnw -pl modules/lambda clean package)");
    }
    return candidates.get(0);
  }

  /**
   * Packages the repository's templates and the given jar into {@code dist}, replacing it, below
   * the key prefix {@code <keyPrefix><release>/}.
   */
  public Manifest packageTo(Path dist, Path lambdaJar) {
    if (!Files.isRegularFile(lambdaJar)) {
      throw new PackagingException("Lambda jar " + lambdaJar + " does not exist: build the lambda module first");
    }
    SourceTemplates sources = SourceTemplates.find(repoRoot);
    String jarSha = Digests.sha256Hex(lambdaJar);
    String jarName = lambdaJar.getFileName().toString();
    String jarBase = jarName.endsWith(".jar") ? jarName.substring(0, jarName.length() - 4) : jarName;
    String jarPath = LAMBDA + jarBase + "-" + jarSha.substring(0, 12) + ".jar";
    // From the source templates, before any rewriting: the packaged ones contain the prefix.
    String release = Release.of(sources.files(), jarSha);
    String prefix = keyPrefix + release + "/";
    // The jar is content-addressed on its own and lives below the base prefix, so a release
    // that changes only templates neither re-uploads it nor publishes a new Lambda version.
    String codeKey = keyPrefix + jarPath;
    TemplateRewriter rewriter = new TemplateRewriter(sources, prefix, codeKey);

    try {
      deleteTree(dist);
      Files.createDirectories(dist.resolve(TEMPLATES));
      Files.createDirectories(dist.resolve(LAMBDA));
      List<Manifest.Entry> entries = new ArrayList<>();
      for (Path file : sources.files()) {
        ObjectNode template = read(file, sources.relative(file));
        rewriter.rewrite(file, template);
        String path = TEMPLATES + file.getFileName();
        Files.writeString(dist.resolve(path), packagedText(file.getFileName().toString(), template));
        entries.add(entry(dist, prefix, path));
      }
      Files.copy(lambdaJar, dist.resolve(jarPath), StandardCopyOption.REPLACE_EXISTING);
      entries.add(new Manifest.Entry(jarPath, codeKey, Files.size(lambdaJar), jarSha));
      Manifest manifest = new Manifest(projectVersion, release, prefix, codeKey, entries);
      Files.writeString(dist.resolve(Manifest.FILE_NAME), manifest.toJson());
      Files.writeString(dist.resolve(PARAMETER_OVERRIDES), manifest.parameterOverrides() + "\n");
      return manifest;
    } catch (IOException e) {
      throw new PackagingException("cannot write " + dist + ": " + e.getMessage(), e);
    }
  }

  /** The packaged form: canonical, or without whitespace and checked for the inline quota. */
  static String packagedText(String name, ObjectNode template) {
    if (!DEPLOYED_INLINE.contains(name)) {
      return CanonicalJson.format(template);
    }
    String compact;
    try {
      compact = MAPPER.writeValueAsString(template) + "\n";
    } catch (JsonProcessingException e) {
      throw new PackagingException(name + ": cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
    int bytes = compact.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > TEMPLATE_BODY_MAX_BYTES) {
      throw new PackagingException(name + " is " + bytes + " bytes even without whitespace, over the "
          + TEMPLATE_BODY_MAX_BYTES + " bytes CloudFormation accepts in a template body; it is deployed before any"
          + " artifact bucket exists, so it cannot be read from S3: make it smaller (its Metadata comments, or"
          + " policies moved to the iam module)");
    }
    return compact;
  }

  private static Manifest.Entry entry(Path dist, String prefix, String path) throws IOException {
    Path file = dist.resolve(path);
    return new Manifest.Entry(path, prefix + path, Files.size(file), Digests.sha256Hex(file));
  }

  private static ObjectNode read(Path file, String name) {
    JsonNode node;
    try {
      node = MAPPER.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new PackagingException(name + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PackagingException("cannot read " + name + ": " + e.getMessage(), e);
    }
    if (!(node instanceof ObjectNode template)) {
      throw new PackagingException(name + ": a template is a JSON object");
    }
    return template;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
