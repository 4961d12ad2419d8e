package io.querylens.stepcount;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Loads the classes of one package prefix anew, each method rewritten to add one to {@link
 * Steps#count} on entry and on every backward jump (each iteration of a loop). Between two of these
 * points a method runs a bounded stretch of straight-line code, so the count is proportional to the
 * bytecode the classes execute: a measure of their work that, unlike time, does not depend on the
 * machine, the JIT or what else runs. JDK methods they call (String.indexOf, System.arraycopy) are
 * not counted.
 */
public final class StepCountingClassLoader extends ClassLoader {

  private final String prefix;

  public StepCountingClassLoader(String prefix, ClassLoader parent) {
    super(parent);
    this.prefix = prefix;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(prefix)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        byte[] counting = counting(read(name));
        loaded = defineClass(name, counting, 0, counting.length);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private byte[] read(String name) throws ClassNotFoundException {
    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] counting(byte[] original) {
    ClassReader reader = new ClassReader(original);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9, writer) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            return new CountingMethod(
                super.visitMethod(access, name, descriptor, signature, exceptions));
          }
        },
        0);
    return writer.toByteArray();
  }

  /** Adds a step at entry and before every jump to a label already passed. */
  private static final class CountingMethod extends MethodVisitor {
    private final Set<Label> passed = new HashSet<>();

    CountingMethod(MethodVisitor target) {
      super(Opcodes.ASM9, target);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      step();
    }

    @Override
    public void visitLabel(Label label) {
      super.visitLabel(label);
      passed.add(label);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      if (passed.contains(label)) {
        step();
      }
      super.visitJumpInsn(opcode, label);
    }

    private void step() {
      String steps = Steps.class.getName().replace('.', '/');
      super.visitFieldInsn(Opcodes.GETSTATIC, steps, "count", "J");
      super.visitInsn(Opcodes.LCONST_1);
      super.visitInsn(Opcodes.LADD);
      super.visitFieldInsn(Opcodes.PUTSTATIC, steps, "count", "J");
    }
  }
}
