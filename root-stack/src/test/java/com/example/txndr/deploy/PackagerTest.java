package com.example.txndr.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.txndr.template.CanonicalJson;
import com.example.txndr.template.RepoRoot;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagerTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String KEY_PREFIX = FixtureRepo.KEY_PREFIX;
  private static final String JAR_KEY = FixtureRepo.JAR_KEY;

  @TempDir
  Path repo;

  @TempDir
  Path dist;

  private Manifest packageStandard() {
    FixtureRepo fixture = FixtureRepo.standard(repo);
    return new Packager(repo, "transaction-dr/", "1.2.3").packageTo(dist, fixture.lambdaJar());
  }

  private JsonNode packaged(String file) throws IOException {
    return MAPPER.readTree(Files.readString(dist.resolve("templates").resolve(file)));
  }

  private static JsonNode regionLocalUrl(String file) {
    ObjectNode sub = MAPPER.createObjectNode();
    sub.put("Fn::Sub", "https://${ArtifactBucketPrefix}-${AWS::Region}.s3.${AWS::Region}.${AWS::URLSuffix}"
        + "/${ArtifactKeyPrefix}templates/" + file);
    return sub;
  }

  private static String bootstrap(String description) {
    return """
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Description": "%s",
          "Resources": {
            "ArtifactBucket": {
              "Type": "AWS::S3::Bucket",
              "DeletionPolicy": "Retain"
            }
          }
        }
        """.formatted(description);
  }

  /** The bootstrap is deployed inline (it makes the buckets): packaged without whitespace, content unchanged. */
  @Test
  void bootstrapIsPackagedWithoutWhitespace() throws IOException {
    FixtureRepo fixture = FixtureRepo.standard(repo)
        .file("stacksets/templates/bootstrap.template.json", bootstrap("the buckets"));
    new Packager(repo, "transaction-dr/", "1.2.3").packageTo(dist, fixture.lambdaJar());

    String text = Files.readString(dist.resolve("templates/bootstrap.template.json"));
    assertThat(text).doesNotContain("  ").endsWith("}\n").hasLineCount(1);
    assertThat(MAPPER.readTree(text)).isEqualTo(MAPPER.readTree(bootstrap("the buckets")));
    assertThat(Files.readString(dist.resolve("templates/kms.template.json"))).contains("\n  ");
  }

  @Test
  void bootstrapOverTheTemplateBodyQuotaIsRejected() {
    FixtureRepo fixture = FixtureRepo.standard(repo)
        .file("stacksets/templates/bootstrap.template.json", bootstrap("x".repeat(Packager.TEMPLATE_BODY_MAX_BYTES)));

    assertThatThrownBy(() -> new Packager(repo, "transaction-dr/", "1.2.3").packageTo(dist, fixture.lambdaJar()))
        .isExactlyInstanceOf(PackagingException.class)
        .hasMessageContaining("bootstrap.template.json is 51")
        .hasMessageContaining("over the 51200 bytes CloudFormation accepts in a template body");
  }

  /** The repository's bootstrap fits: aws cloudformation deploy --template-file takes it without a bucket. */
  @Test
  void repositoryBootstrapFitsTheTemplateBodyQuotaOnceCompact() throws IOException {
    Path source = RepoRoot.find().resolve("stacksets/templates/bootstrap.template.json");
    String packaged = Packager.packagedText("bootstrap.template.json", (ObjectNode) MAPPER.readTree(source.toFile()));

    assertThat(packaged.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Packager.TEMPLATE_BODY_MAX_BYTES);
  }

  @Test
  void nestedStackTemplateUrlNamesTheRegionLocalBucket() throws IOException {
    packageStandard();

    assertThat(packaged("root.template.json").at("/Resources/KmsStack/Properties/TemplateURL"))
        .isEqualTo(regionLocalUrl("kms.template.json"));
  }

  @Test
  void stackSetTemplateUrlNamesTheRegionLocalBucket() throws IOException {
    packageStandard();

    assertThat(packaged("root.template.json").at("/Resources/SecondaryStackSet/Properties/TemplateURL"))
        .isEqualTo(regionLocalUrl("regional.template.json"));
  }

  @Test
  void templateDeployedByTheStackSetHasItsNestedUrlsRewrittenToo() throws IOException {
    packageStandard();

    assertThat(packaged("regional.template.json").at("/Resources/LambdaStack/Properties/TemplateURL"))
        .isEqualTo(regionLocalUrl("lambda.template.json"));
  }

  @Test
  void templateUrlThatIsAlreadyAUrlIsKept() throws IOException {
    packageStandard();

    assertThat(packaged("root.template.json").at("/Resources/ExternalStack/Properties/TemplateURL").asText())
        .isEqualTo("https://example-bucket.s3.us-east-1.amazonaws.com/external.template.json");
  }

  @Test
  void nestingTemplateWithoutArtifactBucketPrefixIsRejected() {
    FixtureRepo fixture = FixtureRepo.standard(repo)
        .template("root-stack/templates/root.template.json", "missing-bucket-prefix");
    Packager packager = new Packager(repo, "transaction-dr/", "1.2.3");

    assertThatThrownBy(() -> packager.packageTo(dist, fixture.lambdaJar()))
        .isExactlyInstanceOf(PackagingException.class)
        .hasMessage("root-stack/templates/root.template.json: nests templates (KmsStack) but does not "
            + "declare the parameter ArtifactBucketPrefix; packaged TemplateURLs read the artifact bucket "
            + "from ArtifactBucketPrefix and ArtifactKeyPrefix: declare both (see root-stack/README.md)");
  }

  @Test
  void templateUrlNamingNoTemplateIsRejected() {
    FixtureRepo fixture = FixtureRepo.standard(repo)
        .template("root-stack/templates/root.template.json", "dangling-url");
    Packager packager = new Packager(repo, "transaction-dr/", "1.2.3");

    assertThatThrownBy(() -> packager.packageTo(dist, fixture.lambdaJar()))
        .isExactlyInstanceOf(PackagingException.class)
        .hasMessage("root-stack/templates/root.template.json: resource KmsStack has TemplateURL "
            + "\"../../modules/kms/templates/kms-typo.template.json\", which names no template (resolves to "
            + "modules/kms/templates/kms-typo.template.json). A TemplateURL is a path relative to the "
            + "nesting template's folder to another *.template.json in modules/<module>/templates, "
            + "stacksets/templates or root-stack/templates.");
  }

  @Test
  void sameFileNameInTwoFoldersIsRejected() {
    FixtureRepo fixture = FixtureRepo.standard(repo)
        .template("stacksets/templates/kms.template.json", "kms");
    Packager packager = new Packager(repo, "transaction-dr/", "1.2.3");

    assertThatThrownBy(() -> packager.packageTo(dist, fixture.lambdaJar()))
        .isExactlyInstanceOf(PackagingException.class)
        .hasMessage("template file name kms.template.json is used more than once: "
            + "modules/kms/templates/kms.template.json and stacksets/templates/kms.template.json. "
            + "Packaged templates share one folder (templates/<file name>): rename one.");
  }

  @Test
  void lambdaCodeKeyDefaultIsTheContentAddressedJarKey() throws IOException {
    packageStandard();

    assertThat(packaged("lambda.template.json").at("/Parameters/LambdaCodeKey/Default").asText())
        .isEqualTo(JAR_KEY);
  }

  @Test
  void lambdaCodeKeyDefaultIsSetInEveryTemplateThatDeclaresIt() throws IOException {
    packageStandard();

    assertThat(packaged("root.template.json").at("/Parameters/LambdaCodeKey/Default").asText())
        .isEqualTo(JAR_KEY);
  }

  @Test
  void artifactKeyPrefixDefaultIsTheKeyPrefixUsed() throws IOException {
    FixtureRepo fixture = FixtureRepo.standard(repo);
    new Packager(repo, "releases/v2/", "1.2.3").packageTo(dist, fixture.lambdaJar());

    assertThat(packaged("root.template.json").at("/Parameters/ArtifactKeyPrefix/Default").asText())
        .isEqualTo("releases/v2/" + FixtureRepo.RELEASE + "/");
  }

  @Test
  void keyPrefixWithoutTrailingSlashIsRejected() {
    assertThatThrownBy(() -> new Packager(repo, "transaction-dr", "1.2.3"))
        .isExactlyInstanceOf(PackagingException.class)
        .hasMessage("key prefix \"transaction-dr\" is not usable: it must end in /, with letters, digits "
            + "and ! _ . * ' ( ) - between slashes (for example transaction-dr/)");
  }

  @Test
  void jarIsCopiedUnderItsContentAddressedName() throws IOException {
    packageStandard();

    Path jar = dist.resolve("lambda/transaction-dr-lambda-" + FixtureRepo.JAR_SHA256.substring(0, 12) + ".jar");
    assertThat(jar).hasContent(FixtureRepo.JAR_CONTENT);
  }

  @Test
  void packagedTemplatesAreCanonical() throws IOException {
    packageStandard();

    String text = Files.readString(dist.resolve("templates/root.template.json"));
    assertThat(text).isEqualTo(CanonicalJson.format((ObjectNode) MAPPER.readTree(text)));
  }

  @Test
  void manifestRecordsTheJarWithKeySizeAndSha256() {
    Manifest manifest = packageStandard();

    assertThat(manifest.files()).contains(new Manifest.Entry(
        FixtureRepo.JAR_PATH, JAR_KEY, FixtureRepo.JAR_CONTENT.length(),
        FixtureRepo.JAR_SHA256));
  }

  @Test
  void manifestListsEveryFileInPathOrder() {
    Manifest manifest = packageStandard();

    assertThat(manifest.files()).extracting(Manifest.Entry::path).containsExactly(
        FixtureRepo.JAR_PATH,
        "templates/kms.template.json",
        "templates/lambda.template.json",
        "templates/regional.template.json",
        "templates/root.template.json");
  }

  @Test
  void manifestShaOfEachTemplateIsTheShaOfItsPackagedFile() throws Exception {
    Manifest manifest = packageStandard();

    Manifest.Entry root = manifest.files().stream()
        .filter(e -> e.path().equals("templates/root.template.json")).findFirst().orElseThrow();
    byte[] bytes = Files.readAllBytes(dist.resolve(root.path()));
    String sha = java.util.HexFormat.of().formatHex(
        java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(root).isEqualTo(new Manifest.Entry("templates/root.template.json",
        KEY_PREFIX + "templates/root.template.json", bytes.length, sha));
  }

  @Test
  void manifestRecordsProjectVersionAndKeyPrefix() throws IOException {
    packageStandard();

    JsonNode manifest = MAPPER.readTree(Files.readString(dist.resolve("manifest.json")));
    assertThat(manifest.path("projectVersion").asText()).isEqualTo("1.2.3");
    assertThat(manifest.path("keyPrefix").asText()).isEqualTo(KEY_PREFIX);
  }

  @Test
  void manifestCarriesReleaseKeyPrefixCodeKeyAndTheirOverrides() throws IOException {
    packageStandard();

    JsonNode manifest = MAPPER.readTree(Files.readString(dist.resolve("manifest.json")));
    assertThat(manifest.path("release").asText()).isEqualTo(FixtureRepo.RELEASE);
    assertThat(manifest.path("keyPrefix").asText()).isEqualTo(KEY_PREFIX);
    assertThat(manifest.path("lambdaCodeKey").asText()).isEqualTo(JAR_KEY);
    assertThat(manifest.path("parameterOverrides").asText())
        .isEqualTo("ArtifactKeyPrefix=" + KEY_PREFIX + " LambdaCodeKey=" + JAR_KEY);
  }

  @Test
  void parameterOverridesFileIsOneLineWithTheKeyPrefixAndTheCodeKey() {
    packageStandard();

    assertThat(dist.resolve("parameter-overrides.txt"))
        .hasContent("ArtifactKeyPrefix=" + KEY_PREFIX + " LambdaCodeKey=" + JAR_KEY + "\n");
  }

  @Test
  void keyPrefixIsTheBasePrefixFollowedByTheReleaseOfTheSourceTemplatesAndTheJar() {
    Manifest manifest = packageStandard();

    assertThat(manifest.keyPrefix()).isEqualTo("transaction-dr/" + FixtureRepo.RELEASE + "/");
  }

  @Test
  void sameInputsGiveTheSameKeyPrefix(@TempDir Path otherDist) {
    FixtureRepo fixture = FixtureRepo.standard(repo);
    Packager packager = new Packager(repo, "transaction-dr/", "1.2.3");

    Manifest first = packager.packageTo(dist, fixture.lambdaJar());
    Manifest second = packager.packageTo(otherDist, fixture.lambdaJar());

    assertThat(second.keyPrefix()).isEqualTo(first.keyPrefix());
  }

  @Test
  void changedTemplateByteGivesAnotherKeyPrefix() throws IOException {
    FixtureRepo fixture = FixtureRepo.standard(repo);
    Packager packager = new Packager(repo, "transaction-dr/", "1.2.3");
    Manifest before = packager.packageTo(dist, fixture.lambdaJar());
    Path kms = repo.resolve("modules/kms/templates/kms.template.json");
    Files.writeString(kms, Files.readString(kms).replace("\"Value\": \"fixture\"", "\"Value\": \"fixturf\""));

    Manifest after = packager.packageTo(dist, fixture.lambdaJar());

    assertThat(after.keyPrefix()).isNotEqualTo(before.keyPrefix()).startsWith("transaction-dr/");
  }

  @Test
  void changedJarGivesAnotherKeyPrefix() {
    FixtureRepo fixture = FixtureRepo.standard(repo);
    Packager packager = new Packager(repo, "transaction-dr/", "1.2.3");
    Manifest before = packager.packageTo(dist, fixture.lambdaJar());
    fixture.file("modules/lambda/target/transaction-dr-lambda.jar", "fixture lambda jar, rebuilt\n");

    Manifest after = packager.packageTo(dist, fixture.lambdaJar());

    assertThat(after.keyPrefix()).isNotEqualTo(before.keyPrefix()).startsWith("transaction-dr/");
  }

  @Test
  void manifestIsTheSameForTheSameInputs(@TempDir Path otherDist) throws IOException {
    FixtureRepo fixture = FixtureRepo.standard(repo);
    Packager packager = new Packager(repo, "transaction-dr/", "1.2.3");
    packager.packageTo(dist, fixture.lambdaJar());
    packager.packageTo(otherDist, fixture.lambdaJar());

    assertThat(dist.resolve("manifest.json")).hasSameBinaryContentAs(otherDist.resolve("manifest.json"));
  }

  @Test
  void manifestReadsBackAsWritten() {
    Manifest written = packageStandard();

    assertThat(Manifest.read(dist)).isEqualTo(written);
  }

  @Test
  void packagingReplacesTheWholeDistFolder() throws IOException {
    Files.writeString(dist.resolve("stale.txt"), "from an earlier build");

    packageStandard();

    assertThat(dist.resolve("stale.txt")).doesNotExist();
  }
}
