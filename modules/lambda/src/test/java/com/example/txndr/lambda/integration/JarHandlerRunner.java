package com.example.txndr.lambda.integration;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Runs one handler of the Lambda jar as the Lambda runtime does (no-argument constructor, the
 * event on standard input, the output printed), on a class path of that jar and this class alone
 * ({@code LambdaJarIntegrationTest} copies it out of the test classes), so a class the jar lacks
 * fails the run. Only JDK types are named here: the handler's are reached by reflection.
 * {@code --tick} runs one lease keeper tick instead of a scheduled minute; {@code --any-response-url}
 * builds the peer-values handler with a response URL policy that accepts the test's local stub;
 * {@code --timing} also prints the time from process start to the response, as {@code invoke} does
 * (the benchmark's cold start).
 */
public final class JarHandlerRunner {
  private JarHandlerRunner() {}

  public static void main(String[] args) throws Exception {
    String className = args[0];
    java.util.List<String> flags = java.util.List.of(args).subList(1, args.length);
    String mode = flags.contains("--tick") ? "--tick" : flags.contains("--any-response-url") ? "--any-response-url" : "";
    byte[] event = System.in.readAllBytes();
    Class<?> type = Class.forName(className);
    Object handler;
    if (mode.equals("--any-response-url")) {
      Class<?> config = Class.forName("com.example.txndr.lambda.Config");
      Object fromEnvironment = config.getMethod("fromEnvironment", Map.class).invoke(null, System.getenv());
      Predicate<URI> any = url -> true;
      handler = type.getConstructor(config, Predicate.class).newInstance(fromEnvironment, any);
    } else {
      handler = type.getConstructor().newInstance();
    }
    if (mode.equals("--tick")) {
      Object keeper = type.getMethod("keeper").invoke(handler);
      Object step = keeper.getClass().getMethod("tick").invoke(keeper);
      System.out.println(step.getClass().getMethod("action").invoke(step) + " "
          + step.getClass().getMethod("outcome").invoke(step));
      return;
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Method handle = type.getMethod("handleRequest", InputStream.class, OutputStream.class,
        Class.forName("com.amazonaws.services.lambda.runtime.Context"));
    handle.invoke(handler, new java.io.ByteArrayInputStream(event), output, null);
    java.time.Instant done = java.time.Instant.now();
    System.out.println(output.toString(StandardCharsets.UTF_8));
    if (flags.contains("--timing")) {
      java.time.Instant started = ProcessHandle.current().info().startInstant().orElse(done);
      System.out.println("processStartToResponseMillis=" + java.time.Duration.between(started, done).toMillis());
    }
  }
}
