package com.example.txndr.testkit;

import com.example.txndr.template.CanonicalJson;
import com.example.txndr.template.Template;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints, for each template below the given paths, its provider-schema violations and whether
 * it is canonically formatted; exits 1 when anything is wrong. Run by {@code ci/check-templates}.
 */
public final class CheckTemplates {
  private CheckTemplates() {}

  /** Entry point: paths to templates or folders (default: the repository). */
  public static void main(String[] args) throws IOException {
    int bad = 0;
    List<Path> files = CanonicalJson.templateFiles(args);
    for (Path file : files) {
      Template template = Template.load(file);
      List<String> problems = new java.util.ArrayList<>(ProviderSchemas.shared().validate(template));
      String canonical = CanonicalJson.format(template.root());
      if (!canonical.equals(template.text())) {
        problems.add("not canonical (" + CanonicalJson.firstDifference(template.text(), canonical)
            + "): run " + CanonicalJson.FORMAT_COMMAND);
      }
      if (!problems.isEmpty()) {
        bad++;
        System.out.println(template.name() + ":");
        problems.forEach(p -> System.out.println("  " + p));
      }
    }
    System.out.println(files.size() + " template(s) checked against the provider schemas of cfn-lint "
        + ProviderSchemas.shared().version() + ", " + bad + " with problems");
    if (bad > 0) {
      System.exit(1);
    }
  }
}
