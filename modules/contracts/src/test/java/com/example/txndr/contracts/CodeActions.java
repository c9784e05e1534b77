package com.example.txndr.contracts;

import com.example.txndr.template.RepoRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The IAM actions a Lambda handler's code can call, read from the source of
 * {@code modules/lambda/src/main/java}: the classes the handler class reaches (by naming them,
 * transitively), and in each, the calls on a variable of an AWS SDK v2 client type
 * ({@code dynamoDb.putItem(...)} is {@code dynamodb:PutItem}; the lambda module's {@code ParameterStore},
 * its own client of two SSM operations, counts as an SSM client). A DynamoDB
 * {@code transactWriteItems} is authorized as its item actions (the {@code TransactWriteItem}
 * builders of the same class: put, update, condition check, delete); paginators and waiters
 * are the operation they repeat. An SDK method this reader does not know how to map fails
 * loudly, so a new kind of call cannot slip past the least-privilege rule.
 */
final class CodeActions {
  static final Path SOURCES = Path.of("modules", "lambda", "src", "main", "java");
  private static final Map<String, String> CLIENTS = Map.of("DynamoDbClient", "dynamodb", "SsmClient", "ssm",
      "ParameterStore", "ssm",
      "SnsClient", "sns", "CloudWatchClient", "cloudwatch", "Route53Client", "route53", "KmsClient", "kms",
      "S3Client", "s3", "SqsClient", "sqs");
  private static final Pattern DECLARATION = Pattern.compile("\\b(" + String.join("|", CLIENTS.keySet())
      + ")\\s+([a-z][A-Za-z0-9]*)\\b");
  private static final Pattern TRANSACT_ITEM = Pattern.compile(
      "TransactWriteItem\\.builder\\(\\)\\s*\\.(put|update|conditionCheck|delete)\\(");
  private static final Map<String, String> TRANSACT_ACTIONS = Map.of("put", "PutItem", "update", "UpdateItem",
      "conditionCheck", "ConditionCheckItem", "delete", "DeleteItem");
  /** Client methods that are not operations. */
  private static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration");

  private final Map<String, String> sources;

  private CodeActions(Map<String, String> sources) {
    this.sources = sources;
  }

  /** Reads the Lambda module's sources from the repository. */
  static CodeActions read() {
    Path root = RepoRoot.find().resolve(SOURCES);
    Map<String, String> sources = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        String className = relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
        sources.put(className, Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new CodeActions(sources);
  }

  /** From given sources (class name to source text), for tests. */
  static CodeActions of(Map<String, String> sources) {
    return new CodeActions(new TreeMap<>(sources));
  }

  /** The actions the handler ({@code pkg.Class::method} or {@code pkg.Class}) can call. */
  SortedSet<String> forHandler(String handler) {
    String start = handler.replaceAll("::.*$", "");
    if (!sources.containsKey(start)) {
      throw new IllegalArgumentException("handler class " + start + " is not in " + SOURCES);
    }
    SortedSet<String> actions = new TreeSet<>();
    reachable(start).forEach(c -> actions.addAll(calls(c, sources.get(c))));
    return actions;
  }

  /** Every class the start class names, transitively (itself included). */
  Set<String> reachable(String start) {
    Map<String, String> bySimpleName = new LinkedHashMap<>();
    sources.keySet().forEach(c -> bySimpleName.put(c.substring(c.lastIndexOf('.') + 1), c));
    Set<String> seen = new TreeSet<>();
    Deque<String> queue = new ArrayDeque<>(Set.of(start));
    while (!queue.isEmpty()) {
      String current = queue.pop();
      if (!seen.add(current)) {
        continue;
      }
      String text = withoutComments(sources.get(current));
      bySimpleName.forEach((simple, full) -> {
        if (!seen.contains(full) && Pattern.compile("\\b" + simple + "\\b").matcher(text).find()) {
          queue.add(full);
        }
      });
    }
    return seen;
  }

  /** The actions one class's source calls. */
  static SortedSet<String> calls(String className, String source) {
    String text = withoutComments(source);
    Map<String, String> variables = new LinkedHashMap<>();
    Matcher declaration = DECLARATION.matcher(text);
    while (declaration.find()) {
      variables.put(declaration.group(2), CLIENTS.get(declaration.group(1)));
    }
    SortedSet<String> actions = new TreeSet<>();
    variables.forEach((variable, service) -> {
      Matcher call = Pattern.compile("\\b" + variable + "\\s*\\.\\s*([a-z][A-Za-z0-9]*)\\s*\\(").matcher(text);
      while (call.find()) {
        String method = call.group(1);
        if (NOT_OPERATIONS.contains(method)) {
          continue;
        }
        if (service.equals("dynamodb") && method.equals("transactWriteItems")) {
          Matcher item = TRANSACT_ITEM.matcher(text);
          boolean any = false;
          while (item.find()) {
            actions.add("dynamodb:" + TRANSACT_ACTIONS.get(item.group(1)));
            any = true;
          }
          if (!any) {
            throw new IllegalStateException(className + " calls transactWriteItems but builds no TransactWriteItem"
                + " this reader recognises (TransactWriteItem.builder().put|update|conditionCheck|delete(...))");
          }
          continue;
        }
        actions.add(service + ":" + operation(className, service, method));
      }
    });
    return actions;
  }

  private static String operation(String className, String service, String method) {
    if (method.equals("waiter")) {
      if (service.equals("dynamodb")) {
        return "DescribeTable";
      }
      throw new IllegalStateException(className + " uses a " + service + " waiter, whose operation this reader does"
          + " not know: add it to CodeActions.operation");
    }
    if (method.startsWith("transact") || method.startsWith("batchGet") || method.startsWith("executeStatement")) {
      throw new IllegalStateException(className + " calls " + service + "." + method + ", which is authorized by"
          + " other actions than its name: add its mapping to CodeActions");
    }
    String name = method.endsWith("Paginator") ? method.substring(0, method.length() - "Paginator".length()) : method;
    return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
  }

  /** The source without comments (a class named in a comment is not reached). */
  private static String withoutComments(String source) {
    return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
  }
}
