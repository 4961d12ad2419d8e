package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Two requests fight over one row: the holder updates it and keeps its transaction open, the waiter
 * updates it too and waits; each session names its request's trace in {@code application_name}, as
 * a pool does per checkout. Prints {@code HOLDER_PID=} and {@code WAITER_PID=}, holds the lock for
 * {@code holdMillis}, then commits, and the waiter finishes. Arguments: {@code url user password
 * holdMillis holderTraceparent waiterTraceparent}. The updates carry literals the sampled sessions
 * must never show: {@link #HOLDER_LITERAL}, {@link #WAITER_LITERAL}, {@link #NOTE_LITERAL}.
 */
public final class LockWaitApp {

  public static final String HOLDER_LITERAL = "8675309";
  public static final String WAITER_LITERAL = "5551212";
  public static final String NOTE_LITERAL = "Jane Doe card-4111-1111";

  private LockWaitApp() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    long holdMillis = Long.parseLong(args[3]);
    try (Connection setup = DriverManager.getConnection(url, user, password);
        Statement statement = setup.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS wallets (id int PRIMARY KEY, balance bigint, note text)");
      statement.execute("INSERT INTO wallets VALUES (7, 100, '') ON CONFLICT (id) DO NOTHING");
    }
    ExecutorService requests = Executors.newSingleThreadExecutor();
    try (Connection holder = DriverManager.getConnection(url, user, password);
        Connection waiter = DriverManager.getConnection(url, user, password)) {
      name(holder, args[4]);
      name(waiter, args[5]);
      System.out.println("HOLDER_PID=" + pid(holder));
      System.out.println("WAITER_PID=" + pid(waiter));
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.executeUpdate(
            "UPDATE wallets SET balance = balance + "
                + HOLDER_LITERAL
                + ", note = '"
                + NOTE_LITERAL
                + "' WHERE id = 7");
      }
      Future<Integer> waiting =
          requests.submit(
              () -> {
                try (Statement statement = waiter.createStatement()) {
                  return statement.executeUpdate(
                      "UPDATE wallets SET balance = " + WAITER_LITERAL + " WHERE id = 7");
                }
              });
      TimeUnit.MILLISECONDS.sleep(holdMillis);
      if (waiting.isDone()) {
        throw new IllegalStateException("the waiter did not wait for the row lock");
      }
      holder.commit();
      System.out.println("WAITER_UPDATED=" + waiting.get(30, TimeUnit.SECONDS));
    } finally {
      requests.shutdownNow();
    }
    System.out.println("DONE");
  }

  /** {@code application_name} holds at most 63 bytes: a short prefix and the traceparent fit. */
  private static void name(Connection connection, String traceparent) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET application_name = 'shop " + traceparent + "'");
    }
  }

  private static int pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
