package io.querylens.agent.instrumentation;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Writes one method's advice into its bytecode: calls to {@code QueryLensBridge}, whose every
 * method catches all Throwables itself, so nothing of the agent's can surface in the application's
 * call.
 *
 * <p>On entry, every value an exit needs ({@code this}, an argument, the execution's scope) is
 * copied into locals of its own, past the method's: the method may reuse its argument slots, and
 * the exit must see what the caller passed. Before each return the return advice runs; where the
 * bridge is also told of a throw, the body (not the advice) is covered by one catch-all handler
 * added after the method's own, which tells the bridge and throws the same Throwable on. Every
 * stack map frame of the method gets the new locals appended, so the verifier sees them wherever
 * the code may jump.
 */
final class AdviceWeaver extends MethodVisitor {

  private static final String BRIDGE = "io/querylens/bootstrap/QueryLensBridge";
  static final String COUNTED_ROWS = "io/querylens/bootstrap/CountedRows";
  private static final String OBJECT = "java/lang/Object";
  private static final String STRING = "java/lang/String";
  private static final String THROWABLE = "java/lang/Throwable";

  /** The most this advice ever puts on the stack beyond the method's own. */
  private static final int EXTRA_STACK = 6;

  private final JdbcAdvice advice;
  private final String descriptor;
  private final int firstLocal;
  private final boolean writeFrames;
  private final boolean commentSql;
  private final Object[] adviceLocals;

  /** The body's ranges covered by the handler: start, end, start, end, ... */
  private final List<Label> covered = new ArrayList<>();

  private Label coveredSince;

  /**
   * @param methodMaxLocals the method's {@code max_locals}: the advice's locals start there
   * @param writeFrames whether the class has stack map frames (version 50 and later)
   * @param commentSql the SQL argument of {@code execute*(sql)} and {@code addBatch(sql)} is
   *     replaced on entry by the text the bridge hands back (the trace comment is on)
   */
  AdviceWeaver(
      MethodVisitor target,
      JdbcAdvice advice,
      String descriptor,
      int methodMaxLocals,
      boolean writeFrames,
      boolean commentSql) {
    super(Opcodes.ASM9, target);
    this.advice = advice;
    this.descriptor = descriptor;
    this.firstLocal = methodMaxLocals;
    this.writeFrames = writeFrames;
    this.commentSql = commentSql;
    this.adviceLocals = localTypes(advice);
  }

  /** The frame types of the locals each advice keeps, in order from {@code firstLocal}. */
  private static Object[] localTypes(JdbcAdvice advice) {
    switch (advice) {
      case EXECUTE_SQL:
      case EXECUTE_PREPARED:
      case EXECUTE_QUERY_SQL:
      case EXECUTE_QUERY_PREPARED:
      case EXECUTE_BATCH:
        return new Object[] {OBJECT}; // the scope
      case EXECUTE_RESULTS_SQL:
      case EXECUTE_RESULTS_PREPARED:
        return new Object[] {OBJECT, OBJECT}; // the scope, this
      case RESULT_SET_FETCH:
        return new Object[] {OBJECT}; // this
      case MORE_RESULTS:
        return new Object[0];
      case ROW_NEXT:
      case ROW_MOVE:
      case RESULT_SET_CLOSE:
        return new Object[] {OBJECT}; // this
      case ADD_BATCH_SQL:
        return new Object[] {OBJECT, STRING}; // this, sql
      case PREPARE:
        return new Object[] {STRING}; // sql
      case CONNECT:
        return new Object[] {OBJECT, STRING, OBJECT, OBJECT}; // this, url, properties, depth
      case SET_VALUE:
        return new Object[] {OBJECT, Opcodes.INTEGER, OBJECT}; // this, index, boxed value
      case SET_NULL:
        return new Object[] {OBJECT, Opcodes.INTEGER}; // this, index
      case ADD_BATCH:
      case CLEAR_BATCH:
      case CLEAR_PARAMETERS:
      case CLOSE:
        return new Object[] {OBJECT}; // this
      case DRIVER_WORK:
        return new Object[] {OBJECT}; // the depth token
      case TRANSACTION_END:
        return new Object[] {OBJECT, OBJECT}; // the depth token, this
      case AUTO_COMMIT:
        return new Object[] {OBJECT, OBJECT, Opcodes.INTEGER}; // the depth token, this, the flag
    }
    throw new AssertionError(advice);
  }

  @Override
  public void visitCode() {
    super.visitCode();
    onEntry();
    if (advice.onThrow()) {
      coveredSince = new Label();
      super.visitLabel(coveredSince);
    }
  }

  @Override
  public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
    if (type != Opcodes.F_NEW) {
      // Never met: the class is read with expanded frames.
      super.visitFrame(type, numLocal, local, numStack, stack);
      return;
    }
    Object[] locals = withAdviceLocals(numLocal, local);
    super.visitFrame(Opcodes.F_NEW, locals.length, locals, numStack, stack);
  }

  @Override
  public void visitInsn(int opcode) {
    if (opcode < Opcodes.IRETURN || opcode > Opcodes.RETURN) {
      super.visitInsn(opcode);
      return;
    }
    if (coveredSince != null) {
      Label end = new Label();
      super.visitLabel(end);
      covered.add(coveredSince);
      covered.add(end);
    }
    onReturn();
    super.visitInsn(opcode);
    if (coveredSince != null) {
      coveredSince = new Label();
      super.visitLabel(coveredSince);
    }
  }

  @Override
  public void visitMaxs(int maxStack, int maxLocals) {
    if (coveredSince != null) {
      Label end = new Label();
      super.visitLabel(end);
      covered.add(coveredSince);
      covered.add(end);
      writeHandler();
    }
    super.visitMaxs(maxStack + EXTRA_STACK, Math.max(maxLocals, firstLocal + adviceLocals.length));
  }

  private void writeHandler() {
    Label handler = new Label();
    boolean any = false;
    for (int i = 0; i < covered.size(); i += 2) {
      Label start = covered.get(i);
      Label end = covered.get(i + 1);
      if (start.getOffset() < end.getOffset()) { // an empty range is not allowed
        super.visitTryCatchBlock(start, end, handler, null);
        any = true;
      }
    }
    if (!any) {
      return;
    }
    super.visitLabel(handler);
    if (writeFrames) {
      Object[] locals = new Object[firstLocal + adviceLocals.length];
      for (int i = 0; i < firstLocal; i++) {
        locals[i] = Opcodes.TOP; // the method's own locals are not read here
      }
      System.arraycopy(adviceLocals, 0, locals, firstLocal, adviceLocals.length);
      super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {THROWABLE});
    }
    onThrow(); // the Throwable stays on the stack
    super.visitInsn(Opcodes.ATHROW);
  }

  /** The frame's locals, padded with TOP up to {@code firstLocal}, then the advice's. */
  private Object[] withAdviceLocals(int numLocal, Object[] local) {
    int slots = 0;
    for (int i = 0; i < numLocal; i++) {
      slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
    }
    int padding = Math.max(0, firstLocal - slots);
    Object[] locals = new Object[numLocal + padding + adviceLocals.length];
    System.arraycopy(local, 0, locals, 0, numLocal);
    for (int i = 0; i < padding; i++) {
      locals[numLocal + i] = Opcodes.TOP;
    }
    System.arraycopy(adviceLocals, 0, locals, numLocal + padding, adviceLocals.length);
    return locals;
  }

  /**
   * With the trace comment on, the SQL argument becomes the text the bridge hands back, after the
   * execution started with the application's own text.
   */
  private void sendCommentedSql() {
    if (commentSql) {
      super.visitVarInsn(Opcodes.ALOAD, 0);
      load(Opcodes.ALOAD, 0);
      super.visitVarInsn(Opcodes.ALOAD, 1);
      bridge(
          "onSqlToSend",
          "(Ljava/lang/Object;Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;");
      super.visitVarInsn(Opcodes.ASTORE, 1); // the argument the driver's code reads
    }
  }

  private void onEntry() {
    switch (advice) {
      case EXECUTE_SQL:
      case EXECUTE_QUERY_SQL:
        startExecution(true, false);
        sendCommentedSql();
        break;
      case EXECUTE_PREPARED:
      case EXECUTE_QUERY_PREPARED:
        startExecution(false, false);
        break;
      case EXECUTE_RESULTS_SQL:
        startExecution(true, false);
        keep(Opcodes.ALOAD, 0, 1);
        sendCommentedSql();
        break;
      case EXECUTE_RESULTS_PREPARED:
        startExecution(false, false);
        keep(Opcodes.ALOAD, 0, 1);
        break;
      case RESULT_SET_FETCH:
        keep(Opcodes.ALOAD, 0, 0);
        break;
      case MORE_RESULTS: // getMoreResults() closes the current result set, as (1) does
        super.visitVarInsn(Opcodes.ALOAD, 0);
        if (descriptor.startsWith("(I")) {
          super.visitVarInsn(Opcodes.ILOAD, 1);
        } else {
          super.visitInsn(Opcodes.ICONST_1);
        }
        bridge("onMoreResults", "(Ljava/lang/Object;I)V");
        break;
      case ROW_NEXT:
      case ROW_MOVE:
        keep(Opcodes.ALOAD, 0, 0);
        load(Opcodes.ALOAD, 0);
        countedRows("querylens$moveStarted", "()V");
        break;
      case RESULT_SET_CLOSE:
        keep(Opcodes.ALOAD, 0, 0);
        break;
      case EXECUTE_BATCH:
        startExecution(false, true);
        break;
      case SET_VALUE:
        keep(Opcodes.ALOAD, 0, 0);
        keep(Opcodes.ILOAD, 1, 1);
        keepBoxed(Type.getArgumentTypes(descriptor)[1], 2, 2);
        break;
      case SET_NULL:
        keep(Opcodes.ALOAD, 0, 0);
        keep(Opcodes.ILOAD, 1, 1);
        break;
      case ADD_BATCH_SQL:
        keep(Opcodes.ALOAD, 0, 0);
        keep(Opcodes.ALOAD, 1, 1); // the batch is told the application's text, kept here
        if (commentSql) {
          super.visitVarInsn(Opcodes.ALOAD, 0);
          super.visitVarInsn(Opcodes.ALOAD, 1);
          bridge("onBatchSqlToSend", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;");
          super.visitVarInsn(Opcodes.ASTORE, 1);
        }
        break;
      case PREPARE:
        keep(Opcodes.ALOAD, 1, 0);
        break;
      case CONNECT:
        keep(Opcodes.ALOAD, 0, 0);
        keep(Opcodes.ALOAD, 1, 1);
        keep(Opcodes.ALOAD, 2, 2);
        bridge("onDriverWorkStart", "()Ljava/lang/Object;");
        super.visitVarInsn(Opcodes.ASTORE, firstLocal + 3);
        break;
      case DRIVER_WORK:
        bridge("onDriverWorkStart", "()Ljava/lang/Object;");
        super.visitVarInsn(Opcodes.ASTORE, firstLocal);
        break;
      case TRANSACTION_END:
        bridge("onDriverWorkStart", "()Ljava/lang/Object;");
        super.visitVarInsn(Opcodes.ASTORE, firstLocal);
        keep(Opcodes.ALOAD, 0, 1);
        break;
      case AUTO_COMMIT:
        bridge("onDriverWorkStart", "()Ljava/lang/Object;");
        super.visitVarInsn(Opcodes.ASTORE, firstLocal);
        keep(Opcodes.ALOAD, 0, 1);
        keep(Opcodes.ILOAD, 1, 2);
        break;
      case ADD_BATCH:
      case CLEAR_BATCH:
      case CLEAR_PARAMETERS:
      case CLOSE:
        keep(Opcodes.ALOAD, 0, 0);
        break;
    }
  }

  /** Before each return; a returned value stays on the stack, below what this pushes. */
  private void onReturn() {
    switch (advice) {
      case EXECUTE_SQL:
      case EXECUTE_PREPARED:
      case EXECUTE_BATCH:
        load(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.ACONST_NULL);
        bridge("onExecuteEnd", "(Ljava/lang/Object;Ljava/lang/Throwable;)V");
        break;
      case EXECUTE_QUERY_SQL:
      case EXECUTE_QUERY_PREPARED: // the returned result set stays below the scope and its copy
        super.visitInsn(Opcodes.DUP);
        load(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.SWAP);
        bridge("onQueryEnd", "(Ljava/lang/Object;Ljava/lang/Object;)V");
        break;
      case EXECUTE_RESULTS_SQL:
      case EXECUTE_RESULTS_PREPARED: // the returned boolean stays below the scope, its copy, this
        super.visitInsn(Opcodes.DUP);
        load(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.SWAP);
        load(Opcodes.ALOAD, 1);
        bridge("onExecuteResultsEnd", "(Ljava/lang/Object;ZLjava/lang/Object;)V");
        break;
      case RESULT_SET_FETCH: // the returned result set stays below this and its copy
        super.visitInsn(Opcodes.DUP);
        load(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.SWAP);
        bridge("onResultSetFetched", "(Ljava/lang/Object;Ljava/lang/Object;)V");
        break;
      case MORE_RESULTS:
        break;
      case ROW_NEXT: // the returned boolean stays below its copy
        super.visitInsn(Opcodes.DUP);
        load(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.SWAP);
        countedRows("querylens$nextEnded", "(Z)V");
        break;
      case ROW_MOVE:
        super.visitInsn(Opcodes.DUP);
        load(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.SWAP);
        countedRows("querylens$moveEnded", "(Z)V");
        break;
      case RESULT_SET_CLOSE:
        load(Opcodes.ALOAD, 0);
        countedRows("querylens$closed", "()V");
        break;
      case ADD_BATCH_SQL:
        load(Opcodes.ALOAD, 0);
        load(Opcodes.ALOAD, 1);
        bridge("onBatchAdded", "(Ljava/lang/Object;Ljava/lang/String;)V");
        break;
      case ADD_BATCH:
        load(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.ACONST_NULL);
        bridge("onBatchAdded", "(Ljava/lang/Object;Ljava/lang/String;)V");
        break;
      case CLEAR_BATCH:
        load(Opcodes.ALOAD, 0);
        bridge("onBatchCleared", "(Ljava/lang/Object;)V");
        break;
      case CLOSE:
        load(Opcodes.ALOAD, 0);
        bridge("onClosed", "(Ljava/lang/Object;)V");
        break;
      case PREPARE: // returned statement, then sql
        super.visitInsn(Opcodes.DUP);
        load(Opcodes.ALOAD, 0);
        bridge("onPrepared", "(Ljava/lang/Object;Ljava/lang/String;)V");
        break;
      case CONNECT: // driver, url, properties, then the returned connection
        super.visitInsn(Opcodes.DUP);
        for (int i = 0; i < 3; i++) {
          load(Opcodes.ALOAD, i);
          super.visitInsn(Opcodes.SWAP);
        }
        bridge(
            "onConnected",
            "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Object;)V");
        endConnect();
        break;
      case DRIVER_WORK:
        endDriverWork(0);
        break;
      case TRANSACTION_END:
        endDriverWork(0);
        load(Opcodes.ALOAD, 1);
        bridge("onTransactionEnd", "(Ljava/lang/Object;)V");
        break;
      case AUTO_COMMIT:
        endDriverWork(0);
        load(Opcodes.ALOAD, 1);
        load(Opcodes.ILOAD, 2);
        bridge("onAutoCommit", "(Ljava/lang/Object;Z)V");
        break;
      case SET_VALUE:
        load(Opcodes.ALOAD, 0);
        load(Opcodes.ILOAD, 1);
        load(Opcodes.ALOAD, 2);
        bridge("onParameterSet", "(Ljava/lang/Object;ILjava/lang/Object;)V");
        break;
      case SET_NULL:
        load(Opcodes.ALOAD, 0);
        load(Opcodes.ILOAD, 1);
        super.visitInsn(Opcodes.ACONST_NULL);
        bridge("onParameterSet", "(Ljava/lang/Object;ILjava/lang/Object;)V");
        break;
      case CLEAR_PARAMETERS:
        load(Opcodes.ALOAD, 0);
        bridge("onParametersCleared", "(Ljava/lang/Object;)V");
        break;
    }
  }

  /** In the handler, with the Throwable on the stack; it must stay there. */
  private void onThrow() {
    switch (advice) {
      case EXECUTE_SQL:
      case EXECUTE_PREPARED:
      case EXECUTE_QUERY_SQL:
      case EXECUTE_QUERY_PREPARED:
      case EXECUTE_RESULTS_SQL:
      case EXECUTE_RESULTS_PREPARED:
      case EXECUTE_BATCH:
        super.visitInsn(Opcodes.DUP);
        load(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.SWAP);
        bridge("onExecuteEnd", "(Ljava/lang/Object;Ljava/lang/Throwable;)V");
        break;
      case ROW_NEXT:
      case ROW_MOVE: // lowers the depth; a move that threw lands on no row
        load(Opcodes.ALOAD, 0);
        super.visitInsn(Opcodes.ICONST_0);
        countedRows("querylens$moveEnded", "(Z)V");
        break;
      case RESULT_SET_CLOSE:
        onReturn(); // the same call: it leaves the stack as it found it
        break;
      case CLEAR_BATCH:
      case CLEAR_PARAMETERS:
        onReturn(); // the same call: it leaves the stack as it found it
        break;
      case CONNECT:
        endConnect();
        break;
      case DRIVER_WORK:
      case TRANSACTION_END:
      case AUTO_COMMIT:
        endDriverWork(0);
        break;
      default:
        throw new AssertionError(advice + " is not told of a throw");
    }
  }

  private void endConnect() {
    endDriverWork(3);
  }

  /** Lowers the call depth that {@code onDriverWorkStart} raised, kept in local {@code index}. */
  private void endDriverWork(int index) {
    load(Opcodes.ALOAD, index);
    bridge("onDriverWorkEnd", "(Ljava/lang/Object;)V");
  }

  private void startExecution(boolean sqlArgument, boolean batch) {
    super.visitVarInsn(Opcodes.ALOAD, 0);
    if (sqlArgument) {
      super.visitVarInsn(Opcodes.ALOAD, 1);
    } else {
      super.visitInsn(Opcodes.ACONST_NULL);
    }
    super.visitInsn(batch ? Opcodes.ICONST_1 : Opcodes.ICONST_0);
    bridge("onExecuteStart", "(Ljava/lang/Object;Ljava/lang/String;Z)Ljava/lang/Object;");
    super.visitVarInsn(Opcodes.ASTORE, firstLocal);
  }

  /** Copies the argument in {@code slot} into the advice's local {@code index}. */
  private void keep(int loadOpcode, int slot, int index) {
    super.visitVarInsn(loadOpcode, slot);
    super.visitVarInsn(
        loadOpcode == Opcodes.ILOAD ? Opcodes.ISTORE : Opcodes.ASTORE, firstLocal + index);
  }

  /**
   * Copies the argument in {@code slot}, boxed if primitive, into the advice's local {@code index}.
   */
  private void keepBoxed(Type type, int slot, int index) {
    super.visitVarInsn(type.getOpcode(Opcodes.ILOAD), slot);
    String box = boxOf(type);
    if (box != null) {
      super.visitMethodInsn(
          Opcodes.INVOKESTATIC,
          box,
          "valueOf",
          "(" + type.getDescriptor() + ")L" + box + ";",
          false);
    }
    super.visitVarInsn(Opcodes.ASTORE, firstLocal + index);
  }

  /** The wrapper class of a primitive type, or null for a reference type. */
  private static String boxOf(Type type) {
    switch (type.getSort()) {
      case Type.BOOLEAN:
        return "java/lang/Boolean";
      case Type.CHAR:
        return "java/lang/Character";
      case Type.BYTE:
        return "java/lang/Byte";
      case Type.SHORT:
        return "java/lang/Short";
      case Type.INT:
        return "java/lang/Integer";
      case Type.FLOAT:
        return "java/lang/Float";
      case Type.LONG:
        return "java/lang/Long";
      case Type.DOUBLE:
        return "java/lang/Double";
      default:
        return null;
    }
  }

  private void load(int opcode, int index) {
    super.visitVarInsn(opcode, firstLocal + index);
  }

  /** Calls the rewritten class's own {@code CountedRows} method on {@code this}, on the stack. */
  private void countedRows(String method, String methodDescriptor) {
    super.visitMethodInsn(Opcodes.INVOKEINTERFACE, COUNTED_ROWS, method, methodDescriptor, true);
  }

  private void bridge(String method, String methodDescriptor) {
    super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, method, methodDescriptor, false);
  }
}
