package com.example.txndr.contracts;

import com.example.txndr.contracts.IamPolicy.Decision;
import com.example.txndr.contracts.IamPolicy.Principal;
import com.example.txndr.contracts.IamPolicy.Reading;
import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import com.example.txndr.template.Evaluator;
import com.example.txndr.template.PhysicalNames;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The security contract of a {@link Composition}, each rule evaluated on the policies as
 * deployed (intrinsics resolved), with {@link Reading#ACCESS_ASSUMED}: a condition this
 * contract cannot evaluate counts as met by an Allow and as not met by a Deny, so a path is
 * reported unless the policies surely close it.
 *
 * <ol>
 *   <li><b>Runtime roles stay out of the controls.</b> No role a service assumes (its trust names
 *       a service principal) may change IAM, Lambda code or configuration, key policies or key
 *       state, or write the lease-protocol items (the control table, and the fence, heartbeat and
 *       drain items mirrored in the transactions table), except the roles of the
 *       {@link #CONTROL_WRITERS} for those items (docs/adr/0007).
 *   <li><b>Confused deputy.</b> Every trust statement for a service principal carries one of
 *       {@link #DEPUTY_KEYS}, unless the service is in {@link #DEPUTY_EXCEPTIONS} with the reason.
 *   <li><b>Keys.</b> Every KMS key policy explicitly denies {@link #DESTRUCTIVE_KEY_ACTIONS} to a
 *       principal of the account other than the key administrator (the stack's
 *       {@value #KEY_ADMINISTRATOR} parameter), spares the administrator, and denies everyone a
 *       deletion window under 30 days.
 *   <li><b>Least privilege.</b> A Lambda execution role allows no action its function's code
 *       does not call ({@link CodeActions}, the list kept current by {@code CodeActionsTest}),
 *       beyond what the Lambda service itself does with the role ({@link #runtimeNeeds}); no
 *       runtime grant uses a wildcard action.
 *   <li><b>StackSet scope.</b> The StackSet execution role names no resource outside the
 *       secondary region (or a global service) and this project ({@code <project>-<env>} in the
 *       name, or a tag condition), and a {@code *} resource only for an action listed in
 *       {@link #UNSCOPED_ACTIONS}.
 * </ol>
 */
final class SecurityContract {
  static final String KEY_ADMINISTRATOR = "KeyAdministratorRoleName";
  /** The handlers whose roles write the lease-protocol items (ADR 7). */
  static final Set<String> CONTROL_WRITERS = Set.of(
      "com.example.txndr.lambda.keeper.LeaseKeeperHandler::handleRequest",
      "com.example.txndr.lambda.failover.FailoverOrchestratorHandler::handleRequest");
  /** Sample keys of the lease-protocol items (store/TableLayout). */
  static final List<String> CONTROL_KEYS = List.of("LEASE", "LEASE#us-east-1#0", "HEARTBEAT#us-east-1",
      "DRAIN#1#m", "KEEPER#us-east-1", "EPOCHS", "NOTICE#1");
  static final List<String> ITEM_WRITES = List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete");
  static final List<String> IAM_CHANGES = List.of("iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy",
      "iam:UpdateAssumeRolePolicy", "iam:CreatePolicyVersion", "iam:PassRole", "iam:CreateAccessKey",
      "iam:DeleteRolePolicy", "iam:DetachRolePolicy");
  static final List<String> CODE_CHANGES = List.of("lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration",
      "lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig", "lambda:AddPermission",
      "lambda:PublishVersion", "lambda:UpdateAlias", "lambda:DeleteFunctionCodeSigningConfig",
      "lambda:PutFunctionCodeSigningConfig");
  static final List<String> DESTRUCTIVE_KEY_ACTIONS = List.of("kms:ScheduleKeyDeletion", "kms:DisableKey",
      "kms:DisableKeyRotation", "kms:PutKeyPolicy");
  static final List<String> KEY_CHANGES = List.of("kms:ScheduleKeyDeletion", "kms:DisableKey",
      "kms:DisableKeyRotation", "kms:PutKeyPolicy", "kms:CreateGrant", "kms:UpdateAlias", "kms:DeleteAlias");
  static final Set<String> DEPUTY_KEYS = Set.of("aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid",
      "aws:sourceorgpaths", "sts:externalid");
  /** Services whose role assumption AWS documents no confused-deputy condition for, with the reason (ADR 10). */
  static final Map<String, String> DEPUTY_EXCEPTIONS = Map.of(
      "s3.amazonaws.com", "S3 replication: AWS documents no source condition for S3 assuming a replication role, and"
          + " a condition S3 does not send stops replication silently; iam:PassRole to s3 is the guard",
      "backup.amazonaws.com", "AWS Backup: no source condition is documented for its service role; iam:PassRole to"
          + " backup is the guard");
  /**
   * Mutating actions the StackSet execution role may hold on {@code *}: the Service Authorization
   * Reference lists no resource type for them ("you must specify all resources"). Read-only actions
   * (List, Describe, Get) on {@code *} are allowed for the same reason.
   */
  static final Map<String, String> UNSCOPED_ACTIONS = Map.of(
      "kms:CreateKey", "no resource type: the key's ARN exists only after creation",
      "route53:CreateHealthCheck", "no resource type: health-check IDs are assigned at creation",
      "acm:RequestCertificate", "no resource type: certificate ARNs are assigned at creation",
      "logs:CreateLogDelivery", "vended-log delivery for API Gateway access logs: no resource type",
      "logs:UpdateLogDelivery", "vended-log delivery for API Gateway access logs: no resource type",
      "logs:DeleteLogDelivery", "vended-log delivery for API Gateway access logs: no resource type",
      "logs:PutResourcePolicy", "CloudWatch Logs resource policies: no resource type",
      "cloudformation:ValidateTemplate", "no resource type",
      "backup-storage:MountCapsule", "AWS Backup's documented vault-creation permission: no resource type");
  /**
   * Resources of the secondary region whose ARNs cannot carry the project's name (their IDs are
   * assigned by AWS), with what bounds them instead.
   */
  static final Map<String, String> UNNAMEABLE = Map.ofEntries(
      Map.entry("kms:key/*", "key IDs are random; each key's policy denies destruction and policy changes to all but"
          + " the key administrator and the deployers (ADR 9)"),
      Map.entry("acm:certificate/*", "certificate IDs are random"),
      Map.entry("apigateway:/apis", "API IDs are random"),
      Map.entry("apigateway:/apis/*", "API IDs are random"),
      Map.entry("apigateway:/domainnames", "custom domain names are the account's"),
      Map.entry("apigateway:/domainnames/*", "custom domain names are the account's"),
      Map.entry("apigateway:/tags/*", "tags of the APIs above"),
      Map.entry("route53:healthcheck/*", "health-check IDs are random and Route 53 has no tag condition keys;"
          + " changes page (security-health-checks rule, ADR 13)"),
      Map.entry("route53:change/*", "change IDs are random (GetChange only)"),
      Map.entry("backup:backup-plan:*", "backup-plan IDs are random"),
      Map.entry("ec2:*", "EC2 resource IDs are random (the secondary's network, ADR 5); the region is the"
          + " secondary's"));

  private static final String ACCOUNT = Evaluator.ACCOUNT_ID;
  private static final Pattern ARN = Pattern.compile("^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]*):([0-9]*|aws|\\*):(.+)$");
  private static final String STRANGER = "arn:aws:iam::" + ACCOUNT + ":role/PowerUser";

  private final Composition composition;
  private final CodeActionsList code;
  private final String secondary;
  private final Map<String, DeployedResource> roles = new LinkedHashMap<>();
  private final Map<String, DeployedResource> managedPolicies = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();

  /** What each handler's code calls. */
  interface CodeActionsList {
    Optional<SortedSet<String>> actions(String handler);
  }

  private SecurityContract(Composition composition, CodeActionsList code, String secondary) {
    this.composition = composition;
    this.code = code;
    this.secondary = secondary;
  }

  /** The contract over a composition whose StackSet deploys to {@code secondary}. */
  static SecurityContract of(Composition composition, CodeActionsList code, String secondary) {
    SecurityContract contract = new SecurityContract(composition, code, secondary);
    contract.index();
    contract.runtimeRolesStayOutOfTheControls();
    contract.serviceTrustsNameTheirCaller();
    contract.keysDenyDestructionButToTheirAdministrator();
    contract.runtimeGrantsAreCalledByTheCode();
    contract.stackSetExecutionRoleStaysInItsScope();
    return contract;
  }

  List<String> violations() {
    return violations;
  }

  private JsonNode properties(DeployedResource resource) {
    return composition.physical(resource.properties());
  }

  private static Optional<String> arn(DeployedResource resource) {
    return resource.identities().stream().map(PhysicalNames.Identity::arn).filter(a -> a != null).findFirst();
  }

  private void index() {
    for (DeployedResource r : composition.resources()) {
      switch (r.type()) {
        case "AWS::IAM::Role" -> arn(r).ifPresent(a -> roles.put(a, r));
        case "AWS::IAM::ManagedPolicy" -> arn(r).ifPresent(a -> managedPolicies.put(a, r));
        default -> { }
      }
    }
  }

  /** The role's identity policies: inline, managed ones of the system, and IAM::Policy/RolePolicy resources naming it. */
  private List<IamPolicy> identityPolicies(DeployedResource role) {
    JsonNode p = properties(role);
    String name = p.path("RoleName").asText();
    List<IamPolicy> out = new ArrayList<>();
    for (JsonNode inline : p.path("Policies")) {
      out.add(new IamPolicy(role.id() + " " + inline.path("PolicyName").asText(), inline.path("PolicyDocument")));
    }
    for (JsonNode managed : p.path("ManagedPolicyArns")) {
      DeployedResource policy = managedPolicies.get(managed.asText());
      if (policy != null) {
        out.add(new IamPolicy(policy.id(), properties(policy).path("PolicyDocument")));
      }
    }
    for (DeployedResource r : composition.resources()) {
      JsonNode rp = properties(r);
      boolean names = switch (r.type()) {
        case "AWS::IAM::ManagedPolicy", "AWS::IAM::Policy" -> contains(rp.path("Roles"), name);
        case "AWS::IAM::RolePolicy" -> rp.path("RoleName").asText().equals(name);
        default -> false;
      };
      if (names && !out.stream().anyMatch(x -> x.name().equals(r.id()))) {
        out.add(new IamPolicy(r.id(), rp.path("PolicyDocument")));
      }
    }
    return out;
  }

  private static boolean contains(JsonNode list, String value) {
    return IamPolicy.list(list).stream().anyMatch(n -> n.asText().equals(value));
  }

  private static Set<String> trustedServices(JsonNode role) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode s : IamPolicy.list(role.path("AssumeRolePolicyDocument").path("Statement"))) {
      IamPolicy.list(s.path("Principal").path("Service")).forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private Map<String, List<String>> context(String roleArn, String region) {
    Map<String, List<String>> context = new LinkedHashMap<>();
    context.put("aws:principalarn", List.of(roleArn));
    context.put("aws:principalaccount", List.of(ACCOUNT));
    context.put("aws:calledvia", List.of());
    if (!region.isEmpty()) {
      context.put("aws:requestedregion", List.of(region));
    }
    context.put("kms:calleraccount", List.of(ACCOUNT));
    context.put("kms:grantisforawsresource", List.of("false"));
    context.put("kms:schedulekeydeletionpendingwindowindays", List.of("30"));
    return context;
  }

  /** Whether the role's identity policies (and the resource's policy, when given) let it make the request. */
  private boolean reaches(String roleArn, List<IamPolicy> identity, String action, String resource, String region,
      Map<String, List<String>> extra, IamPolicy resourcePolicy) {
    Map<String, List<String>> context = context(roleArn, region);
    context.putAll(extra);
    Principal principal = Principal.role(roleArn);
    boolean denied = false;
    boolean allowed = false;
    for (IamPolicy policy : identity) {
      Decision d = policy.decide(principal, action, resource, context, Reading.ACCESS_ASSUMED);
      denied |= d.denied();
      allowed |= d.allowed();
    }
    if (resourcePolicy != null) {
      Decision byResource = resourcePolicy.decide(Principal.roleItself(roleArn), action, resource, context,
          Reading.ACCESS_ASSUMED);
      Decision delegated = resourcePolicy.decide(Principal.role("arn:aws:iam::" + ACCOUNT + ":root"), action,
          resource, context, Reading.ACCESS_ASSUMED);
      denied |= byResource.denied() || delegated.denied();
      allowed = byResource.allowed() || (delegated.allowed() && allowed);
    }
    return allowed && !denied;
  }

  private String handlerOfRole(String roleArn) {
    for (DeployedResource f : composition.resources()) {
      if (f.type().equals("AWS::Lambda::Function") && properties(f).path("Role").asText().equals(roleArn)) {
        return properties(f).path("Handler").asText();
      }
    }
    return "";
  }

  private void runtimeRolesStayOutOfTheControls() {
    List<String> functions = new ArrayList<>();
    List<DeployedResource> keys = new ArrayList<>();
    Set<String> tables = new LinkedHashSet<>();
    for (DeployedResource r : composition.resources()) {
      switch (r.type()) {
        case "AWS::Lambda::Function" -> arn(r).ifPresent(functions::add);
        case "AWS::KMS::Key" -> keys.add(r);
        case "AWS::DynamoDB::GlobalTable", "AWS::DynamoDB::Table" -> {
          String table = properties(r).path("TableName").asText();
          Set<String> regions = new LinkedHashSet<>(List.of(r.region()));
          properties(r).path("Replicas").forEach(rep -> regions.add(rep.path("Region").asText()));
          regions.forEach(region -> tables.add("arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + table));
        }
        default -> { }
      }
    }
    roles.forEach((roleArn, role) -> {
      JsonNode p = properties(role);
      if (trustedServices(p).isEmpty()) {
        return;
      }
      List<IamPolicy> identity = identityPolicies(role);
      String name = p.path("RoleName").asText();
      for (String action : IAM_CHANGES) {
        for (String target : List.of(roleArn, "arn:aws:iam::" + ACCOUNT + ":role/" + name + "-escalated")) {
          if (reaches(roleArn, identity, action, target, "", Map.of(), null)) {
            violations.add(role.id() + " (" + name + ") may " + action + " on " + target + ": a runtime role must not"
                + " change IAM. Fix: remove the grant");
          }
        }
      }
      for (String function : functions) {
        for (String action : CODE_CHANGES) {
          if (reaches(roleArn, identity, action, function, region(function), Map.of(), null)) {
            violations.add(role.id() + " (" + name + ") may " + action + " on " + function + ": a runtime role must"
                + " not change Lambda code or configuration. Fix: remove the grant");
          }
        }
      }
      for (DeployedResource key : keys) {
        String keyArn = arn(key).orElse(key.id());
        IamPolicy keyPolicy = new IamPolicy(key.id() + " KeyPolicy", properties(key).path("KeyPolicy"));
        for (String action : KEY_CHANGES) {
          if (reaches(roleArn, identity, action, keyArn, key.region(), Map.of(), keyPolicy)) {
            violations.add(role.id() + " (" + name + ") may " + action + " on " + key.id() + " (" + keyArn + "): a"
                + " runtime role must not change a key's policy, state, grants or aliases. Fix: remove the grant");
          }
        }
      }
      boolean writer = CONTROL_WRITERS.contains(handlerOfRole(roleArn));
      if (writer) {
        return;
      }
      for (String table : tables) {
        for (String key : CONTROL_KEYS) {
          for (String action : ITEM_WRITES) {
            if (reaches(roleArn, identity, action, table, region(table),
                Map.of("dynamodb:leadingkeys", List.of(key)), null)) {
              violations.add(role.id() + " (" + name + ") may " + action + " item " + key + " in " + table + ": only"
                  + " the lease keeper and the orchestrator write the lease-protocol items. Fix: deny it");
              break;
            }
          }
        }
      }
    });
  }

  private static String region(String arn) {
    Matcher m = ARN.matcher(arn);
    return m.matches() ? m.group(2) : "";
  }

  private void serviceTrustsNameTheirCaller() {
    roles.forEach((roleArn, role) -> {
      for (JsonNode s : IamPolicy.list(properties(role).path("AssumeRolePolicyDocument").path("Statement"))) {
        List<String> services = IamPolicy.list(s.path("Principal").path("Service")).stream().map(JsonNode::asText)
            .toList();
        if (services.isEmpty() || !"Allow".equals(s.path("Effect").asText())) {
          continue;
        }
        Set<String> keys = new LinkedHashSet<>();
        s.path("Condition").fields().forEachRemaining(op -> op.getValue().fieldNames()
            .forEachRemaining(k -> keys.add(k.toLowerCase(Locale.ROOT))));
        keys.retainAll(DEPUTY_KEYS);
        for (String service : services) {
          if (keys.isEmpty() && !DEPUTY_EXCEPTIONS.containsKey(service)) {
            violations.add(role.id() + " trusts " + service + " without a confused-deputy condition (one of "
                + new TreeSet<>(DEPUTY_KEYS) + "). Fix: add aws:SourceAccount (and aws:SourceArn where the"
                + " service documents it) to the trust statement");
          }
        }
      }
    });
  }

  private void keysDenyDestructionButToTheirAdministrator() {
    for (DeployedResource key : composition.resources()) {
      if (!key.type().equals("AWS::KMS::Key")) {
        continue;
      }
      String keyArn = arn(key).orElse(key.id());
      IamPolicy policy = new IamPolicy(key.id() + " KeyPolicy", properties(key).path("KeyPolicy"));
      String admin = parameter(key, KEY_ADMINISTRATOR);
      if (admin.isEmpty()) {
        violations.add(key.id() + ": its stack has no " + KEY_ADMINISTRATOR + " parameter, so no key policy can name"
            + " who alone may destroy the key. Fix: add the parameter and the Deny statements (docs/adr/0009)");
        continue;
      }
      // "none": nobody may destroy the key until a stack update names an administrator.
      boolean nobody = admin.equals("none");
      String adminArn = admin.startsWith("arn:") ? admin : "arn:aws:iam::" + ACCOUNT + ":role/" + admin;
      for (String action : DESTRUCTIVE_KEY_ACTIONS) {
        if (!policy.decide(Principal.role(STRANGER), action, keyArn, context(STRANGER, key.region()),
            Reading.ACCESS_ASSUMED).denied()) {
          violations.add(key.id() + ": the key policy does not deny " + action + " to " + STRANGER + ", a principal"
              + " of the account other than the key administrator " + adminArn + " (IAM policies such as"
              + " PowerUserAccess allow kms:*). Fix: a Deny for every principal but the administrator");
        }
        if (!nobody && policy.decide(Principal.role(adminArn), action, keyArn, context(adminArn, key.region()),
            Reading.ACCESS_UNPROVEN).denied()) {
          violations.add(key.id() + ": the key policy denies " + action + " to the key administrator " + adminArn
              + " too, so nobody can administer the key. Fix: except the administrator from the Deny");
        }
      }
      Map<String, List<String>> shortWindow = context(adminArn, key.region());
      shortWindow.put("kms:schedulekeydeletionpendingwindowindays", List.of("7"));
      if (!policy.decide(Principal.role(adminArn), "kms:ScheduleKeyDeletion", keyArn, shortWindow,
          Reading.ACCESS_ASSUMED).denied()) {
        violations.add(key.id() + ": the key policy lets a deletion be scheduled with a window under 30 days (tried"
            + " 7, as the key administrator). Fix: Deny kms:ScheduleKeyDeletion when"
            + " kms:ScheduleKeyDeletionPendingWindowInDays is NumericLessThan 30, for every principal");
      }
    }
  }

  private void runtimeGrantsAreCalledByTheCode() {
    // A role may serve several functions (one per region): it may hold what any of them needs.
    Map<String, SortedSet<String>> calledByRole = new LinkedHashMap<>();
    Map<String, Map<String, String>> needsByRole = new LinkedHashMap<>();
    Map<String, List<String>> functionsByRole = new LinkedHashMap<>();
    for (DeployedResource function : composition.resources()) {
      if (!function.type().equals("AWS::Lambda::Function")) {
        continue;
      }
      JsonNode p = properties(function);
      Optional<SortedSet<String>> called = code.actions(p.path("Handler").asText());
      String roleArn = p.path("Role").asText();
      if (called.isEmpty() || !roles.containsKey(roleArn)) {
        continue;
      }
      calledByRole.computeIfAbsent(roleArn, r -> new TreeSet<>()).addAll(called.get());
      needsByRole.computeIfAbsent(roleArn, r -> new LinkedHashMap<>()).putAll(runtimeNeeds(function, p));
      functionsByRole.computeIfAbsent(roleArn, r -> new ArrayList<>())
          .add(function.id() + " (" + p.path("Handler").asText() + ")");
    }
    calledByRole.forEach((roleArn, called) -> {
      DeployedResource role = roles.get(roleArn);
      Map<String, String> needs = needsByRole.get(roleArn);
      String functions = String.join(", ", functionsByRole.get(roleArn));
      for (IamPolicy policy : identityPolicies(role)) {
        for (JsonNode statement : policy.statements()) {
          if (!"Allow".equals(statement.path("Effect").asText())) {
            continue;
          }
          for (JsonNode actionNode : IamPolicy.list(statement.path("Action"))) {
            String action = actionNode.asText();
            String sid = statement.path("Sid").asText("(no Sid)");
            if (action.contains("*") || action.contains("?")) {
              violations.add(role.id() + " " + sid + " grants " + action + " to " + functions + ": a runtime grant"
                  + " names its actions exactly. Fix: list the actions the code calls");
            } else if (!called.contains(action) && !needs.containsKey(action)
                && !viaCalledService(action, statement, called, needs.keySet())) {
              violations.add(role.id() + " " + sid + " grants " + action + " to " + functions + ", whose code never"
                  + " calls it and the Lambda service does not need it. Fix: remove it, or update the code-actions list"
                  + " if the code now calls it");
            }
          }
        }
      }
    });
  }

  /** A KMS grant limited by kms:ViaService to services the code calls (the service uses the key for the caller). */
  private static boolean viaCalledService(String action, JsonNode statement, Set<String> called,
      Set<String> needs) {
    if (!action.startsWith("kms:")) {
      return false;
    }
    List<String> via = new ArrayList<>();
    statement.path("Condition").fields().forEachRemaining(op -> {
      JsonNode values = op.getValue().path("kms:ViaService");
      IamPolicy.list(values).forEach(v -> via.add(v.asText()));
    });
    return !via.isEmpty() && via.stream().map(v -> v.replaceAll("\\..*", ""))
        .allMatch(service -> called.stream().anyMatch(c -> c.startsWith(service + ":"))
            || needs.stream().anyMatch(c -> c.startsWith(service + ":")));
  }

  /** What the Lambda service does with a function's execution role, by the function's configuration. */
  private Map<String, String> runtimeNeeds(DeployedResource function, JsonNode p) {
    Map<String, String> needs = new LinkedHashMap<>();
    needs.put("logs:CreateLogStream", "Lambda writes the function's logs with its role");
    needs.put("logs:PutLogEvents", "Lambda writes the function's logs with its role");
    if ("Active".equals(p.path("TracingConfig").path("Mode").asText())) {
      needs.put("xray:PutTraceSegments", "active tracing");
      needs.put("xray:PutTelemetryRecords", "active tracing");
    }
    if (p.has("VpcConfig")) {
      for (String a : List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
          "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
          "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs")) {
        needs.put(a, "the function runs in a VPC (Lambda manages its network interfaces with the role)");
      }
    }
    if (p.path("DeadLetterConfig").has("TargetArn")) {
      needs.put("sqs:SendMessage", "dead-letter queue");
      needs.put("sns:Publish", "dead-letter topic");
    }
    String name = p.path("FunctionName").asText();
    for (DeployedResource config : composition.resources()) {
      if (!config.type().equals("AWS::Lambda::EventInvokeConfig") || !config.region().equals(function.region())) {
        continue;
      }
      JsonNode c = properties(config);
      String target = c.path("FunctionName").asText();
      if (!(target.equals(name) || target.endsWith(":function:" + name))) {
        continue;
      }
      for (String outcome : List.of("OnFailure", "OnSuccess")) {
        String destination = c.path("DestinationConfig").path(outcome).path("Destination").asText();
        if (destination.startsWith("arn:aws:sqs:")) {
          needs.put("sqs:SendMessage", "asynchronous invocation destination (" + outcome + ")");
        } else if (destination.startsWith("arn:aws:sns:")) {
          needs.put("sns:Publish", "asynchronous invocation destination (" + outcome + ")");
        }
      }
    }
    if (p.has("KmsKeyArn")) {
      needs.put("kms:Decrypt", "environment variables encrypted with the customer managed key");
    }
    return needs;
  }

  private void stackSetExecutionRoleStaysInItsScope() {
    roles.forEach((roleArn, role) -> {
      JsonNode p = properties(role);
      if (!p.path("RoleName").asText().endsWith("-stackset-execution")) {
        return;
      }
      String project = parameter(role, "ProjectName") + "-" + parameter(role, "EnvironmentName");
      for (IamPolicy policy : identityPolicies(role)) {
        for (JsonNode statement : policy.statements()) {
          if (!"Allow".equals(statement.path("Effect").asText())) {
            continue;
          }
          String sid = policy.name() + " " + statement.path("Sid").asText("(no Sid)");
          boolean tagged = hasTagCondition(statement);
          List<String> actions = IamPolicy.list(statement.path("Action")).stream().map(JsonNode::asText).toList();
          if (statement.has("NotResource") || statement.has("NotAction")) {
            violations.add(sid + ": an Allow with NotResource or NotAction grants everything else. Fix: list them");
            continue;
          }
          for (JsonNode resourceNode : IamPolicy.list(statement.path("Resource"))) {
            String resource = resourceNode.asText();
            if (resource.equals("*")) {
              for (String action : actions) {
                String verb = action.substring(action.indexOf(':') + 1);
                boolean readOnly = verb.startsWith("List") || verb.startsWith("Describe") || verb.startsWith("Get");
                if (!tagged && !readOnly && !UNSCOPED_ACTIONS.containsKey(action)) {
                  violations.add(sid + " allows " + action + " on *: the StackSet execution role names its resources"
                      + " (or conditions on the project's tags). Fix: name the resources, or list the action in"
                      + " SecurityContract.UNSCOPED_ACTIONS with the AWS page saying it has no resource-level form");
                }
              }
              continue;
            }
            Matcher m = ARN.matcher(resource);
            if (!m.matches()) {
              violations.add(sid + " names " + resource + ", which is not an ARN");
              continue;
            }
            String region = m.group(2);
            if (!region.isEmpty() && !region.equals(secondary)) {
              violations.add(sid + " names " + resource + ", outside the secondary region " + secondary + ": the"
                  + " StackSet deploys only there. Fix: use ${SecondaryRegion}");
            }
            // The project's name, its SSM path (/<project>/<env>), or its shared key alias.
            boolean named = m.group(4).contains(project)
                || m.group(4).contains("/" + parameter(role, "ProjectName") + "/" + parameter(role, "EnvironmentName"))
                || m.group(4).equals("alias/" + parameter(role, "KeyAliasName").replaceFirst("^alias/", ""));
            // The system's own hosted zone, by its ID (the root's StackSetExecutionZonePolicy).
            boolean ownZone = m.group(1).equals("route53") && m.group(4).matches("hostedzone/[^*]+")
                && !m.group(4).contains("*");
            if (!named && !tagged && !ownZone && !UNNAMEABLE.containsKey(m.group(1) + ":" + m.group(4))
                && !serviceLinkedRole(m.group(1), m.group(4))) {
              violations.add(sid + " names " + resource + ", which is not this project's (" + project + "). Fix: name"
                  + " the project's resources, or condition the statement on the project's tag");
            }
          }
        }
      }
    });
  }

  /** An AWS service-linked role (its name is AWS's, {@code aws-service-role/<service>/...}). */
  private static boolean serviceLinkedRole(String service, String resource) {
    return service.equals("iam") && resource.startsWith("role/aws-service-role/");
  }

  /** A parameter of the resource's stack (given or default), or "" when the template has none. */
  private static String parameter(DeployedResource resource, String name) {
    if (!resource.stack().template().section("Parameters").has(name)) {
      return "";
    }
    return resource.stack().evaluator().parameter(name);
  }

  private static boolean hasTagCondition(JsonNode statement) {
    List<String> keys = new ArrayList<>();
    statement.path("Condition").fields().forEachRemaining(op -> op.getValue().fieldNames().forEachRemaining(keys::add));
    return keys.stream().map(k -> k.toLowerCase(Locale.ROOT))
        .anyMatch(k -> k.startsWith("aws:resourcetag/") || k.startsWith("aws:requesttag/"));
  }
}
