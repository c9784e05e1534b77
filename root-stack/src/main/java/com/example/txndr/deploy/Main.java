package com.example.txndr.deploy;

import com.example.txndr.deploy.budget.BudgetException;
import com.example.txndr.deploy.budget.Measurement;
import com.example.txndr.deploy.budget.RecoveryBudget;
import com.example.txndr.deploy.internal.Sizes;
import com.example.txndr.template.RepoRoot;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * The packaging and publishing command line. {@code ./mvnw package} runs {@code package}, then
 * {@code budget} (the recovery budget of the packaged templates), then {@code publish} and
 * {@code verify} (which do nothing without {@code -Dpublish.bucketPrefix}).
 */
@Command(name = "root-stack", mixinStandardHelpOptions = true,
    description = "Packages the templates and the Lambda jar into dist/, computes the recovery budget of the "
        + "packaged templates, and publishes dist/ to the artifact bucket of each region.",
    subcommands = {Main.PackageCommand.class, Main.BudgetCommand.class, Main.PublishCommand.class,
        Main.VerifyCommand.class})
public final class Main {
  private final PrintStream out;
  private final Map<String, String> env;

  private Main(PrintStream out, Map<String, String> env) {
    this.out = out;
    this.env = env;
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, System.getenv(), args));
  }

  /** Runs the command line; returns 0 on success, 1 on a packaging, budget or publishing failure. */
  public static int execute(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
    Main main = new Main(out, env);
    CommandLine cli = new CommandLine(main, new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == PackageCommand.class) {
          return cls.cast(new PackageCommand(main));
        }
        if (cls == PublishCommand.class) {
          return cls.cast(new PublishCommand(main));
        }
        if (cls == VerifyCommand.class) {
          return cls.cast(new VerifyCommand(main));
        }
        if (cls == BudgetCommand.class) {
          return cls.cast(new BudgetCommand(main));
        }
        return CommandLine.defaultFactory().create(cls);
      }
    });
    // The streams' own charset: PrintStream on JDK 17 does not say which, so the default.
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, Charset.defaultCharset()), true));
    cli.setErr(new PrintWriter(new OutputStreamWriter(err, Charset.defaultCharset()), true));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof PackagingException || e instanceof PublishException || e instanceof BudgetException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cli.execute(args);
  }

  /**
   * The S3 endpoint override: the option when given, else {@code AWS_ENDPOINT_URL_S3}, else
   * {@code AWS_ENDPOINT_URL} (the SDK's own variables; read here so that path-style addressing can
   * go with them, which a local S3 such as moto needs).
   */
  static Optional<URI> endpoint(String option, Map<String, String> env) {
    for (String value : Arrays.asList(option, env.get("AWS_ENDPOINT_URL_S3"), env.get("AWS_ENDPOINT_URL"))) {
      if (value != null && !value.isBlank()) {
        try {
          return Optional.of(new URI(value.strip()));
        } catch (URISyntaxException e) {
          throw new PublishException("S3 endpoint \"" + value + "\" is not a URL: " + e.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  /** STS endpoint override: AWS_ENDPOINT_URL_STS, then AWS_ENDPOINT_URL (never the S3-only ones). */
  static Optional<URI> stsEndpoint(Map<String, String> env) {
    for (String value : Arrays.asList(env.get("AWS_ENDPOINT_URL_STS"), env.get("AWS_ENDPOINT_URL"))) {
      if (value != null && !value.isBlank()) {
        try {
          return Optional.of(new URI(value.strip()));
        } catch (URISyntaxException e) {
          throw new PublishException("STS endpoint \"" + value + "\" is not a URL: " + e.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  /** One line on what {@code dist/} holds. */
  static String describe(Path dist, Manifest manifest) {
    long templates = manifest.files().stream().filter(f -> f.path().startsWith(Packager.TEMPLATES)).count();
    long total = manifest.files().stream().mapToLong(Manifest.Entry::size).sum();
    String jar = manifest.files().stream().map(Manifest.Entry::path).filter(p -> p.startsWith(Packager.LAMBDA))
        .findFirst().orElse("no jar");
    return dist + ": " + templates + " templates, " + jar + ", " + Manifest.FILE_NAME + " (" + Sizes.human(total) + ")";
  }

  /** {@code package}: writes dist/. */
  @Command(name = "package", mixinStandardHelpOptions = true,
      description = "Packages every *.template.json and the Lambda jar into dist/ with a manifest.")
  static final class PackageCommand implements Callable<Integer> {
    private final Main main;

    @Option(names = "--repo-root", description = "Repository root (default: found from the working directory).")
    Path repoRoot;

    @Option(names = "--dist", description = "Output folder (default: root-stack/target/dist).")
    Path dist;

    @Option(names = "--key-prefix", defaultValue = "transaction-dr/",
        description = "Base key prefix; the artifacts go below <prefix><release>/ (default: ${DEFAULT-VALUE}).")
    String keyPrefix;

    @Option(names = "--project-version", defaultValue = "unknown", description = "Version recorded in the manifest.")
    String projectVersion;

    @Option(names = "--lambda-jar", description = "The Lambda jar (default: the shaded jar in modules/lambda/target).")
    Path lambdaJar;

    PackageCommand(Main main) {
      this.main = main;
    }

    @Override
    public Integer call() {
      Path root = repoRoot != null ? repoRoot : RepoRoot.find();
      Path out = dist != null ? dist : root.resolve("root-stack/target/dist");
      Packager packager = new Packager(root, keyPrefix, projectVersion);
      Path jar = lambdaJar != null ? lambdaJar : packager.findLambdaJar();
      Manifest manifest = packager.packageTo(out, jar);
      main.out.println("packaged " + describe(out, manifest));
      main.out.println("release " + manifest.release() + ": key prefix " + manifest.keyPrefix());
      main.out.println("parameter overrides for every deploy (" + out.resolve(Packager.PARAMETER_OVERRIDES)
          + "):");
      main.out.println(manifest.parameterOverrides());
      return 0;
    }
  }

  /** {@code budget}: the recovery budget of dist/ (RTO, RPO, capacity), written as dr-report.json and .md. */
  @Command(name = "budget", mixinStandardHelpOptions = true,
      description = "Computes RTO, RPO and capacity from the packaged templates and the lambda measurement; "
          + "writes dist/dr-report.json and dist/dr-report.md; fails over the seed's limits.")
  static final class BudgetCommand implements Callable<Integer> {
    private final Main main;

    @Option(names = "--repo-root", description = "Repository root (default: found from the working directory).")
    Path repoRoot;

    @Option(names = "--dist", description = "The packaged folder (default: root-stack/target/dist).")
    Path dist;

    @Option(names = "--measurements", description = "The measurement file (default: " + Measurement.FILE + ").")
    String measurements;

    @Option(names = "--parameters", defaultValue = "",
        description = "Root parameters: a JSON file in a CloudFormation CLI format (default: none).")
    String parameters;

    BudgetCommand(Main main) {
      this.main = main;
    }

    @Override
    public Integer call() {
      Path root = (repoRoot != null ? repoRoot : RepoRoot.find()).toAbsolutePath().normalize();
      Path folder = dist != null ? dist : root.resolve("root-stack/target/dist");
      Path measured = measurements == null || measurements.isBlank() ? root.resolve(Measurement.FILE)
          : Path.of(measurements.strip()).toAbsolutePath().normalize();
      Optional<Path> file = parameters.isBlank() ? Optional.empty() : Optional.of(Path.of(parameters.strip()));
      RecoveryBudget.run(new RecoveryBudget.Options(folder, display(root, folder), measured, display(root, measured), file,
          Optional.of(root)), main.out, display(Path.of("").toAbsolutePath(),
              folder.toAbsolutePath().normalize().resolve(RecoveryBudget.MARKDOWN)));
      return 0;
    }

    /** The path relative to {@code base} when it is below it, else as it is. */
    private static String display(Path base, Path file) {
      Path abs = file.toAbsolutePath().normalize();
      return (abs.startsWith(base) ? base.relativize(abs) : abs).toString().replace('\\', '/');
    }
  }

  /** The account of the publishing identity (STS GetCallerIdentity in {@code region}). */
  static String callerAccount(AwsCredentialsProvider credentials, String region, Optional<URI> endpoint) {
    StsClientBuilder builder = StsClient.builder().region(Region.of(region)).credentialsProvider(credentials)
        .httpClientBuilder(UrlConnectionHttpClient.builder());
    endpoint.ifPresent(builder::endpointOverride);
    try (StsClient sts = builder.build()) {
      return sts.getCallerIdentity().account();
    } catch (SdkException e) {
      throw new PublishException("cannot tell which account the artifact buckets must belong to: STS "
          + "GetCallerIdentity in " + region + " failed (" + e.getMessage() + "); configure credentials, or give "
          + "-Dpublish.expectedBucketOwner=<account>", e);
    }
  }

  /** The regions given, without blanks. */
  private static List<String> targets(List<String> regions) {
    return regions.stream().map(String::strip).filter(r -> !r.isEmpty()).toList();
  }

  /** The account that must own the artifact buckets: the one given, or the caller's (STS, in the first region). */
  private static String bucketOwner(Main main, DefaultCredentialsProvider credentials, List<String> targets,
      String expected) {
    return expected.isBlank()
        ? callerAccount(credentials, targets.isEmpty() ? "us-east-1" : targets.get(0), stsEndpoint(main.env))
        : expected.strip();
  }

  /** {@code publish}: uploads dist/ to each region's artifact bucket. */
  @Command(name = "publish", mixinStandardHelpOptions = true,
      description = "Uploads what changed in dist/ to <bucket-prefix>-<region> and verifies each object.")
  static final class PublishCommand implements Callable<Integer> {
    private final Main main;

    @Option(names = "--dist", description = "The packaged folder (default: root-stack/target/dist).")
    Path dist;

    @Option(names = "--bucket-prefix", defaultValue = "",
        description = "Artifact buckets are <prefix>-<region>; empty: skip publishing.")
    String bucketPrefix;

    @Option(names = "--regions", split = ",", defaultValue = "us-east-1,us-west-2",
        description = "Regions to publish to (default: ${DEFAULT-VALUE}).")
    List<String> regions;

    @Option(names = "--endpoint", defaultValue = "",
        description = "S3 endpoint override (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, or AWS).")
    String endpoint;

    @Option(names = "--expected-bucket-owner", defaultValue = "",
        description = "Account that must own the artifact buckets, sent as ExpectedBucketOwner on every S3 call "
            + "(default: the publishing identity's account, from STS GetCallerIdentity).")
    String expectedBucketOwner;

    PublishCommand(Main main) {
      this.main = main;
    }

    @Override
    public Integer call() {
      Path folder = dist != null ? dist : RepoRoot.find().resolve("root-stack/target/dist");
      Manifest manifest = Manifest.read(folder);
      if (bucketPrefix.isBlank()) {
        main.out.println("publish skipped: no -Dpublish.bucketPrefix");
      } else {
        Optional<URI> override = endpoint(endpoint, main.env);
        override.ifPresent(uri -> main.out.println("S3 endpoint: " + uri + " (path-style)"));
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
          List<String> targets = targets(regions);
          String owner = bucketOwner(main, credentials, targets, expectedBucketOwner);
          main.out.println("expected bucket owner: " + owner);
          Publisher publisher = new Publisher(new Publisher.Settings(bucketPrefix.strip(), targets, override,
              owner, credentials, main.out));
          List<Publisher.RegionReport> reports = publisher.publish(folder);
          main.out.println("published to " + String.join(", ", reports.stream()
              .map(r -> "s3://" + r.bucket() + "/" + manifest.keyPrefix()).toList()));
        }
      }
      main.out.println("dist " + describe(folder, manifest));
      main.out.println("parameter overrides: " + manifest.parameterOverrides());
      return 0;
    }
  }

  /**
   * {@code verify}: downloads every object the local manifest names from each region's artifact
   * bucket, recomputes its SHA-256 and fails on any difference. Run before every deploy.
   */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Recomputes the SHA-256 of every object named in the local dist/manifest.json in "
          + "<bucket-prefix>-<region> and fails on any mismatch; uploads nothing.")
  static final class VerifyCommand implements Callable<Integer> {
    private final Main main;

    @Option(names = "--dist", description = "The packaged folder (default: root-stack/target/dist).")
    Path dist;

    @Option(names = "--bucket-prefix", defaultValue = "",
        description = "Artifact buckets are <prefix>-<region>; empty: skip verifying.")
    String bucketPrefix;

    @Option(names = "--regions", split = ",", defaultValue = "us-east-1,us-west-2",
        description = "Regions to verify (default: ${DEFAULT-VALUE}).")
    List<String> regions;

    @Option(names = "--endpoint", defaultValue = "",
        description = "S3 endpoint override (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, or AWS).")
    String endpoint;

    @Option(names = "--expected-bucket-owner", defaultValue = "",
        description = "Account that must own the artifact buckets (default: the identity's account, from STS).")
    String expectedBucketOwner;

    VerifyCommand(Main main) {
      this.main = main;
    }

    @Override
    public Integer call() {
      Path folder = dist != null ? dist : RepoRoot.find().resolve("root-stack/target/dist");
      Manifest manifest = Manifest.read(folder);
      if (bucketPrefix.isBlank()) {
        main.out.println("verify skipped: no -Dpublish.bucketPrefix");
        return 0;
      }
      Optional<URI> override = endpoint(endpoint, main.env);
      try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build()) {
        List<String> targets = targets(regions);
        Publisher publisher = new Publisher(new Publisher.Settings(bucketPrefix.strip(), targets, override,
            bucketOwner(main, credentials, targets, expectedBucketOwner), credentials, main.out));
        publisher.verify(folder);
        main.out.println("verified release " + manifest.release() + " in " + String.join(", ",
            targets.stream().map(r -> "s3://" + publisher.bucket(r) + "/" + manifest.keyPrefix()).toList()));
      }
      return 0;
    }
  }
}
