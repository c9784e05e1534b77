package com.example.txndr.lambda.integration;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the Lambda jar must be: under {@link #MAX_BYTES}, without the local mode
 * ({@code com/example/txndr/lambda/local/}), picocli or the SDK's SSM module, and complete: every
 * class the project's own classes in it name is in the jar or in the JDK, so no function can
 * fail with {@code NoClassDefFoundError} for something left out. Pure: a jar in, the problems out.
 */
final class LambdaJarCheck {
  /** The target of the lean jar (docs/measurements/README.md, "Jar size"). */
  static final long MAX_BYTES = 15_000_000;
  private static final String OWN = "com/example/txndr/";
  private static final List<String> FORBIDDEN = List.of("com/example/txndr/lambda/local/", "picocli/",
      "software/amazon/awssdk/services/ssm/");

  private LambdaJarCheck() {}

  static List<String> problems(Path jar) {
    return problems(jar, MAX_BYTES);
  }

  static List<String> problems(Path jar, long maxBytes) {
    List<String> problems = new ArrayList<>();
    try {
      long size = Files.size(jar);
      if (size >= maxBytes) {
        problems.add(jar.getFileName() + " is " + size + " bytes, not under " + maxBytes
            + ": see what takes the space with unzip -l and leave it out of the lambda-jar execution");
      }
      Set<String> classes = new TreeSet<>();
      Set<String> forbidden = new TreeSet<>();
      List<byte[]> own = new ArrayList<>();
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          String name = entry.getName();
          for (String prefix : FORBIDDEN) {
            if (name.startsWith(prefix) && !entry.isDirectory()) {
              forbidden.add(prefix);
            }
          }
          if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
            classes.add(name.substring(0, name.length() - ".class".length()));
            if (name.startsWith(OWN)) {
              try (InputStream in = zip.getInputStream(entry)) {
                own.add(in.readAllBytes());
              }
            }
          }
        }
      }
      forbidden.forEach(prefix -> problems.add(jar.getFileName() + " contains " + prefix
          + ": the Lambda jar leaves out the local mode, picocli and the SDK's SSM module (they go in the local jar)"));
      Set<String> missing = new TreeSet<>();
      for (byte[] classFile : own) {
        for (String referenced : referencedClasses(classFile)) {
          if (!classes.contains(referenced) && !inJdk(referenced)) {
            missing.add(referenced.replace('/', '.'));
          }
        }
      }
      missing.forEach(name -> problems.add(jar.getFileName() + " lacks " + name
          + ", which the project's classes in it name: a function that reaches it fails with NoClassDefFoundError"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
    return problems;
  }

  private static boolean inJdk(String internalName) {
    return ClassLoader.getPlatformClassLoader().getResource(internalName + ".class") != null;
  }

  /** The classes a class file's constant pool names (CONSTANT_Class, and types in descriptors). */
  static Set<String> referencedClasses(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classIndexes = new ArrayList<>();
    List<Integer> descriptorIndexes = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classIndexes.add(in.readUnsignedShort());
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 3, 4 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        case 9, 10, 11, 18, 17 -> {
          in.readUnsignedShort();
          in.readUnsignedShort();
        }
        case 12 -> {
          in.readUnsignedShort();
          descriptorIndexes.add(in.readUnsignedShort());
        }
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    Set<String> names = new TreeSet<>();
    for (int index : classIndexes) {
      String name = utf8[index];
      if (name.startsWith("[")) {
        addDescriptorTypes(name, names);
      } else {
        names.add(name);
      }
    }
    for (int index : descriptorIndexes) {
      addDescriptorTypes(utf8[index], names);
    }
    return names;
  }

  /** The class names in a field or method descriptor ({@code (Ljava/lang/String;[I)V}). */
  private static void addDescriptorTypes(String descriptor, Set<String> names) {
    for (int i = 0; i < descriptor.length(); i++) {
      if (descriptor.charAt(i) == 'L') {
        int end = descriptor.indexOf(';', i);
        names.add(descriptor.substring(i + 1, end));
        i = end;
      }
    }
  }
}
