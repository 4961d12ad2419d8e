package io.querylens.agent.instrumentation;

import io.querylens.core.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * The agent's one class file transformer: rewrites every JDBC driver's (and pool's) statement,
 * connection and driver classes, whatever class loader defines them, so that their methods call the
 * bootstrap bridge. Written over the ASM that Byte Buddy ships, without Byte Buddy's type
 * descriptions: it is ready the moment {@code premain} registers it, and a class that is no JDBC
 * implementation costs one pass over its constant pool.
 *
 * <p>A class is read twice when it is rewritten: once to learn each advised method's {@code
 * max_locals} (the advice's locals go after the method's), once to write it.
 */
final class JdbcClassRewriter implements ClassFileTransformer {

  private final boolean captureBindValues;
  private final boolean countRows;
  private final AdvisedMethodNames advisedNames;
  private final boolean commentSql;
  private final TypeRoles typeRoles = new TypeRoles();
  private final BridgeVisibility bridgeVisibility = new BridgeVisibility();

  /**
   * @param captureBindValues also rewrite the prepared statements' setters; decided once, so that
   *     with capture off they are never touched and cost nothing
   */
  JdbcClassRewriter(boolean captureBindValues) {
    this(captureBindValues, true);
  }

  /**
   * @param countRows make the drivers' result set classes count the rows the application reads (see
   *     {@link CountedRowsMembers}); with it off they are never touched
   */
  JdbcClassRewriter(boolean captureBindValues, boolean countRows) {
    this(captureBindValues, countRows, false);
  }

  /**
   * @param commentSql plain statements' {@code execute*(sql)} and {@code addBatch(sql)} send the
   *     text the bridge hands back (the trace comment); with it off that call is not written at all
   */
  JdbcClassRewriter(boolean captureBindValues, boolean countRows, boolean commentSql) {
    this.captureBindValues = captureBindValues;
    this.countRows = countRows;
    this.advisedNames = new AdvisedMethodNames(JdbcMethods.advisedNames(captureBindValues));
    this.commentSql = commentSql;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String name,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    if (JdbcInstrumentation.neverRewritten(name)) {
      return null;
    }
    try {
      int verdict =
          classBeingRedefined == null
              ? ClassHeader.verdict(classFile, advisedNames)
              : ClassHeader.MAY_NEED_REWRITING;
      if (verdict == ClassHeader.NOTHING_TO_REWRITE) {
        return null;
      }
      byte[] rewritten = rewrite(loader, name, classBeingRedefined, classFile, verdict);
      if (rewritten != null) {
        AgentLog.debug("instrumented " + name.replace('/', '.'));
      }
      return rewritten;
    } catch (Throwable t) {
      // A transformer's exception is swallowed by the JVM anyway; the class goes on unrewritten.
      AgentLog.warnOnce(
          "transform:" + name,
          "could not instrument " + name + ", its statements are not traced: " + t);
      return null;
    }
  }

  /**
   * Rewrites, and throws away, the agent's own copy of pgjdbc's {@code Driver}: the first driver
   * class the application loads then finds ASM's classes loaded. Run off the application's threads
   * while it starts; a failure here changes nothing but the time.
   */
  void warmUp() {
    Class<?> driver = org.postgresql.Driver.class; // relocated: the agent's own copy
    String name = driver.getName().replace('.', '/');
    try {
      byte[] classFile = TypeRoles.classFile(driver.getClassLoader(), name);
      if (classFile != null) {
        rewrite(driver.getClassLoader(), name, null, classFile);
      }
    } catch (Throwable t) {
      AgentLog.debug("the instrumentation's warm-up failed: " + t);
    }
  }

  /** The rewritten class file, or null when the class has nothing to rewrite. */
  byte[] rewrite(ClassLoader loader, String name, Class<?> loaded, byte[] classFile) {
    return rewrite(loader, name, loaded, classFile, ClassHeader.MAY_NEED_REWRITING);
  }

