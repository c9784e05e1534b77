package com.example.txndr.contracts;

import com.example.txndr.contracts.IamPolicy.Decision;
import com.example.txndr.contracts.IamPolicy.Principal;
import com.example.txndr.template.Composition;
import com.example.txndr.template.DeployedResource;
import com.example.txndr.template.Evaluator;
import com.example.txndr.template.PhysicalNames;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The alert-delivery contract of a {@link Composition}: every publisher to an SNS topic of the
 * system reaches it. Publishers are CloudWatch alarms (their alarm, OK and insufficient-data
 * actions), EventBridge rules (their targets), AWS Backup vaults (their notifications), S3
 * buckets (their topic notifications) and Lambda functions (an environment variable holding a
 * topic ARN, published with the function's role, when the handler's source uses the SNS client;
 * a function handed the ARN that never publishes, like the processor, is no publisher). For each
 * one:
 *
 * <ul>
 *   <li>the topic exists in the system, and an alarm's topic is in the alarm's own region
 *       (CloudWatch alarm actions cannot name another region's topic);
 *   <li>the topic has exactly one {@code AWS::SNS::TopicPolicy} (a second one replaces the first);
 *   <li>for a service, the topic policy allows its service principal {@code sns:Publish} on the
 *       topic with the request context the service sends ({@code aws:SourceAccount},
 *       {@code aws:SourceArn}); for a function, its role's policies allow {@code sns:Publish}
 *       on the topic; no Deny statement applies to the request;
 *   <li>when the topic is encrypted, the key's policy lets the service use the key
 *       ({@code kms:GenerateDataKey} and {@code kms:Decrypt} with the encryption context
 *       {@code aws:sns:topicArn}), or, for a role, the key policy delegates to IAM and the role
 *       may use the key through SNS.
 * </ul>
 *
 * <p>Conditions are evaluated for the keys this contract knows; a statement that tests another
 * key counts as not matching for an Allow and as matching for a Deny (the safe reading), and the
 * violation names the key.
 */
final class AlertDeliveryContract {
  /** One publisher-to-topic path and its outcome. */
  record Delivery(String publisher, String kind, String region, String topic, String principal, String problem) {
    boolean delivered() {
      return problem == null;
    }

    String line() {
      return String.format("%-9s %s (%s in %s) -> %s as %s%s", delivered() ? "ok" : "BROKEN", publisher, kind, region,
          topic, principal, delivered() ? "" : ": " + problem);
    }
  }

  private static final String ACCOUNT = Evaluator.ACCOUNT_ID;
  private static final Pattern SNS_ARN = Pattern.compile("^arn:aws[a-z-]*:sns:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9_-]+)$");
  private static final List<String> ALARM_ACTIONS = List.of("AlarmActions", "OKActions", "InsufficientDataActions");

  private final Composition composition;
  private final Map<String, DeployedResource> topics = new LinkedHashMap<>();
  private final Map<String, List<DeployedResource>> topicPolicies = new LinkedHashMap<>();
  private final Map<String, DeployedResource> keys = new LinkedHashMap<>();
  private final Map<String, DeployedResource> aliases = new LinkedHashMap<>();
  private final Map<String, DeployedResource> roles = new LinkedHashMap<>();
  private final Map<String, DeployedResource> managedPolicies = new LinkedHashMap<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();

  private AlertDeliveryContract(Composition composition) {
    this.composition = composition;
  }

  /** Finds every publisher of the composition and checks its path to the topic. */
  static AlertDeliveryContract of(Composition composition) {
    AlertDeliveryContract contract = new AlertDeliveryContract(composition);
    contract.index();
    contract.checkTopicPolicies();
    contract.collectPublishers();
    return contract;
  }

  /** Every broken path and every topic with more than one policy, each saying what to fix. */
  List<String> violations() {
    List<String> all = new ArrayList<>(violations);
    deliveries.stream().filter(d -> !d.delivered())
        .forEach(d -> all.add(d.publisher() + " (" + d.kind() + " in " + d.region() + ") cannot publish to "
            + d.topic() + ": " + d.problem()));
    return all;
  }

  /** Every publisher-to-topic path found, delivered or not. */
  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
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
        case "AWS::SNS::Topic" -> arn(r).ifPresent(a -> topics.put(a, r));
        case "AWS::KMS::Key" -> arn(r).ifPresent(a -> keys.put(a, r));
        case "AWS::KMS::Alias" -> arn(r).ifPresent(a -> aliases.put(a, r));
        case "AWS::IAM::Role" -> arn(r).ifPresent(a -> roles.put(a, r));
        case "AWS::IAM::ManagedPolicy" -> arn(r).ifPresent(a -> managedPolicies.put(a, r));
        case "AWS::SNS::TopicPolicy" -> {
          for (JsonNode topic : properties(r).path("Topics")) {
            topicPolicies.computeIfAbsent(topic.asText(), t -> new ArrayList<>()).add(r);
          }
        }
        default -> { }
      }
    }
  }

  private void checkTopicPolicies() {
    topicPolicies.forEach((topic, policies) -> {
      if (policies.size() > 1) {
        violations.add(topic + " has " + policies.size() + " AWS::SNS::TopicPolicy resources ("
            + String.join(", ", policies.stream().map(DeployedResource::id).toList()) + "): SNS keeps one policy per"
            + " topic, so the last one applied replaces the others and their publishers are dropped. Fix: merge"
            + " their statements into one TopicPolicy");
      }
    });
  }

  private void collectPublishers() {
    for (DeployedResource r : composition.resources()) {
      JsonNode p = properties(r);
      switch (r.type()) {
        case "AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm" -> {
          for (String field : ALARM_ACTIONS) {
            for (JsonNode action : p.path(field)) {
              if (SNS_ARN.matcher(action.asText()).matches()) {
                alarmAction(r, field, action.asText());
              }
            }
          }
        }
        case "AWS::Events::Rule" -> {
          for (JsonNode target : p.path("Targets")) {
            if (SNS_ARN.matcher(target.path("Arn").asText()).matches()) {
              service(r, "EventBridge rule", "events.amazonaws.com", target.path("Arn").asText());
            }
          }
        }
        case "AWS::Backup::BackupVault" -> {
          String topic = p.path("Notifications").path("SNSTopicArn").asText();
          if (!topic.isEmpty()) {
            service(r, "backup vault notifications", "backup.amazonaws.com", topic);
          }
        }
        case "AWS::S3::Bucket" -> {
          for (JsonNode notification : p.path("NotificationConfiguration").path("TopicConfigurations")) {
            service(r, "S3 event notifications", "s3.amazonaws.com", notification.path("Topic").asText());
          }
        }
        case "AWS::Lambda::Function" -> p.path("Environment").path("Variables").fields().forEachRemaining(v -> {
          if (SNS_ARN.matcher(v.getValue().asText()).matches() && publishesToSns(p.path("Handler").asText())) {
            function(r, v.getKey(), p.path("Role").asText(), v.getValue().asText());
          }
        });
        default -> { }
      }
    }
  }

  /**
   * Whether the handler's class uses the SNS client: its source under a module's src/main/java
   * imports {@code software.amazon.awssdk.services.sns}. A handler whose source is not in the
   * repository is taken to publish (the safe reading).
   */
  static boolean publishesToSns(String handler) {
    String type = handler.split("::", 2)[0];
    String relative = "src/main/java/" + type.replace('.', '/') + ".java";
    try (var modules = java.nio.file.Files.list(com.example.txndr.template.RepoRoot.find().resolve("modules"))) {
      for (java.nio.file.Path module : modules.toList()) {
        java.nio.file.Path source = module.resolve(relative);
        if (java.nio.file.Files.isRegularFile(source)) {
          return java.nio.file.Files.readString(source).contains("software.amazon.awssdk.services.sns");
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return true;
  }

  private void alarmAction(DeployedResource alarm, String field, String topic) {
    String topicRegion = region(topic);
    if (!topicRegion.equals(alarm.region())) {
      deliveries.add(new Delivery(alarm.id(), "CloudWatch alarm " + field, alarm.region(), topic,
          "cloudwatch.amazonaws.com", "the topic is in " + topicRegion + ", but an alarm can notify only a topic in"
              + " its own region. Fix: name the topic of " + alarm.region() + " (alarms live in their metric's region)"));
      return;
    }
    service(alarm, "CloudWatch alarm " + field, "cloudwatch.amazonaws.com", topic);
  }

  private static String region(String snsArn) {
    var m = SNS_ARN.matcher(snsArn);
    return m.matches() ? m.group(1) : "";
  }

  /** The request context of a service publishing on behalf of {@code publisher}. */
  private Map<String, List<String>> serviceContext(DeployedResource publisher, String topic) {
    Map<String, List<String>> context = new LinkedHashMap<>();
    context.put("aws:sourceaccount", List.of(ACCOUNT));
    arn(publisher).ifPresent(a -> context.put("aws:sourcearn", List.of(a)));
    context.put("aws:securetransport", List.of("true"));
    context.put("kms:encryptioncontext:aws:sns:topicarn", List.of(topic));
    return context;
  }

  private void service(DeployedResource publisher, String kind, String service, String topic) {
    Optional<DeployedResource> created = topic(publisher, kind, service, topic);
    if (created.isEmpty()) {
      return;
    }
    Map<String, List<String>> context = serviceContext(publisher, topic);
    Principal principal = Principal.service(service);
    List<DeployedResource> policies = topicPolicies.getOrDefault(topic, List.of());
    if (policies.isEmpty()) {
      broken(publisher, kind, topic, service, "the topic has no AWS::SNS::TopicPolicy, so " + service + " may not"
          + " publish. Fix: add a TopicPolicy allowing " + service + " sns:Publish on " + topic);
      return;
    }
    IamPolicy topicPolicy = new IamPolicy(policies.get(policies.size() - 1).id(),
        properties(policies.get(policies.size() - 1)).path("PolicyDocument"));
    Decision publish = topicPolicy.decide(principal, "sns:Publish", topic, context);
    if (publish.denied()) {
      broken(publisher, kind, topic, service, "the topic policy " + topicPolicy.name() + " " + publish.why()
          + ". Fix: narrow that Deny so that it spares " + service + ", or remove it");
      return;
    }
    if (!publish.allowed()) {
      broken(publisher, kind, topic, service, "the topic policy " + topicPolicy.name() + " " + publish.why()
          + ". Fix: add a statement allowing " + service + " sns:Publish on the topic (conditions it meets:"
          + " aws:SourceAccount " + ACCOUNT + arn(publisher).map(a -> ", aws:SourceArn " + a).orElse("") + ")");
      return;
    }
    Optional<String> keyProblem = keyProblem(created.get(), principal, context, null);
    if (keyProblem.isPresent()) {
      broken(publisher, kind, topic, service, keyProblem.get());
      return;
    }
    deliveries.add(new Delivery(publisher.id(), kind, publisher.region(), topic, service, null));
  }

  private void function(DeployedResource function, String variable, String roleArn, String topic) {
    String kind = "Lambda function (" + variable + ")";
    Optional<DeployedResource> created = topic(function, kind, roleArn, topic);
    if (created.isEmpty()) {
      return;
    }
    DeployedResource role = roles.get(roleArn);
    if (role == null) {
      broken(function, kind, topic, roleArn, "its role " + roleArn + " is not created by the system");
      return;
    }
    Map<String, List<String>> context = new LinkedHashMap<>(serviceContext(function, topic));
    context.remove("aws:sourcearn");
    context.remove("aws:sourceaccount");
    context.put("aws:principalarn", List.of(roleArn));
    context.put("aws:requestedregion", List.of(region(topic)));
    List<IamPolicy> identity = rolePolicies(role);
    Principal principal = Principal.role(roleArn);
    if (identity.stream().noneMatch(p -> p.decide(principal, "sns:Publish", topic, context).allowed())) {
      broken(function, kind, topic, roleArn, "no policy of the role " + roleArn + " allows sns:Publish on the topic."
          + " Fix: grant sns:Publish on " + topic + " in the role's policy (iam module)");
      return;
    }
    List<DeployedResource> policies = topicPolicies.getOrDefault(topic, List.of());
    if (!policies.isEmpty()) {
      DeployedResource last = policies.get(policies.size() - 1);
      IamPolicy topicPolicy = new IamPolicy(last.id(), properties(last).path("PolicyDocument"));
      Decision denied = topicPolicy.decide(principal, "sns:Publish", topic, context);
      if (denied.denied()) {
        broken(function, kind, topic, roleArn, "the topic policy " + topicPolicy.name() + " " + denied.why()
            + ". Fix: narrow that Deny so that it spares the role, or remove it");
        return;
      }
    }
    Optional<String> keyProblem = keyProblem(created.get(), principal, context, identity);
    if (keyProblem.isPresent()) {
      broken(function, kind, topic, roleArn, keyProblem.get());
      return;
    }
    deliveries.add(new Delivery(function.id(), kind, function.region(), topic, roleArn, null));
  }

  private Optional<DeployedResource> topic(DeployedResource publisher, String kind, String principal, String topic) {
    DeployedResource created = topics.get(topic);
    if (created == null) {
      broken(publisher, kind, topic, principal, "nothing in the system creates that topic. Fix: name the topic by the"
          + " rule of the template that creates it (P-E-alerts, docs/conventions.md)");
    }
    return Optional.ofNullable(created);
  }

  private void broken(DeployedResource publisher, String kind, String topic, String principal, String problem) {
    deliveries.add(new Delivery(publisher.id(), kind, publisher.region(), topic, principal, problem));
  }

  private List<IamPolicy> rolePolicies(DeployedResource role) {
    JsonNode p = properties(role);
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
    return out;
  }

  /** Why the principal cannot use the topic's key for SNS, if it cannot; empty for an unencrypted topic. */
  private Optional<String> keyProblem(DeployedResource topic, Principal principal, Map<String, List<String>> context,
      List<IamPolicy> identity) {
    String keyId = properties(topic).path("KmsMasterKeyId").asText();
    if (keyId.isEmpty()) {
      return Optional.empty();
    }
    DeployedResource key = key(keyId, topic.region());
    if (key == null) {
      return Optional.of("the topic is encrypted with " + keyId + ", which no KMS key of the system in "
          + topic.region() + " is (an AWS managed key cannot be shared with services). Fix: encrypt it with the"
          + " region's customer managed key and let the publishers use it");
    }
    Map<String, List<String>> keyContext = new LinkedHashMap<>(context);
    keyContext.put("kms:viaservice", List.of("sns." + topic.region() + ".amazonaws.com"));
    keyContext.put("kms:calleraccount", List.of(ACCOUNT));
    keyContext.put("kms:resourcealiases", aliasNames(key));
    IamPolicy keyPolicy = new IamPolicy(key.id() + " KeyPolicy", properties(key).path("KeyPolicy"));
    String keyArn = arn(key).orElse(keyId);
    for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
      Decision byKey = keyPolicy.decide(principal, action, keyArn, keyContext);
      if (identity == null) {
        if (!byKey.allowed()) {
          return Optional.of("the key policy of " + key.id() + " " + byKey.why() + " for " + action + ". Fix: add a"
              + " key policy statement allowing " + principal.value() + " kms:GenerateDataKey and kms:Decrypt with"
              + " kms:EncryptionContext:aws:sns:topicArn matching " + context.get("kms:encryptioncontext:aws:sns:topicarn").get(0));
        }
        continue;
      }
      if (byKey.denied()) {
        return Optional.of("the key policy of " + key.id() + " " + byKey.why() + " for " + action);
      }
      boolean delegated = keyPolicy.decide(Principal.role("arn:aws:iam::" + ACCOUNT + ":root"), action, keyArn, keyContext)
          .allowed();
      boolean byRole = identity.stream().anyMatch(p -> p.decide(principal, action, keyArn, keyContext).allowed());
      if (!byKey.allowed() && !(delegated && byRole)) {
        return Optional.of(delegated
            ? "no policy of the role allows " + action + " on " + keyArn + " through SNS (kms:ViaService sns."
                + topic.region() + ".amazonaws.com). Fix: grant it in the role's policy (iam module)"
            : "the key policy of " + key.id() + " neither allows the role nor delegates to IAM policies for "
                + action);
      }
    }
    return Optional.empty();
  }

  private DeployedResource key(String keyId, String region) {
    if (keys.containsKey(keyId)) {
      return keys.get(keyId);
    }
    String aliasArn = keyId.startsWith("alias/") ? "arn:aws:kms:" + region + ":" + ACCOUNT + ":" + keyId : keyId;
    DeployedResource alias = aliases.get(aliasArn);
    if (alias == null) {
      return null;
    }
    String target = properties(alias).path("TargetKeyId").asText();
    return keys.entrySet().stream().filter(e -> e.getKey().equals(target) || e.getValue().ref().equals(target)
        || e.getKey().endsWith("/" + target)).map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private List<String> aliasNames(DeployedResource key) {
    String keyArn = arn(key).orElse("");
    List<String> names = new ArrayList<>();
    aliases.values().forEach(alias -> {
      String target = properties(alias).path("TargetKeyId").asText();
      if (target.equals(keyArn) || target.equals(key.ref()) || keyArn.endsWith("/" + target)) {
        names.add(properties(alias).path("AliasName").asText());
      }
    });
    return names;
  }
}
