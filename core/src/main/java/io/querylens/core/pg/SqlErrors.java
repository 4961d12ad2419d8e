package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.SQLException;

/** What a failed catalog query means for the sampler, from its SQLSTATE. */
final class SqlErrors {

  static final String INSUFFICIENT_PRIVILEGE = "42501";
  static final String OBJECT_NOT_IN_PREREQUISITE_STATE = "55000";
  static final String QUERY_CANCELED = "57014";
  static final String LOCK_NOT_AVAILABLE = "55P03";

  private SqlErrors() {}

  /** The session is gone (network, server shutdown or restart): reconnect, don't skip. */
  static boolean connectionLost(SQLException error, Connection connection) {
    String state = error.getSQLState();
    if (state != null
        && (state.startsWith("08")
            || state.equals("57P01")
            || state.equals("57P02")
            || state.equals("57P03"))) {
      return true;
    }
    try {
      return connection.isClosed();
    } catch (SQLException closedCheckFailed) {
      return true;
    }
  }

  /** Retrying next interval would fail the same way: missing grant, extension or view. */
  static boolean permanent(SQLException error) {
    if (error instanceof FamilyUnavailableException) {
      return true;
    }
    String state = error.getSQLState();
    return INSUFFICIENT_PRIVILEGE.equals(state)
        || OBJECT_NOT_IN_PREREQUISITE_STATE.equals(state)
        || "42P01".equals(state) // undefined_table
        || "42883".equals(state) // undefined_function
        || "42703".equals(state); // undefined_column
  }
}
