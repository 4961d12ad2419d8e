package io.querylens.agent.instrumentation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Which methods of a JDBC class get which advice: decided by the class's roles and each method's
 * name and descriptor, as the JDBC interfaces declare them. Static, abstract, native, bridge and
 * synthetic methods are never rewritten (a bridge calls the method it bridges, which is).
 */
final class JdbcMethods {

  private static final int NEVER =
      Opcodes.ACC_STATIC
          | Opcodes.ACC_ABSTRACT
          | Opcodes.ACC_NATIVE
          | Opcodes.ACC_BRIDGE
          | Opcodes.ACC_SYNTHETIC;

  private static final Set<String> EXECUTE =
      Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");

  private static final Set<String> EXECUTE_BATCH = Set.of("executeBatch", "executeLargeBatch");

  private static final Set<String> PREPARE = Set.of("prepareStatement", "prepareCall");

  /**
   * {@code Connection} methods a driver may implement with SQL of its own (pgjdbc's {@code
   * getCatalog} runs {@code select current_catalog}, its {@code isValid} an empty statement), and
   * that pools call on the application's behalf.
   */
  private static final Set<String> CONNECTION_WORK =
      Set.of(
          "getCatalog",
          "setCatalog",
          "getSchema",
          "setSchema",
          "getTransactionIsolation",
          "setTransactionIsolation",
          "isReadOnly",
          "setReadOnly",
          "setAutoCommit",
          "commit",
          "rollback",
          "setSavepoint",
          "releaseSavepoint",
          "isValid",
          "getClientInfo",
          "setClientInfo",
          "getHoldability",
          "setHoldability",
          "getTypeMap",
          "nativeSQL");

  /** JDBC's positional setters whose second argument is the value. */
  private static final Set<String> VALUE_SETTERS =
      Set.of(
          "setBoolean",
          "setByte",
          "setShort",
          "setInt",
          "setLong",
          "setFloat",
          "setDouble",
          "setBigDecimal",
          "setString",
          "setNString",
          "setBytes",
          "setDate",
          "setTime",
          "setTimestamp",
          "setObject",
          "setURL",
          "setArray",
          "setRef",
          "setRowId",
          "setSQLXML",
          "setBlob",
          "setClob",
          "setNClob",
          "setAsciiStream",
          "setUnicodeStream",
          "setBinaryStream",
          "setCharacterStream",
          "setNCharacterStream");

  /** The scrolling moves of a result set, each returning whether the cursor is on a row. */
  private static final Set<String> ROW_MOVES =
      Set.of("previous()Z", "first()Z", "last()Z", "absolute(I)Z", "relative(I)Z");

  private static final String NO_ARGUMENTS = "()";
  private static final String STRING_FIRST = "(Ljava/lang/String;";
  private static final String CONNECT = "(Ljava/lang/String;Ljava/util/Properties;)L";

  private JdbcMethods() {}

  /**
   * Every method name some advice of this class may be given to: a class declaring none of them has
   * nothing of its own to rewrite. Kept beside the rules it summarises; {@code JdbcMethodsTest}
   * checks it against every method of the JDBC interfaces.
   */
  static Set<String> advisedNames(boolean captureBindValues) {
    Set<String> names = new HashSet<>();
    names.addAll(EXECUTE);
    names.addAll(EXECUTE_BATCH);
    names.addAll(
        List.of(
            "addBatch",
            "clearBatch",
            "close",
            "connect",
            "next",
            "getResultSet",
            "getMoreResults"));
    names.addAll(PREPARE);
    names.addAll(CONNECTION_WORK);
    for (String move : ROW_MOVES) {
      names.add(move.substring(0, move.indexOf('(')));
    }
    if (captureBindValues) {
      names.addAll(VALUE_SETTERS);
      names.addAll(List.of("setNull", "clearParameters"));
    }
    return names;
  }

  /**
   * @param roles the declaring class's {@link JdbcRoles}
   * @param captureBindValues whether prepared statements' setters are rewritten too
   * @param isStatementType whether a return type (internal name) is a JDBC statement
   * @return the advice for this method, or null to leave it as it is
   */
  static JdbcAdvice adviceFor(
      int roles,
      int access,
      String name,
      String descriptor,
      boolean captureBindValues,
      Predicate<String> isStatementType) {
    if ((access & NEVER) != 0) {
      return null;
    }
    if ((roles & JdbcRoles.STATEMENT) != 0) {
      JdbcAdvice advice = statementAdvice(name, descriptor);
      if (advice != null) {
        return advice;
      }
    }
    if ((roles & JdbcRoles.PREPARED_STATEMENT) != 0 && captureBindValues) {
      JdbcAdvice advice = setterAdvice(name, descriptor);
      if (advice != null) {
        return advice;
      }
    }
    if ((roles & JdbcRoles.CONNECTION) != 0
        && PREPARE.contains(name)
        && descriptor.startsWith(STRING_FIRST)) {
      Type returned = Type.getReturnType(descriptor);
      if (returned.getSort() == Type.OBJECT && isStatementType.test(returned.getInternalName())) {
        return JdbcAdvice.PREPARE;
      }
    }
    if ((roles & JdbcRoles.CONNECTION) != 0) {
      String method = name + descriptor;
      if (method.equals("commit()V") || method.equals("rollback()V")) {
        return JdbcAdvice.TRANSACTION_END;
      }
      if (method.equals("setAutoCommit(Z)V")) {
        return JdbcAdvice.AUTO_COMMIT;
      }
    }
    if ((roles & JdbcRoles.CONNECTION) != 0 && CONNECTION_WORK.contains(name)) {
      return JdbcAdvice.DRIVER_WORK;
    }
    if ((roles & JdbcRoles.CONNECTION) != 0 && name.equals("close") && descriptor.equals("()V")) {
      return JdbcAdvice.CLOSE; // a pool's wrapper is closed at every check-in
    }
    if ((roles & JdbcRoles.DRIVER) != 0
        && name.equals("connect")
        && descriptor.startsWith(CONNECT)) {
      return JdbcAdvice.CONNECT;
    }
    return null;
  }

