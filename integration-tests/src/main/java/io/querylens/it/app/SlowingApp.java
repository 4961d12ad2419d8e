package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * One statement shape, fast for a while and then slower, as after a bad deploy: the agent's
 * regression rule should tell. Arguments: {@code url user password fastMillis slowMillis}.
 */
public final class SlowingApp {

  /** The shape that slows down: {@code pg_sleep} of 0, then of 8 ms. */
  public static final String STATEMENT = "SELECT pg_sleep(?)";

  private SlowingApp() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
        PreparedStatement statement = connection.prepareStatement(STATEMENT)) {
      runFor(statement, 0.0, Long.parseLong(args[3]));
      runFor(statement, 0.008, Long.parseLong(args[4]));
    }
    System.out.println("DONE");
  }

  private static void runFor(PreparedStatement statement, double seconds, long millis)
      throws Exception {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      statement.setDouble(1, seconds);
      statement.executeQuery().close();
    }
  }
}
