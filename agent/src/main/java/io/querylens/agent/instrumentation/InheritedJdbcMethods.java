package io.querylens.agent.instrumentation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The JDBC methods a class inherits from a super class that is no JDBC type itself, so was never
 * rewritten: sqlite-jdbc's {@code JDBC4Statement implements Statement} takes {@code
 * execute(String)} and {@code addBatch(String)} from {@code JDBC3Statement}, which implements
 * nothing of JDBC. The rewriter gives the class an override of each that calls {@code super} inside
 * the advice, so its statements are traced like those of a driver that declares its methods where
 * it implements them.
 */
final class InheritedJdbcMethods {

  /** A hierarchy deeper than this is malformed or cyclic: nothing more is looked for. */
  private static final int MAX_DEPTH = 64;

  /** One inherited method to override, as its nearest declaration has it. */
  static final class Inherited {
    final int access;
    final String name;
    final String descriptor;
    final String signature;
    final String[] exceptions;
    final JdbcAdvice advice;

    Inherited(
        int access,
        String name,
        String descriptor,
        String signature,
        String[] exceptions,
        JdbcAdvice advice) {
      this.access = access;
      this.name = name;
      this.descriptor = descriptor;
      this.signature = signature;
      this.exceptions = exceptions;
      this.advice = advice;
    }
  }

  private InheritedJdbcMethods() {}

  /**
   * @param reader the class being defined
   * @param roles its JDBC roles
   * @param declared the {@code name + descriptor} of every method it declares itself
   */
  static List<Inherited> of(
      ClassReader reader,
      int roles,
      Set<String> declared,
      ClassLoader loader,
      TypeRoles typeRoles,
      boolean captureBindValues,
      Predicate<String> isStatementType) {
    List<Inherited> inherited = new ArrayList<>();
    Set<String> seen = new HashSet<>(declared);
    String ancestor = reader.getSuperName();
    for (int depth = 0; ancestor != null && !ancestor.startsWith("java/"); depth++) {
      int ancestorRoles = typeRoles.of(loader, ancestor);
      if (depth > MAX_DEPTH || (ancestorRoles & roles) == roles) {
        break; // rewritten as this class would be: its own inherited methods were handled there
      }
      byte[] classFile = TypeRoles.classFile(loader, ancestor);
      if (classFile == null) {
        break;
      }
      ClassReader ancestorReader = new ClassReader(classFile);
      ancestorReader.accept(
          new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] thrown) {
              if (!seen.add(name + descriptor)) {
                return null; // a nearer class declares it: that declaration is the one inherited
              }
              JdbcAdvice advice =
                  JdbcMethods.adviceFor(
                      roles, access, name, descriptor, captureBindValues, isStatementType);
              boolean overridable =
                  (access & Opcodes.ACC_PUBLIC) != 0 && (access & Opcodes.ACC_FINAL) == 0;
              boolean rewrittenWhereDeclared =
                  JdbcMethods.adviceFor(
                          ancestorRoles,
                          access,
                          name,
                          descriptor,
                          captureBindValues,
                          isStatementType)
                      != null;
              if (advice != null && overridable && !rewrittenWhereDeclared) {
                inherited.add(new Inherited(access, name, descriptor, signature, thrown, advice));
              }
              return null;
            }
          },
          ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
      ancestor = ancestorReader.getSuperName();
    }
    return inherited;
  }
}