  private static JdbcAdvice statementAdvice(String name, String descriptor) {
    if (EXECUTE.contains(name)) {
      if (descriptor.startsWith(STRING_FIRST)) {
        return JdbcAdvice.EXECUTE_SQL;
      }
      return descriptor.startsWith(NO_ARGUMENTS) ? JdbcAdvice.EXECUTE_PREPARED : null;
    }
    if (EXECUTE_BATCH.contains(name)) {
      return descriptor.startsWith(NO_ARGUMENTS) ? JdbcAdvice.EXECUTE_BATCH : null;
    }
    if (name.equals("addBatch")) {
      if (descriptor.startsWith("(Ljava/lang/String;)")) {
        return JdbcAdvice.ADD_BATCH_SQL;
      }
      return descriptor.startsWith(NO_ARGUMENTS) ? JdbcAdvice.ADD_BATCH : null;
    }
    if (name.equals("clearBatch") && descriptor.startsWith(NO_ARGUMENTS)) {
      return JdbcAdvice.CLEAR_BATCH;
    }
    if (name.equals("close") && descriptor.equals("()V")) {
      return JdbcAdvice.CLOSE;
    }
    return null;
  }

  /** Positional setters only, {@code setXxx(int index, value, ..)} with two to four arguments. */
  private static JdbcAdvice setterAdvice(String name, String descriptor) {
    if (name.equals("clearParameters")) {
      return descriptor.startsWith(NO_ARGUMENTS) ? JdbcAdvice.CLEAR_PARAMETERS : null;
    }
    boolean setter = VALUE_SETTERS.contains(name);
    if (!setter && !name.equals("setNull")) {
      return null;
    }
    Type[] arguments = Type.getArgumentTypes(descriptor);
    if (arguments.length < 2 || arguments.length > 4 || arguments[0].getSort() != Type.INT) {
      return null;
    }
    return setter ? JdbcAdvice.SET_VALUE : JdbcAdvice.SET_NULL;
  }

  /**
   * The advice of a {@code ResultSet} method when the class counts its rows, or null. Asked only of
   * a class that declares {@code next()} itself (see {@code JdbcClassRewriter}).
   */
  static JdbcAdvice resultSetAdviceFor(int access, String name, String descriptor) {
    if ((access & NEVER) != 0) {
      return null;
    }
    String method = name + descriptor;
    if (method.equals("next()Z")) {
      return JdbcAdvice.ROW_NEXT;
    }
    if (ROW_MOVES.contains(method)) {
      return JdbcAdvice.ROW_MOVE;
    }
    return method.equals("close()V") ? JdbcAdvice.RESULT_SET_CLOSE : null;
  }

  /** Whether a class declaring this method counts its rows: a concrete {@code next()}. */
  static boolean isCountedNext(int access, String name, String descriptor) {
    return (access & NEVER) == 0 && name.equals("next") && descriptor.equals("()Z");
  }

  /**
   * An execute advice as it is with rows counted: an {@code execute*} returning an object (the
   * result set of {@code executeQuery}) hands it to the bridge; one returning a boolean ({@code
   * execute}) hands the bridge that and the statement, for {@code getResultSet()}.
   */
  static JdbcAdvice countingRows(JdbcAdvice advice, String descriptor) {
    int returned = Type.getReturnType(descriptor).getSort();
    if (advice == JdbcAdvice.EXECUTE_SQL) {
      return returned == Type.OBJECT
          ? JdbcAdvice.EXECUTE_QUERY_SQL
          : returned == Type.BOOLEAN ? JdbcAdvice.EXECUTE_RESULTS_SQL : advice;
    }
    if (advice == JdbcAdvice.EXECUTE_PREPARED) {
      return returned == Type.OBJECT
          ? JdbcAdvice.EXECUTE_QUERY_PREPARED
          : returned == Type.BOOLEAN ? JdbcAdvice.EXECUTE_RESULTS_PREPARED : advice;
    }
    return advice;
  }

  static final String GET_RESULT_SET = "getResultSet()Ljava/sql/ResultSet;";

  /**
   * With rows counted, the advice of a statement's {@code getResultSet()} (which hands the result
   * set of a pending {@code execute} to the bridge) and {@code getMoreResults} (which ends the wait
   * for it), or null.
   */
  static JdbcAdvice pendingResultsAdviceFor(int access, String name, String descriptor) {
    if ((access & NEVER) != 0) {
      return null;
    }
    if ((name + descriptor).equals(GET_RESULT_SET)) {
      return JdbcAdvice.RESULT_SET_FETCH;
    }
    boolean moreResults =
        name.equals("getMoreResults") && (descriptor.equals("()Z") || descriptor.equals("(I)Z"));
    return moreResults ? JdbcAdvice.MORE_RESULTS : null;
  }
}