  /**
   * @param verdict the {@link ClassHeader}'s: with {@link ClassHeader#ONLY_THROUGH_INTERFACES}, a
   *     class whose interfaces have no JDBC role is left before its super classes are read
   */
  private byte[] rewrite(
      ClassLoader loader, String name, Class<?> loaded, byte[] classFile, int verdict) {
    ClassReader reader = new ClassReader(classFile);
    if ((reader.getAccess() & (Opcodes.ACC_INTERFACE | Opcodes.ACC_SYNTHETIC)) != 0) {
      return null;
    }
    if (verdict == ClassHeader.ONLY_THROUGH_INTERFACES
        && (typeRoles.ofInterfaces(loader, reader.getInterfaces()) & ~JdbcRoles.SERIALIZABLE)
            == JdbcRoles.NONE) {
      return null;
    }
    int roles =
        loaded != null
            ? JdbcRoles.of(loaded)
            : typeRoles.ofDefined(loader, name, reader.getSuperName(), reader.getInterfaces());
    boolean serializable = (roles & JdbcRoles.SERIALIZABLE) != 0;
    boolean keepsPending = (roles & JdbcRoles.PENDING_RESULTS) != 0;
    roles &= ~(JdbcRoles.SERIALIZABLE | JdbcRoles.PENDING_RESULTS);
    if (roles == JdbcRoles.NONE) {
      return null;
    }
    // Fields can be added only as the class is defined (or kept, as a retransformation of a class
    // given them then must): a result set class loaded before the agent counts no rows.
    boolean rowsWanted =
        (roles & JdbcRoles.RESULT_SET) != 0 && (loaded != null || (countRows && !serializable));
    Set<String> declared = new HashSet<>();
    Map<String, Advised> rowAdvice = new HashMap<>();
    Map<String, Advised> advised =
        advisedMethods(reader, roles, loader, declared, rowsWanted ? rowAdvice : null);
    // Only a class declaring next() counts: one that inherits it leaves the counting to the
    // class that declares it, whose fields and methods it inherits (or, that class loaded
    // before the agent, counts nothing rather than a wrong zero).
    boolean countsRows = rowsWanted && rowAdvice.containsKey("next()Z");
    if (countsRows) {
      advised.putAll(rowAdvice);
    }
    // The class declaring getResultSet() keeps the execution whose result set it will hand out.
    boolean holdsPending =
        advised.containsKey(JdbcMethods.GET_RESULT_SET)
            && (loaded != null ? keepsPending : countRows && !serializable);
    roles &= ~JdbcRoles.RESULT_SET;
    // A retransformation may not add methods: a loaded class keeps its inherited ones untraced.
    List<InheritedJdbcMethods.Inherited> inherited =
        loaded != null
            ? List.of()
            : InheritedJdbcMethods.of(
                reader,
                roles,
                declared,
                loader,
                typeRoles,
                captureBindValues,
                isStatementType(loader));
    if ((advised.isEmpty() && inherited.isEmpty()) || !bridgeVisibility.reachesBridge(loader)) {
      return null;
    }
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(
        new Rewriting(writer, advised, inherited, countsRows, holdsPending, countRows, commentSql),
        ClassReader.EXPAND_FRAMES);
    return writer.toByteArray();
  }

  private Predicate<String> isStatementType(ClassLoader loader) {
    return type -> (typeRoles.of(loader, type) & JdbcRoles.STATEMENT) != 0;
  }

