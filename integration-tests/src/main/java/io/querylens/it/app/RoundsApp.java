package io.querylens.it.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * A plain JDBC application that runs the same round of statements again and again, and can hold
 * between rounds while a test injects a fault (stops the collector, restarts PostgreSQL). It prints
 * what the application sees (update counts, row counts, exception classes and SQLStates), never the
 * values it stores, so its whole output can be searched for leaked values.
 *
 * <p>Arguments: {@code url user password rounds [holdRounds holdDirectory]}, where {@code
 * holdRounds} is a comma-separated list: after each of those rounds the application prints {@code
 * HOLD r} and waits until the file {@code go-r} exists in {@code holdDirectory}.
 */
public final class RoundsApp {

  /** Spans the set-up gives: {@code DROP TABLE}, {@code CREATE TABLE}. */
  public static final int SETUP_STATEMENTS = 2;

  /** Statements each round executes. */
  public static final int STATEMENTS_PER_ROUND = 4;

  public static final String SECRET_EMAIL = "rounds.secret@example.com";
  public static final String SECRET_CARD = "4111111111111111";

  private final String url;
  private final String user;
  private final String password;
  private Connection connection;

  private RoundsApp(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[3]);
    Set<Integer> holds = new HashSet<>();
    Path holdDirectory = null;
    if (args.length > 5) {
      for (String round : args[4].split(",")) {
        holds.add(Integer.parseInt(round));
      }
      holdDirectory = Path.of(args[5]);
    }
    RoundsApp app = new RoundsApp(args[0], args[1], args[2]);
    app.connection = app.connect();
    app.setUp();
    for (int round = 1; round <= rounds; round++) {
      app.round(round);
      System.out.println("ROUND " + round);
      if (holds.contains(round)) {
        hold(round, holdDirectory);
      }
    }
    app.connection.close();
    System.out.println("DONE");
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private void setUp() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS rounds");
      statement.execute(
          "CREATE TABLE rounds (id BIGINT PRIMARY KEY, email VARCHAR(100), card VARCHAR(20))");
    }
  }

  private void round(int round) throws SQLException {
    step(
        round,
        "insert-literal",
        () -> {
          try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(
                "INSERT INTO rounds (id, email, card) VALUES ("
                    + round
                    + ", '"
                    + round
                    + SECRET_EMAIL
                    + "', '"
                    + SECRET_CARD
                    + "')");
          }
        });
    step(
        round,
        "select-literal",
        () -> {
          try (Statement statement = connection.createStatement();
              ResultSet rows =
                  statement.executeQuery(
                      "SELECT count(*) FROM rounds WHERE card = '" + SECRET_CARD + "'")) {
            rows.next();
            return rows.getLong(1);
          }
        });
    step(
        round,
        "select-prepared",
        () -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT length(email) FROM rounds WHERE id = ?")) {
            select.setLong(1, round);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? rows.getInt(1) : -1;
            }
          }
        });
    step(
        round,
        "error",
        () -> {
          try (Statement statement = connection.createStatement()) {
            statement.executeQuery(
                "SELECT * FROM missing_table WHERE card = '" + SECRET_CARD + "'");
            return "none";
          }
        });
  }

  /** Runs one statement and prints its outcome; a broken connection is replaced, as pools do. */
  private void step(int round, String name, Step step) throws SQLException {
    String outcome;
    try {
      outcome = String.valueOf(step.run());
    } catch (SQLException e) {
      outcome = e.getClass().getName() + " " + e.getSQLState();
    }
    System.out.println("RESULT " + round + " " + name + " " + outcome);
    if (connection.isClosed()) {
      connection = connect();
      System.out.println("RESULT " + round + " reconnected");
    }
  }

  private static void hold(int round, Path directory) throws InterruptedException {
    System.out.println("HOLD " + round);
    System.out.flush();
    Path go = directory.resolve("go-" + round);
    while (!Files.exists(go)) {
      Thread.sleep(20);
    }
  }

  private interface Step {
    Object run() throws SQLException;
  }
}
