package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * Library mode is for GraalVM native images, where reflection works only for what metadata names
 * ahead of time: the library's own classes use none. Their bytecode is read and every call, field
 * access and bootstrap method checked; the one class look-up allowed is the documented probe for
 * the agent's bridge (a constant name, which native-image folds, and the bridge is never there).
 */
class ReflectionFreeTest {

  private static final Set<String> REFLECTIVE_CLASS_METHODS =
      Set.of(
          "forName",
          "getMethod",
          "getMethods",
          "getDeclaredMethod",
          "getDeclaredMethods",
          "getField",
          "getFields",
          "getDeclaredField",
          "getDeclaredFields",
          "getConstructor",
          "getConstructors",
          "getDeclaredConstructor",
          "getDeclaredConstructors",
          "newInstance",
          "getRecordComponents");

  /** The agent probe, in {@code QueryLens.agentAttached}. */
  private static final String ALLOWED =
      "io/querylens/library/QueryLens.agentAttached calls java/lang/Class.forName";

  @Test
  void theLibrarysClassesUseNoReflectionButTheDocumentedAgentProbe() throws IOException {
    List<String> uses = new ArrayList<>();
    List<Path> classes = libraryClassFiles();
    for (Path file : classes) {
      try (InputStream in = Files.newInputStream(file)) {
        new ClassReader(in).accept(new ReflectionFinder(uses), 0);
      }
    }

    assertThat(classes).hasSizeGreaterThan(8);
    assertThat(uses).containsExactly(ALLOWED);
  }

  private static List<Path> libraryClassFiles() throws IOException {
    Path root;
    try {
      root = Path.of(QueryLens.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    try (Stream<Path> files = Files.walk(root.resolve("io/querylens/library"))) {
      return files.filter(f -> f.toString().endsWith(".class")).toList();
    }
  }

  /** Notes each reflective use as "class.method calls owner.name". */
  private static final class ReflectionFinder extends ClassVisitor {
    private final List<String> uses;
    private String className;

    ReflectionFinder(List<String> uses) {
      super(Opcodes.ASM9);
      this.uses = uses;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      className = name;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String method, String descriptor, String signature, String[] exceptions) {
      String where = className + "." + method;
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitMethodInsn(
            int opcode, String owner, String name, String descriptor, boolean isInterface) {
          if (reflective(owner, name)) {
            uses.add(where + " calls " + owner + "." + name);
          }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
          if (reflectivePackage(owner)) {
            uses.add(where + " reads " + owner + "." + name);
          }
        }

        @Override
        public void visitInvokeDynamicInsn(
            String name, String descriptor, Handle bootstrap, Object... arguments) {
          if (!bootstrap.getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
            uses.add(where + " bootstraps through " + bootstrap.getOwner());
          }
        }
      };
    }

    private static boolean reflective(String owner, String name) {
      return reflectivePackage(owner)
          || (owner.equals("java/lang/Class") && REFLECTIVE_CLASS_METHODS.contains(name))
          || (owner.equals("java/lang/ClassLoader") && name.equals("loadClass"))
          || owner.equals("java/util/ServiceLoader");
    }

    private static boolean reflectivePackage(String owner) {
      return owner.startsWith("java/lang/reflect/")
          || owner.startsWith("java/lang/invoke/MethodHandle")
          || owner.startsWith("java/lang/invoke/VarHandle");
    }
  }
}
