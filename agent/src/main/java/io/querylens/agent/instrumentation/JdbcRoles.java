package io.querylens.agent.instrumentation;

/**
 * What a class is to JDBC, as bits: a statement, a prepared (or callable) statement, a connection,
 * a driver, a result set. One class may be several; most are none.
 */
final class JdbcRoles {

  static final int NONE = 0;
  static final int STATEMENT = 1;
  static final int PREPARED_STATEMENT = 2;
  static final int CONNECTION = 4;
  static final int DRIVER = 8;
  static final int RESULT_SET = 16;

  /**
   * Not a JDBC role: a class whose serialized form the agent must not change, so no fields or
   * interfaces are added to it (they would change its default {@code serialVersionUID}).
   */
  static final int SERIALIZABLE = 32;

  /**
   * Not a JDBC role: a loaded statement class the agent made a {@code PendingResults} when it was
   * defined, whose field a retransformation must keep.
   */
  static final int PENDING_RESULTS = 64;

  /** Returned by {@link #ofJdkType} for a type outside the JDK: its class file must be read. */
  static final int UNKNOWN = -1;

  private JdbcRoles() {}

  /**
   * The roles of a JDK type, known without reading it: the {@code java.sql} interfaces are what
   * they say, and no other {@code java.*} type extends or implements one of them.
   *
   * @param internalName as in a class file, {@code java/sql/Statement}
   * @return the roles, or {@link #UNKNOWN} for a type outside {@code java.*}
   */
  static int ofJdkType(String internalName) {
    if (!internalName.startsWith("java/")) {
      return UNKNOWN;
    }
    switch (internalName) {
      case "java/sql/Statement":
        return STATEMENT;
      case "java/sql/PreparedStatement":
      case "java/sql/CallableStatement":
        return STATEMENT | PREPARED_STATEMENT;
      case "java/sql/Connection":
        return CONNECTION;
      case "java/sql/Driver":
        return DRIVER;
      case "java/sql/ResultSet":
        return RESULT_SET;
      case "java/io/Serializable":
      case "java/io/Externalizable":
        return SERIALIZABLE;
      default:
        return NONE;
    }
  }

  /**
   * The roles of a loaded class, as a retransformation is given it. {@link #RESULT_SET} only for a
   * class the agent itself made a {@code CountedRows} when it was defined ({@link #PENDING_RESULTS}
   * likewise): a retransformation may not add fields, and must keep the ones added then.
   */
  static int of(Class<?> type) {
    if (type.isInterface()) {
      return NONE;
    }
    int roles = NONE;
    if (java.sql.Statement.class.isAssignableFrom(type)) {
      roles |= STATEMENT;
    }
    if (java.sql.PreparedStatement.class.isAssignableFrom(type)) {
      roles |= PREPARED_STATEMENT;
    }
    if (java.sql.Connection.class.isAssignableFrom(type)) {
      roles |= CONNECTION;
    }
    if (java.sql.Driver.class.isAssignableFrom(type)) {
      roles |= DRIVER;
    }
    for (Class<?> implemented : type.getInterfaces()) {
      if (implemented == io.querylens.bootstrap.CountedRows.class) {
        roles |= RESULT_SET;
      }
      if (implemented == io.querylens.bootstrap.PendingResults.class) {
        roles |= PENDING_RESULTS;
      }
    }
    return roles;
  }
}
