package io.querylens.agent.instrumentation;

import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Writes what makes a driver's {@code ResultSet} class a {@code CountedRows}: three private
 * transient fields (the execution counted for, its row count, the depth of cursor moves in
 * progress) and the interface's five methods over them. Each method is straight-line bytecode that
 * hands the fields to {@code RowCounts} and stores what it returns, so no stack map frame is needed
 * and nothing is allocated. Private transient fields, so that a class's serialized form is
 * untouched (serializable classes are never given them anyway).
 */
final class CountedRowsMembers {

  private static final String ROW_COUNTS = "io/querylens/bootstrap/RowCounts";
  private static final String SCOPE = "querylens$scope";
  private static final String ROWS = "querylens$rows";
  private static final String DEPTH = "querylens$depth";
  static final String PENDING_RESULTS = "io/querylens/bootstrap/PendingResults";
  private static final String PENDING = "querylens$pending";
  private static final String OBJECT = "Ljava/lang/Object;";
  private static final int FIELD_ACCESS =
      Opcodes.ACC_PRIVATE | Opcodes.ACC_TRANSIENT | Opcodes.ACC_SYNTHETIC;

  private final ClassVisitor target;
  private final String owner;

  CountedRowsMembers(ClassVisitor target, String owner) {
    this.target = target;
    this.owner = owner;
  }

  void write() {
    target.visitField(FIELD_ACCESS, SCOPE, OBJECT, null, null).visitEnd();
    target.visitField(FIELD_ACCESS, ROWS, "J", null, null).visitEnd();
    target.visitField(FIELD_ACCESS, DEPTH, "I", null, null).visitEnd();
    writeTrack();
    writeMoveStarted();
    writeMoveEnded("querylens$nextEnded", "afterNext");
    writeMoveEnded("querylens$moveEnded", "afterMove");
    writeClosed();
  }

  /**
   * What makes a statement class a {@code PendingResults}: one private transient field and {@code
   * Object querylens$swapPending(Object scope) { Object was = pending; pending = scope; return was;
   * }}.
   */
  void writePendingResults() {
    target.visitField(FIELD_ACCESS, PENDING, OBJECT, null, null).visitEnd();
    MethodVisitor m = method("querylens$swapPending", "(Ljava/lang/Object;)Ljava/lang/Object;");
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitFieldInsn(Opcodes.GETFIELD, owner, PENDING, OBJECT);
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitVarInsn(Opcodes.ALOAD, 1);
    m.visitFieldInsn(Opcodes.PUTFIELD, owner, PENDING, OBJECT);
    m.visitInsn(Opcodes.ARETURN);
    m.visitMaxs(3, 2);
    m.visitEnd();
  }

  /** {@code rows = RowCounts.tracked(scope, rows); scope = newScope;} */
  private void writeTrack() {
    MethodVisitor m = method("querylens$track", "(Ljava/lang/Object;)V");
    m.visitVarInsn(Opcodes.ALOAD, 0);
    loadScopeAndRows(m);
    m.visitMethodInsn(Opcodes.INVOKESTATIC, ROW_COUNTS, "tracked", "(Ljava/lang/Object;J)J", false);
    m.visitFieldInsn(Opcodes.PUTFIELD, owner, ROWS, "J");
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitVarInsn(Opcodes.ALOAD, 1);
    m.visitFieldInsn(Opcodes.PUTFIELD, owner, SCOPE, OBJECT);
    m.visitInsn(Opcodes.RETURN);
    m.visitMaxs(4, 2);
    m.visitEnd();
  }

  /** {@code depth = depth + 1;} */
  private void writeMoveStarted() {
    MethodVisitor m = method("querylens$moveStarted", "()V");
    addToDepth(m, Opcodes.ICONST_1);
    m.visitInsn(Opcodes.RETURN);
    m.visitMaxs(3, 1);
    m.visitEnd();
  }

  /** {@code depth = depth - 1; rows = RowCounts.<decision>(scope, rows, depth, onRow);} */
  private void writeMoveEnded(String name, String decision) {
    MethodVisitor m = method(name, "(Z)V");
    addToDepth(m, Opcodes.ICONST_M1);
    m.visitVarInsn(Opcodes.ALOAD, 0);
    loadScopeAndRows(m);
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitFieldInsn(Opcodes.GETFIELD, owner, DEPTH, "I");
    m.visitVarInsn(Opcodes.ILOAD, 1);
    m.visitMethodInsn(
        Opcodes.INVOKESTATIC, ROW_COUNTS, decision, "(Ljava/lang/Object;JIZ)J", false);
    m.visitFieldInsn(Opcodes.PUTFIELD, owner, ROWS, "J");
    m.visitInsn(Opcodes.RETURN);
    m.visitMaxs(6, 2);
    m.visitEnd();
  }

  /** {@code rows = RowCounts.closed(scope, rows); scope = null;} */
  private void writeClosed() {
    MethodVisitor m = method("querylens$closed", "()V");
    m.visitVarInsn(Opcodes.ALOAD, 0);
    loadScopeAndRows(m);
    m.visitMethodInsn(Opcodes.INVOKESTATIC, ROW_COUNTS, "closed", "(Ljava/lang/Object;J)J", false);
    m.visitFieldInsn(Opcodes.PUTFIELD, owner, ROWS, "J");
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitInsn(Opcodes.ACONST_NULL);
    m.visitFieldInsn(Opcodes.PUTFIELD, owner, SCOPE, OBJECT);
    m.visitInsn(Opcodes.RETURN);
    m.visitMaxs(4, 1);
    m.visitEnd();
  }

  private void loadScopeAndRows(MethodVisitor m) {
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitFieldInsn(Opcodes.GETFIELD, owner, SCOPE, OBJECT);
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitFieldInsn(Opcodes.GETFIELD, owner, ROWS, "J");
  }

  private void addToDepth(MethodVisitor m, int constant) {
    m.visitVarInsn(Opcodes.ALOAD, 0);
    m.visitInsn(Opcodes.DUP);
    m.visitFieldInsn(Opcodes.GETFIELD, owner, DEPTH, "I");
    m.visitInsn(constant);
    m.visitInsn(Opcodes.IADD);
    m.visitFieldInsn(Opcodes.PUTFIELD, owner, DEPTH, "I");
  }

  private MethodVisitor method(String name, String descriptor) {
    MethodVisitor m =
        target.visitMethod(
            Opcodes.ACC_PUBLIC | Opcodes.ACC_SYNTHETIC, name, descriptor, null, null);
    m.visitCode();
    return m;
  }
}