  /** The first pass: which methods get advice, and each one's {@code max_locals}. */
  private Map<String, Advised> advisedMethods(
      ClassReader reader,
      int roles,
      ClassLoader loader,
      Set<String> declared,
      Map<String, Advised> rowAdvice) {
    Map<String, Advised> advised = new HashMap<>();
    Predicate<String> isStatementType = isStatementType(loader);
    reader.accept(
        new ClassVisitor(Opcodes.ASM9) {
          @Override
          public MethodVisitor visitMethod(
              int access, String name, String descriptor, String signature, String[] exceptions) {
            declared.add(name + descriptor);
            JdbcAdvice found =
                JdbcMethods.adviceFor(
                    roles, access, name, descriptor, captureBindValues, isStatementType);
            Map<String, Advised> into = advised;
            if (found != null && countRows) {
              found = JdbcMethods.countingRows(found, descriptor);
            } else if (found == null && countRows && (roles & JdbcRoles.STATEMENT) != 0) {
              found = JdbcMethods.pendingResultsAdviceFor(access, name, descriptor);
            }
            if (found == null && rowAdvice != null) {
              found = JdbcMethods.resultSetAdviceFor(access, name, descriptor);
              into = rowAdvice;
            }
            if (found == null) {
              return null;
            }
            JdbcAdvice advice = found;
            Map<String, Advised> kept = into;
            return new MethodVisitor(Opcodes.ASM9) {
              @Override
              public void visitMaxs(int maxStack, int maxLocals) {
                kept.put(name + descriptor, new Advised(advice, maxLocals));
              }
            };
          }
        },
        ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return advised;
  }

  private static final class Advised {
    final JdbcAdvice advice;
    final int maxLocals;

    Advised(JdbcAdvice advice, int maxLocals) {
      this.advice = advice;
      this.maxLocals = maxLocals;
    }
  }

  /** The second pass: each advised method through its {@link AdviceWeaver}, the rest unchanged. */
  private static final class Rewriting extends ClassVisitor {
    private final Map<String, Advised> advised;
    private final List<InheritedJdbcMethods.Inherited> inherited;
    private final boolean countsRows;
    private final boolean holdsPending;
    private final boolean countRows;
    private final boolean commentSql;
    private boolean writeFrames;
    private String name;
    private String superName;

    /**
     * @param countsRows this class becomes a {@code CountedRows}
     * @param holdsPending this class becomes a {@code PendingResults}
     * @param countRows the overrides of inherited {@code executeQuery} hand their result set over
     */
    Rewriting(
        ClassWriter writer,
        Map<String, Advised> advised,
        List<InheritedJdbcMethods.Inherited> inherited,
        boolean countsRows,
        boolean holdsPending,
        boolean countRows,
        boolean commentSql) {
      super(Opcodes.ASM9, writer);
      this.advised = advised;
      this.inherited = inherited;
      this.countsRows = countsRows;
      this.holdsPending = holdsPending;
      this.countRows = countRows;
      this.commentSql = commentSql;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      writeFrames = (version & 0xFFFF) >= Opcodes.V1_6;
      this.name = name;
      this.superName = superName;
      if (countsRows) {
        interfaces = withInterface(interfaces, AdviceWeaver.COUNTED_ROWS);
      }
      if (holdsPending) {
        interfaces = withInterface(interfaces, CountedRowsMembers.PENDING_RESULTS);
      }
      super.visit(version, access, name, signature, superName, interfaces);
    }

    private static String[] withInterface(String[] interfaces, String added) {
      String[] with = new String[interfaces == null ? 1 : interfaces.length + 1];
      if (interfaces != null) {
        System.arraycopy(interfaces, 0, with, 0, interfaces.length);
      }
      with[with.length - 1] = added;
      return with;
    }

    @Override
    public void visitEnd() {
      for (InheritedJdbcMethods.Inherited method : inherited) {
        writeOverride(method);
      }
      if (countsRows) {
        new CountedRowsMembers(cv, name).write();
      }
      if (holdsPending) {
        new CountedRowsMembers(cv, name).writePendingResults();
      }
      super.visitEnd();
    }

    /** {@code return super.name(arguments);}, with the method's advice around it. */
    private void writeOverride(InheritedJdbcMethods.Inherited method) {
      int access = method.access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_VARARGS);
      MethodVisitor target =
          super.visitMethod(
              access, method.name, method.descriptor, method.signature, method.exceptions);
      if (target == null) {
        return;
      }
      Type[] arguments = Type.getArgumentTypes(method.descriptor);
      Type returned = Type.getReturnType(method.descriptor);
      int locals = 1;
      for (Type argument : arguments) {
        locals += argument.getSize();
      }
      JdbcAdvice advice =
          countRows ? JdbcMethods.countingRows(method.advice, method.descriptor) : method.advice;
      MethodVisitor code =
          new AdviceWeaver(target, advice, method.descriptor, locals, writeFrames, commentSql);
      code.visitCode();
      code.visitVarInsn(Opcodes.ALOAD, 0);
      int slot = 1;
      for (Type argument : arguments) {
        code.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
        slot += argument.getSize();
      }
      code.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, method.name, method.descriptor, false);
      code.visitInsn(returned.getOpcode(Opcodes.IRETURN));
      code.visitMaxs(Math.max(locals, returned.getSize()), locals);
      code.visitEnd();
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
      Advised advice = advised.get(name + descriptor);
      if (advice == null || method == null) {
        return method;
      }
      return new AdviceWeaver(
          method, advice.advice, descriptor, advice.maxLocals, writeFrames, commentSql);
    }
  }
}
