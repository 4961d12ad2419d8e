package io.querylens.agent.instrumentation;

/**
 * What a class is to JDBC, as bits: a statement, a prepared (or callable) statement, a connection,
 * a driver. One class may be several; most are none.
 */
final class JdbcRoles {

  static final int NONE = 0;
  static final int STATEMENT = 1;
  static final int PREPARED_STATEMENT = 2;
  static final int CONNECTION = 4;
  static final int DRIVER = 8;

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
      default:
        return NONE;
    }
  }

  /** The roles of a loaded class, as a retransformation is given it. */
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
    return roles;
  }
}
