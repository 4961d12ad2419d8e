package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Runs a set of statement shapes over the table {@code shapes} (which the test creates), a few
 * times each, prints {@code RAN}, then keeps its connection open and idles until it is stopped, so
 * the agent's sampler and plan refresh keep running over what it saw.
 *
 * <p>Arguments: {@code url user password shapeCount idleSeconds}. Shape {@code i} reads by column
 * {@code c<i>}; one more shape, {@link #FLIP_SHAPE}, reads by {@code code}, whose index the test
 * creates to flip its plan.
 */
public final class PlannedShapesApp {

  /** The shape whose plan the test flips (a sequential scan until {@code code} is indexed). */
  public static final String FLIP_SHAPE = "SELECT id FROM shapes WHERE code = ?";

  private PlannedShapesApp() {}

  /** The text of shape {@code i}. */
  public static String shape(int i) {
    return "SELECT id FROM shapes WHERE c" + i + " = ?";
  }

  public static void main(String[] args) throws Exception {
    int shapes = Integer.parseInt(args[3]);
    long idleMillis = Long.parseLong(args[4]) * 1000;
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
      for (int round = 0; round < 3; round++) {
        run(connection, FLIP_SHAPE, round);
        for (int i = 0; i < shapes; i++) {
          run(connection, shape(i), round);
        }
      }
      System.out.println("RAN");
      Thread.sleep(idleMillis);
    }
  }

  private static void run(Connection connection, String sql, int value) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          rows.getLong(1);
        }
      }
    }
  }
}
