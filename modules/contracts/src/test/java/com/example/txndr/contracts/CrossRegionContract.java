package com.example.txndr.contracts;

import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import com.example.txndr.template.DeployedStack;
import com.example.txndr.template.Evaluator;
import com.example.txndr.template.JsonMatch;
import com.example.txndr.template.Nesting;
import com.example.txndr.template.PhysicalNames;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cross-region contract of a {@link Composition}: every name or ARN that a stack in one
 * region resolves which names another region (it contains that region's code, or it is a
 * token of a resource deployed there) must be exactly what some resource of the other region
 * creates (by the type rules of {@link PhysicalNames}); every IAM role or policy ARN, in any
 * region, must be a role or policy the system creates (IAM is global). A reference needed when
 * its resource is created (a replication destination, a replica key, a log destination's
 * stream, a backup copy vault, a Lambda role, an SSM value the peer-values custom resource
 * reads) must name a resource created earlier ({@link Composition#order}); a reference that is
 * only a name (IAM policies, metric dimensions, dashboards, environment variables, SSM values,
 * outputs, tags, DNS records) need not.
 *
 * <p>A string that names another region in a shape this contract does not know fails loudly.
 * Known shapes: the region code itself (or an availability zone), a service endpoint
 * ({@code s3.us-west-2.amazonaws.com}), an S3 bucket host name ({@code <bucket>.s3-accelerate.amazonaws.com}),
 * an ARN, a physical name ({@code [A-Za-z0-9_./:@+=,-]+}),
 * JSON text (parsed and checked inside), prose ({@code Description}, {@code markdown},
 * {@code title}, {@code label}). ARNs of other accounts or of AWS itself are external and skipped.
 */
final class CrossRegionContract {
  /** When the referenced resource must exist. */
  enum Need {
    /** When the referencing resource is created: the creator must come earlier. */
    AT_CREATION,
    /** Only as a name (permissions, metrics, values handed to code): no order. */
    NAME_ONLY
  }

  /**
   * One cross-region (or IAM) reference and what it resolves to: the resources that create it,
   * or the external resources (declared with a reason) that match it. A pattern is a policy
   * grant with a wildcard: it names a family, not one resource, so matching nothing is reported
   * but is not a mismatch.
   */
  record Reference(String from, String fromRegion, String where, String value, String target, String shape,
      Need need, List<DeployedResource> creators, List<String> external, boolean pattern, String problem,
      DeployedResource referrer) {
    boolean matched() {
      return problem == null;
    }

    /** ok, MISMATCH, or PATTERN for a wildcard grant that matches nothing. */
    String status() {
      return !matched() ? "MISMATCH" : pattern && creators.isEmpty() && external.isEmpty() ? "PATTERN" : "ok";
    }

    /** One line for the report. */
    String line() {
      List<String> to = new ArrayList<>(creators.stream().map(DeployedResource::id).toList());
      external.forEach(e -> to.add("external (" + e + ")"));
      return String.format("%-8s %s %s [%s -> %s, %s, %s]: %s => %s", status(), from, where, fromRegion, target,
          shape, need, value, to.isEmpty() ? "-" : String.join(", ", to));
    }
  }

  /** A resource the system relies on but does not create, declared with the reason. */
  record External(String scope, String type, String name, String arn, String reason) {}

  /** Something a resource creates in a region other than its own: a global table replica, an SSM value written there. */
  record RemoteCreation(DeployedResource creator, PhysicalNames.Identity identity) {}

  private record Created(PhysicalNames.Identity identity, DeployedResource creator, String external) {}

  private record Context(DeployedResource resource, DeployedStack stack, String where, String region) {}

  private static final String ACCOUNT = Evaluator.ACCOUNT_ID;
  private static final String PEER_VALUES = CustomResources.PEER_REGION_VALUES;
  private static final Pattern ARN = Pattern.compile("^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):([a-z0-9-]*):(.+)$");
  private static final Pattern IAM_ARN = Pattern.compile("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):(role|policy)/(.+)$");
  private static final Pattern BUCKET_HOST = Pattern.compile(
      "^(?:https://)?([a-z0-9][a-z0-9.-]+)\\.s3(?:-accelerate|\\.dualstack\\.[a-z0-9-]+|\\.[a-z0-9-]+)?\\.amazonaws\\.com/?$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_./:@+=,*?{}-]+$");
  private static final Pattern TOKEN = Pattern.compile("\\{\\{[^{}]+}}");
  private static final Set<String> PROSE = Set.of("Description", "AlarmDescription", "markdown", "title",
      "label", "Comment", "HostedZoneConfig");
  private static final Pattern POLICY = Pattern.compile(
      "(^|\\.)(PolicyDocument|KeyPolicy|AssumeRolePolicyDocument|AccessPolicy|DestinationPolicy|PolicyText"
          + "|ResourcePolicy|Policies)(\\.|\\[|\\(|$)");
  private static final Pattern NAME_ONLY_PATH = Pattern.compile(
      "(^|\\.)(Tags|Dimensions|Metrics|AlarmRule|DashboardBody|Variables|EventPattern|HealthCheckTags"
          + "|BackupVaultTags|BackupPlanTags|RecoveryPointTags|Write)(\\.|\\[|\\(|$)");

  private final Composition composition;
  private final Set<String> regions = new TreeSet<>();
  private final Map<String, List<Created>> byScope = new LinkedHashMap<>();
  private final List<Reference> references = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  private CrossRegionContract(Composition composition) {
    this.composition = composition;
  }

  /** Collects and resolves every cross-region reference of the composition. */
  static CrossRegionContract of(Composition composition) {
    return of(composition, List.of());
  }

  /** Collects and resolves every cross-region reference; {@code externals} exist before the system. */
  static CrossRegionContract of(Composition composition, List<External> externals) {
    CrossRegionContract contract = new CrossRegionContract(composition);
    composition.stacks().forEach(s -> contract.regions.add(s.region()));
    for (External e : externals) {
      contract.add(new Created(new PhysicalNames.Identity(e.scope(), e.type(), e.name(), e.arn()), null, e.reason()));
    }
    for (DeployedResource r : composition.resources()) {
      for (PhysicalNames.Identity identity : r.identities()) {
        contract.add(new Created(identity, r, null));
      }
      if (r.type().equals(PEER_VALUES)) {
        contract.peerValueWrites(r);
      }
    }
    for (DeployedStack stack : composition.stacks()) {
      contract.stackIdentity(stack);
    }
    for (DeployedResource r : composition.resources()) {
      contract.collect(r);
    }
    for (DeployedStack stack : composition.stacks()) {
      for (String name : iterable(stack.template().section("Outputs").fieldNames())) {
        JsonNode value = stack.output(name);
        contract.walk(value, "", new Context(null, stack, "Outputs." + name + ".Value", stack.region()));
      }
    }
    contract.peerValueAttributes();
    return contract;
  }

  /** Every reference found, in composition order. */
  List<Reference> references() {
    return List.copyOf(references);
  }

  /** The references of a status: ok, MISMATCH or PATTERN. */
  List<Reference> withStatus(String status) {
    return references.stream().filter(r -> r.status().equals(status)).toList();
  }

  /** Every reference that resolves to nothing the other side creates, and every unknown shape. */
  List<String> mismatches() {
    List<String> out = new ArrayList<>();
    references.stream().filter(r -> !r.matched()).forEach(r -> out.add(r.problem()));
    out.addAll(problems);
    return out;
  }

  /** Every reference needed at creation whose creator is not created before the referencing resource. */
  List<String> orderViolations() {
    List<String> out = new ArrayList<>();
    for (Reference ref : references) {
      if (ref.need() != Need.AT_CREATION || !ref.matched() || ref.referrer() == null) {
        continue;
      }
      for (DeployedResource creator : ref.creators()) {
        if (creator == ref.referrer()) {
          continue;
        }
        Composition.Order order = composition.order(creator, ref.referrer());
        if (!order.before()) {
          out.add(at(ref.referrer().stack(), ref.where()) + " needs " + creator.id() + " (" + creator.type()
              + " in " + creator.region() + ") when it is created, but that is not created before it: "
              + order.explanation() + ". Fix: make the referencing side depend on the creating side, or"
              + " create the reference only when PeerRegionDeployed is true");
        }
      }
    }
    return out;
  }

  /**
   * Every StackSet whose administration or execution role is created by the same deployment
   * (the same step) as the StackSet. Ordering inside one stack is not enough for these two:
   * IAM may not have propagated a new role's trust policy when the first stack-set operation
   * assumes it, and the retry then meets the stack set the failed attempt already created
   * (deploy review D4). They must come from an earlier step (the bootstrap).
   */
  List<String> stackSetRolesNotFromEarlierDeployments() {
    List<String> out = new ArrayList<>();
    for (Reference ref : references) {
      if (ref.referrer() == null || !ref.referrer().type().equals(Nesting.STACK_SET)
          || !(ref.where().endsWith(".AdministrationRoleARN") || ref.where().endsWith(".ExecutionRoleName"))) {
        continue;
      }
      for (DeployedResource creator : ref.creators()) {
        if (creator.stack().step() >= ref.referrer().stack().step()) {
          out.add(at(ref.referrer().stack(), ref.where()) + " names " + creator.id() + ", which the same deployment"
              + " creates: IAM may not have propagated its trust policy when the first stack-set operation starts,"
              + " and a retry then meets the stack set that already exists. Fix: create the StackSet roles in a"
              + " deployment that completes before this one (the bootstrap in the primary region, ADR 6) and name"
              + " them by their deterministic names");
        }
      }
    }
    return out;
  }

  /**
   * What resources create in a region other than their own, by region: a global
   * table's replicas, the SSM parameters a peer-values resource writes in the peer region. The
   * stacks a StackSet deploys are left out (they are nesting, not a resource of the other region).
   */
  List<RemoteCreation> remoteCreations() {
    List<RemoteCreation> out = new ArrayList<>();
    for (Map.Entry<String, List<Created>> scope : byScope.entrySet()) {
      for (Created c : scope.getValue()) {
        if (c.creator() != null && !scope.getKey().equals(PhysicalNames.GLOBAL)
            && !scope.getKey().equals(c.creator().region()) && !c.identity().type().equals(Nesting.STACK)) {
          out.add(new RemoteCreation(c.creator(), c.identity()));
        }
      }
    }
    return out;
  }

  /** Physical names or ARNs that more than one resource creates in the same scope. */
  List<String> duplicates() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<Created>> scope : byScope.entrySet()) {
      Map<String, Set<String>> creators = new LinkedHashMap<>();
      for (Created c : scope.getValue()) {
        if (c.creator() == null) {
          continue;
        }
        String key = c.identity().arn() != null ? c.identity().arn()
            : c.identity().type() + " " + c.identity().name();
        creators.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(c.creator().id());
      }
      creators.forEach((key, ids) -> {
        if (ids.size() > 1) {
          out.add(scope.getKey() + ": " + key + " is created by " + String.join(" and ", ids)
              + ". Fix: create it in one place (retained resources collide on the second create)");
        }
      });
    }
    return out;
  }

  /**
   * A nested stack or StackSet instance as CloudFormation names it ({@code <parent>-<Id>-<suffix>},
   * {@code StackSet-<name>-<id>}), for policies that grant on stacks; made by its container.
   */
  private void stackIdentity(DeployedStack stack) {
    if (stack.parent() == null) {
      return;
    }
    DeployedResource container = stack.parent().resource(stack.container()).orElseThrow();
    String name = container.type().equals(Nesting.STACK_SET)
        ? "StackSet-" + container.property("StackSetName").asText(stack.container()) + "-{{id}}"
        : stackName(stack.parent()) + "-" + stack.container() + "-{{suffix}}";
    add(new Created(new PhysicalNames.Identity(stack.region(), Nesting.STACK, name,
        "arn:aws:cloudformation:" + stack.region() + ":" + ACCOUNT + ":stack/" + name + "/{{id}}"), container, null));
  }

  private static String stackName(DeployedStack stack) {
    if (stack.parent() == null) {
      return stack.path();
    }
    return Nesting.STACK_SET.equals(stack.parent().template().typeOf(stack.container()))
        ? "StackSet-" + stack.container() + "-{{id}}" : stackName(stack.parent()) + "-" + stack.container() + "-{{suffix}}";
  }

  private void add(Created created) {
    byScope.computeIfAbsent(created.identity().scope(), k -> new ArrayList<>()).add(created);
  }

  private void collect(DeployedResource r) {
    JsonNode properties = r.properties();
    Context context = new Context(r, r.stack(), "Resources." + r.logicalId() + ".Properties", r.region());
    String type = r.type();
    if (type.equals(Nesting.STACK) || type.equals(Nesting.STACK_SET)) {
      // Parameters reach the child, where they are checked where they are used.
      for (String key : List.of("AdministrationRoleARN", "ExecutionRoleName")) {
        if (properties.has(key)) {
          String value = properties.get(key).asText();
          walk(JsonMatch.toNode(key.equals("ExecutionRoleName") ? "arn:aws:iam::" + ACCOUNT + ":role/" + value : value),
              key, context);
        }
      }
      return;
    }
    if (type.equals(PEER_VALUES)) {
      peerValueReads(r);
      for (String key : iterable(properties.fieldNames())) {
        if (!Set.of("Region", "ParameterPrefix", "Read", "ServiceToken").contains(key)) {
          walk(properties.get(key), key, context);
        }
      }
      return;
    }
    if (type.startsWith("Custom::") || type.equals("AWS::CloudFormation::CustomResource")) {
      Set<String> named = new TreeSet<>();
      for (String region : regions) {
        if (!region.equals(r.region()) && properties.toString().contains(region)) {
          named.add(region);
        }
      }
      if (!named.isEmpty()) {
        problems.add(at(r.stack(), context.where()) + ": custom resource of type " + type + " names " + named
            + ", but the contract has no model of what it reads or writes there. Fix: model the type in "
            + CrossRegionContract.class.getSimpleName() + " (as " + PEER_VALUES + " is)");
        return;
      }
    }
    walk(properties, "", context);
  }

  private void walk(JsonNode node, String path, Context context) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : iterable(node.fields())) {
        if (!PROSE.contains(e.getKey())) {
          walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), context);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", context);
      }
    } else if (node.isTextual()) {
      examine(node.asText(), path, context);
    }
  }

  private void examine(String text, String path, Context context) {
    String trimmed = text.trim();
    if (trimmed.startsWith("{") && !trimmed.startsWith("{{") || trimmed.startsWith("[")) {
      JsonNode parsed = parse(text);
      if (parsed != null) {
        walk(parsed, path + "(json)", context);
        return;
      }
    }
    boolean crossRegionToken = false;
    for (String token : Composition.tokens(text)) {
      DeployedResource target = composition.resource(token).orElse(null);
      if (target == null || PhysicalNames.isGlobal(target.type()) || target.region().equals(context.region())) {
        continue;
      }
      crossRegionToken = true;
      record(context, path, text, target.region(), "value of " + target.id(), List.of(target), null);
    }
    String shape = TOKEN.matcher(text).replaceAll("{{}}");
    Matcher iam = IAM_ARN.matcher(shape);
    if (iam.matches()) {
      iamReference(text, iam, path, context);
      return;
    }
    if (crossRegionToken) {
      return;
    }
    for (String other : regions) {
      if (!other.equals(context.region()) && shape.contains(other)) {
        classify(text, shape, other, path, context);
      }
    }
  }

  private void classify(String text, String shape, String other, String path, Context context) {
    if (shape.equals(other) || shape.matches(Pattern.quote(other) + "[a-z]")) {
      return; // a region value or an availability zone, not a resource
    }
    Matcher bucketHost = BUCKET_HOST.matcher(shape);
    if (bucketHost.matches()) {
      String bucketArn = "arn:aws:s3:::" + bucketHost.group(1);
      List<Created> found = matching(other, c -> c.identity().type().equals("AWS::S3::Bucket")
          && bucketArn.equals(c.identity().arn()));
      record(context, path, text, other, "s3 bucket host name", found, false, "a bucket host name", true,
          CrossRegionContract::isBucket);
      return;
    }
    if (shape.matches("^(https?://)?([a-z0-9-]+\\.)+" + Pattern.quote(other) + "\\.amazonaws\\.com(\\.cn)?/?$")
        && !shape.contains("{{}}")) {
      return; // a service endpoint or principal, e.g. s3.us-west-2.amazonaws.com
    }
    Matcher arn = ARN.matcher(shape);
    if (arn.matches()) {
      arnReference(text, arn, other, path, context);
      return;
    }
    if (NAME.matcher(shape).matches()) {
      boolean pattern = isPattern(text, path);
      List<Created> found = matching(other, c -> matches(c.identity().name(), text, pattern));
      found.addAll(matching(PhysicalNames.GLOBAL, c -> matches(c.identity().name(), text, pattern)));
      record(context, path, text, other, "name", found, pattern, "a name", true);
      return;
    }
    problems.add(at(context.stack(), join(context.where(), path)) + ": \"" + text + "\" names " + other
        + " in a shape the contract does not know (not a region, endpoint, ARN, name or JSON)."
        + " Fix: teach " + CrossRegionContract.class.getSimpleName() + " the shape, or write the value as one");
  }

  private void arnReference(String text, Matcher arn, String other, String path, Context context) {
    String service = arn.group(1);
    String region = arn.group(2);
    String account = arn.group(3);
    if (!account.isEmpty() && !account.equals(ACCOUNT) || account.isEmpty() && !service.equals("s3") && !region.isEmpty()) {
      return; // another account's or AWS's own resource (a public SSM parameter, a layer)
    }
    if (service.equals("s3")) {
      // A bucket or objects in it: the bucket part must be a bucket of the other region.
      String bucketArn = "arn:aws:s3:::" + text.substring(text.indexOf(":::") + 3).split("/", 2)[0];
      boolean pattern = isPattern(bucketArn, path);
      List<Created> found = matching(other, c -> c.identity().type().equals("AWS::S3::Bucket")
          && matches(c.identity().arn(), bucketArn, pattern));
      record(context, path, text, other, "s3 ARN", found, pattern, "an ARN", false, CrossRegionContract::isBucket);
    } else if (region.equals(other)) {
      boolean pattern = isPattern(text, path);
      List<Created> found = matching(other, c -> matches(c.identity().arn(), text, pattern)
          || policy(path) && service.equals("ssm") && c.identity().arn() != null
          && c.identity().arn().startsWith(text + "/"));
      record(context, path, text, other, service + " ARN", found, pattern, "an ARN", false, sameService(service));
    } else if (region.isEmpty()) {
      boolean pattern = isPattern(text, path);
      List<Created> found = matching(PhysicalNames.GLOBAL, c -> matches(c.identity().arn(), text, pattern));
      record(context, path, text, PhysicalNames.GLOBAL, service + " ARN", found, pattern, "an ARN", false,
          sameService(service));
    }
    // else: an ARN in yet another region that merely mentions this one in its name
  }

  private void iamReference(String text, Matcher iam, String path, Context context) {
    if (!iam.group(1).equals(ACCOUNT) || iam.group(3).startsWith("aws-service-role/")) {
      return; // AWS managed policies and service-linked roles
    }
    String type = iam.group(2).equals("role") ? "AWS::IAM::Role" : "AWS::IAM::ManagedPolicy";
    boolean pattern = isPattern(text, path);
    List<Created> found = matching(PhysicalNames.GLOBAL, c -> c.identity().type().equals(type)
        && matches(c.identity().arn(), text, pattern));
    record(context, path, text, PhysicalNames.GLOBAL, "IAM " + iam.group(2) + " ARN", found, pattern,
        "an IAM " + iam.group(2), false, c -> c.identity().type().equals(type));
  }

  /** Custom::PeerRegionValues: each Read name is the SSM parameter {ParameterPrefix}/{name} in Region. */
  private void peerValueReads(DeployedResource r) {
    JsonNode p = r.properties();
    String region = p.path("Region").asText();
    String prefix = p.path("ParameterPrefix").asText();
    JsonNode read = p.path("Read");
    Context context = new Context(r, r.stack(), "Resources." + r.logicalId() + ".Properties", r.region());
    for (int i = 0; i < read.size(); i++) {
      String name = prefix + "/" + read.get(i).asText();
      List<Created> found = matching(region, c -> c.identity().type().equals("AWS::SSM::Parameter")
          && name.equals(c.identity().name()));
      record(context, "Read[" + i + "]", name, region, "SSM parameter read", found, false, "an SSM parameter", true,
          c -> c.identity().type().equals("AWS::SSM::Parameter"));
    }
  }

  /** Custom::PeerRegionValues: each Write entry creates {ParameterPrefix}/peer/{name} in Region. */
  private void peerValueWrites(DeployedResource r) {
    JsonNode p = r.properties();
    String region = p.path("Region").asText();
    for (String key : iterable(p.path("Write").fieldNames())) {
      String name = p.path("ParameterPrefix").asText() + "/peer/" + key;
      add(new Created(new PhysicalNames.Identity(region, "AWS::SSM::Parameter", name,
          "arn:aws:ssm:" + region + ":" + ACCOUNT + ":parameter/" + name.replaceFirst("^/", "")), r, null));
    }
  }

  /** Every GetAtt of a peer-values resource names an attribute it returns (one per Read name). */
  private void peerValueAttributes() {
    for (DeployedResource r : composition.resources()) {
      if (!r.type().equals(PEER_VALUES)) {
        continue;
      }
      Set<String> returned = new TreeSet<>();
      r.properties().path("Read").forEach(n -> returned.add(CustomResources.attributeName(n.asText())));
      String prefix = "{{" + r.id() + ".";
      for (DeployedResource other : composition.resources()) {
        JsonNode properties = other.properties();
        String text = properties.toString();
        int i = text.indexOf(prefix);
        while (i >= 0) {
          String attribute = text.substring(i + prefix.length(), text.indexOf("}}", i));
          if (!returned.contains(attribute)) {
            problems.add(other.id() + " reads " + r.id() + "." + attribute + ", which " + r.logicalId()
                + " does not return: it returns " + returned + " (one attribute per Read name)."
                + " Fix: add the SSM name to Read or correct the attribute");
          }
          i = text.indexOf(prefix, i + 1);
        }
      }
    }
  }

  private void record(Context context, String path, String value, String target, String shape,
      List<DeployedResource> creators, String problem) {
    references.add(new Reference(context.stack().path(), context.region(), join(context.where(), path), value, target,
        shape, need(context, path), List.copyOf(creators), List.of(), false, problem, context.resource()));
  }

  private void record(Context context, String path, String value, String target, String shape, List<Created> found,
      boolean pattern, String what, boolean byName) {
    record(context, path, value, target, shape, found, pattern, what, byName, c -> true);
  }

  private void record(Context context, String path, String value, String target, String shape, List<Created> found,
      boolean pattern, String what, boolean byName, java.util.function.Predicate<Created> sameKind) {
    List<DeployedResource> creators = new ArrayList<>();
    List<String> external = new ArrayList<>();
    for (Created c : found) {
      if (c.creator() == null) {
        external.add(c.external());
      } else if (!creators.contains(c.creator())) {
        creators.add(c.creator());
      }
    }
    String problem = found.isEmpty() && !pattern
        ? notCreated(context, path, value, what, target, candidates(target, value, byName, sameKind)) : null;
    references.add(new Reference(context.stack().path(), context.region(), join(context.where(), path), value, target,
        shape, need(context, path), creators, external, pattern, problem, context.resource()));
  }

  private static Need need(Context context, String path) {
    if (context.resource() == null || policy(path) || NAME_ONLY_PATH.matcher(path).find()) {
      return Need.NAME_ONLY;
    }
    String type = context.resource().type();
    if (type.startsWith("AWS::Route53::") || type.equals("AWS::SSM::Parameter") && path.equals("Value")) {
      return Need.NAME_ONLY;
    }
    return Need.AT_CREATION;
  }

  private static boolean policy(String path) {
    return POLICY.matcher(path).find();
  }

  private List<Created> matching(String scope, java.util.function.Predicate<Created> test) {
    List<Created> out = new ArrayList<>();
    for (Created c : byScope.getOrDefault(scope, List.of())) {
      if (test.test(c)) {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean isBucket(Created c) {
    return c.identity().type().equals("AWS::S3::Bucket");
  }

  private static java.util.function.Predicate<Created> sameService(String service) {
    return c -> c.identity().arn() != null && c.identity().arn().startsWith("arn:aws:" + service + ":");
  }

  /** A policy grant with a wildcard: a family of resources, not one derived name. */
  private static boolean isPattern(String reference, String path) {
    return policy(path) && (reference.contains("*") || reference.contains("?"));
  }

  /** Exact equality; in a pattern, {@code *} and {@code ?} are wildcards. */
  private static boolean matches(String created, String reference, boolean pattern) {
    if (created == null) {
      return false;
    }
    if (created.equals(reference)) {
      return true;
    }
    if (!pattern) {
      return false;
    }
    StringBuilder regex = new StringBuilder();
    for (char ch : reference.toCharArray()) {
      regex.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
    }
    return created.matches(regex.toString());
  }

  private String notCreated(Context context, String path, String value, String what, String target,
      List<String> candidates) {
    String where = target.equals(PhysicalNames.GLOBAL) ? "the system (IAM and Route 53 are global)" : target;
    return at(context.stack(), join(context.where(), path)) + ": \"" + value + "\" is " + what + " in " + target
        + ", but nothing in " + where + " creates it"
        + (candidates.isEmpty() ? "" : "; the nearest there: " + candidates)
        + ". Fix: derive the name by the rule of the template that creates it (docs/conventions.md)";
  }

  /** Up to three created names or ARNs of the same kind in the scope, nearest to the value first. */
  private List<String> candidates(String scope, String value, boolean names, java.util.function.Predicate<Created> sameKind) {
    Set<String> all = new TreeSet<>();
    for (Created c : byScope.getOrDefault(scope, List.of())) {
      String v = names ? c.identity().name() : c.identity().arn();
      if (v != null && sameKind.test(c) && !c.identity().type().equals(Nesting.STACK)) {
        all.add(v);
      }
    }
    return all.stream().sorted(Comparator.comparingInt((String v) -> distance(v, value)).thenComparing(v -> v))
        .limit(3).toList();
  }

  /** Levenshtein distance: the fewest single-character edits from one text to the other. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String at(DeployedStack stack, String where) {
    return stack.path() + " (" + stack.template().name() + " in " + stack.region() + "): " + where;
  }

  private static String join(String a, String b) {
    if (b.isEmpty()) {
      return a;
    }
    return b.startsWith("[") ? a + b : a + "." + b;
  }

  private static JsonNode parse(String text) {
    try {
      return JsonMatch.json(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
