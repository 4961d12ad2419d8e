package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens and prepares the sampler's own session: read-only, named {@code querylens}, with {@code
 * statement_timeout} and {@code lock_timeout} so sampling never waits behind the application's
 * locks, JIT off (catalog queries are short; compiling them costs more than it saves) and a search
 * path that application objects cannot shadow.
 */
final class SamplingSession {

  private SamplingSession() {}

  static Connection open(ConnectionSource source, SamplerSettings settings) throws SQLException {
    Connection connection = source.open();
    try {
      connection.setAutoCommit(true);
      // A hung network must not hang the sampler thread: statement_timeout plus a margin.
      int networkTimeout =
          (int) Math.min(Integer.MAX_VALUE, settings.statementTimeout().toMillis());
      connection.setNetworkTimeout(Runnable::run, networkTimeout + 10_000);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET application_name = 'querylens'");
        statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        statement.execute("SET default_transaction_read_only = on");
        statement.execute("SET statement_timeout = " + settings.statementTimeout().toMillis());
        statement.execute("SET lock_timeout = " + settings.lockTimeout().toMillis());
        statement.execute("SET idle_in_transaction_session_timeout = 0");
        statement.execute("SET jit = off");
        statement.execute("SET search_path = pg_catalog");
      }
      return connection;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closeFailed) {
        e.addSuppressed(closeFailed);
      }
      throw e;
    }
  }

  static ServerIdentity identify(Connection connection, ServerKey server) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT /* querylens */ current_setting('server_version_num')::int AS num,"
                    + " current_setting('server_version') AS version, current_database() AS db,"
                    + " pg_postmaster_start_time() AS started, pg_is_in_recovery() AS standby,"
                    + " current_user AS role,"
                    + " (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
                    + " OR pg_has_role(current_user, 'pg_monitor', 'USAGE') AS monitor")) {
      rows.next();
      return new ServerIdentity(
          server,
          rows.getString("db"),
          rows.getInt("num"),
          rows.getString("version"),
          Rows.instant(rows, "started"),
          rows.getBoolean("standby"),
          rows.getBoolean("monitor"));
    }
  }

  static String role(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT /* querylens */ current_user")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
