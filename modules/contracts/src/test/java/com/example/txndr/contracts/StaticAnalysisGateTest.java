package com.example.txndr.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.txndr.template.RepoRoot;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The static analysis gate (README "Static analysis") fails a compile: javac runs as the build
 * runs it, with the root pom's compiler arguments (Error Prone's among them) and the jdk.compiler
 * exports of .mvn/jvm.config, on a clean snippet, which compiles, and on snippets with a finding
 * of an error-level check and of a check the pom promotes to error, which do not.
 */
class StaticAnalysisGateTest {
  private static List<String> javac;

  @TempDir
  Path dir;

  @BeforeAll
  static void javacAsTheBuildRunsIt() throws Exception {
    Path root = RepoRoot.find();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
    for (String line : Files.readAllLines(root.resolve(".mvn/jvm.config"))) {
      if (!line.isBlank()) {
        // "--add-exports jdk.compiler/...=ALL-UNNAMED" for Maven's JVM, one -J option for javac's.
        command.add("-J" + line.strip().replaceFirst("\\s+", "="));
      }
    }
    command.addAll(compilerArgs(root.resolve("pom.xml")));
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    command.add("-processorpath");
    command.add(Stream.of(classPath.split(File.pathSeparator, -1)).filter(entry -> Files.exists(Path.of(entry)))
        .collect(Collectors.joining(File.pathSeparator)));
    command.add("--release");
    command.add("17");
    javac = command;
  }

  /**
   * The compilerArgs of maven-compiler-plugin in the root pom, with the pom's own properties put
   * in (errorprone.promoted, the checks made errors) and the others, e.g. errorprone.extra, empty.
   */
  private static List<String> compilerArgs(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(pom.toFile());
    Map<String, String> properties = new HashMap<>();
    NodeList declared = ((Element) document.getElementsByTagName("properties").item(0)).getChildNodes();
    for (int i = 0; i < declared.getLength(); i++) {
      if (declared.item(i) instanceof Element property) {
        properties.put(property.getTagName(), property.getTextContent().strip());
      }
    }
    NodeList plugins = document.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (text(plugin, "artifactId").equals("maven-compiler-plugin")) {
        NodeList args = plugin.getElementsByTagName("arg");
        List<String> out = new ArrayList<>();
        for (int j = 0; j < args.getLength(); j++) {
          Matcher reference = Pattern.compile("\\$\\{([^}]*)}").matcher(args.item(j).getTextContent());
          StringBuilder arg = new StringBuilder();
          while (reference.find()) {
            reference.appendReplacement(arg, Matcher.quoteReplacement(properties.getOrDefault(reference.group(1), "")));
          }
          reference.appendTail(arg);
          out.add(arg.toString().strip().replaceAll("\\s+", " "));
        }
        return out;
      }
    }
    throw new AssertionError("no maven-compiler-plugin in " + pom);
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
  }

  private record Result(int exit, String output) {}

  private Result compile(String className, String source) throws IOException, InterruptedException {
    Path file = dir.resolve(className + ".java");
    Files.writeString(file, source);
    List<String> command = new ArrayList<>(javac);
    command.add("-d");
    command.add(dir.resolve("classes").toString());
    command.add(file.toString());
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve(className + ".log").toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("javac did not finish in 120 s: " + command);
    }
    return new Result(process.exitValue(), Files.readString(dir.resolve(className + ".log"), StandardCharsets.UTF_8));
  }

  @Test
  void theFlagsAreThoseOfErrorProne() {
    assertThat(javac).contains("-XDcompilePolicy=simple", "--should-stop=ifError=FLOW");
    assertThat(javac).anyMatch(a -> a.startsWith("-Xplugin:ErrorProne") && a.contains("-Xep:ReferenceEquality:ERROR"));
    assertThat(javac.get(javac.indexOf("-processorpath") + 1).split(File.pathSeparator))
        .anyMatch(entry -> entry.contains("error_prone_core"));
  }

  @Test
  void cleanCodeCompiles() throws Exception {
    Result result = compile("Clean", """
        package snippet;

        final class Clean {
          static String trimmed(String s) {
            return s.trim();
          }
        }
        """);

    assertThat(result.exit()).as(result.output()).isZero();
  }

  @Test
  void anErrorLevelFindingFailsTheCompile() throws Exception {
    Result result = compile("IgnoredResult", """
        package snippet;

        final class IgnoredResult {
          static String trimmed(String s) {
            s.trim();
            return s;
          }
        }
        """);

    assertThat(result.exit()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("error: [ReturnValueIgnored]");
  }

  @Test
  void aFindingOfAPromotedCheckFailsTheCompile() throws Exception {
    Result result = compile("SameObject", """
        package snippet;

        final class SameObject {
          static boolean same(java.math.BigDecimal a, java.math.BigDecimal b) {
            return a == b;
          }
        }
        """);

    assertThat(result.exit()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("error: [ReferenceEquality]");
  }
}
