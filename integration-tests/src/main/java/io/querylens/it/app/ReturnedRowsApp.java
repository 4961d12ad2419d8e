package io.querylens.it.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Reads rows every way ReturnedRowsIT checks, and prints how many it read of each statement as
 * {@code READ <rows> <sql>}: to the end, partly, by scrolling, none (an update), prepared, and
 * through a HikariCP pool, whose proxy result set wraps the driver's; and the same through {@code
 * execute} then {@code getResultSet()}, as frameworks that run any SQL read, including a statement
 * with two result sets walked with {@code getMoreResults()}.
 */
public final class ReturnedRowsApp {

  public static final String FULL = "SELECT id FROM rows_items ORDER BY id DESC";
  public static final String PARTIAL = "SELECT id, label FROM rows_items";
  public static final String SCROLLED = "SELECT label FROM rows_items ORDER BY id";
  public static final String UPDATE = "UPDATE rows_items SET label = label";
  public static final String PREPARED = "SELECT id FROM rows_items WHERE id <= ?";
  public static final String POOLED = "SELECT label FROM rows_items WHERE id <= ?";
  public static final String EXECUTED = "SELECT id FROM rows_items WHERE label IS NOT NULL";
  public static final String EXECUTED_PREPARED = "SELECT label FROM rows_items WHERE id > ?";
  public static final String POOLED_EXECUTED = "SELECT id, label FROM rows_items WHERE id > ?";

  /** Two result sets: the span's rows are those read from the first. */
  public static final String TWO_RESULTS =
      "SELECT id FROM rows_items ORDER BY label; SELECT label FROM rows_items ORDER BY id";

  private ReturnedRowsApp() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
      try (Statement setup = connection.createStatement()) {
        setup.execute("DROP TABLE IF EXISTS rows_items");
        setup.execute("CREATE TABLE rows_items (id int PRIMARY KEY, label text)");
        setup.execute(
            "INSERT INTO rows_items SELECT i, 'item ' || i FROM generate_series(1, 10) i");
      }
      try (Statement statement = connection.createStatement()) {
        try (ResultSet rows = statement.executeQuery(FULL)) {
          read(FULL, count(rows, Integer.MAX_VALUE));
        }
        try (ResultSet rows = statement.executeQuery(PARTIAL)) {
          read(PARTIAL, count(rows, 3));
        }
        read(UPDATE, 0);
        statement.executeUpdate(UPDATE);
      }
      try (Statement scrollable =
              connection.createStatement(
                  ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY);
          ResultSet rows = scrollable.executeQuery(SCROLLED)) {
        int moves = 0;
        moves += rows.absolute(5) ? 1 : 0;
        moves += rows.previous() ? 1 : 0;
        moves += rows.last() ? 1 : 0;
        read(SCROLLED, moves);
      }
      try (PreparedStatement prepared = connection.prepareStatement(PREPARED)) {
        prepared.setInt(1, 4);
        try (ResultSet rows = prepared.executeQuery()) {
          read(PREPARED, count(rows, Integer.MAX_VALUE));
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute(EXECUTED);
        read(EXECUTED, count(statement.getResultSet(), Integer.MAX_VALUE));
        statement.execute(TWO_RESULTS);
        read(TWO_RESULTS, count(statement.getResultSet(), 4));
        statement.getMoreResults();
        count(statement.getResultSet(), Integer.MAX_VALUE); // the second result set: not counted
      }
      try (PreparedStatement prepared = connection.prepareStatement(EXECUTED_PREPARED)) {
        prepared.setInt(1, 5);
        prepared.execute();
        try (ResultSet rows = prepared.getResultSet()) {
          read(EXECUTED_PREPARED, count(rows, 2));
        }
      }
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setUsername(args[1]);
    config.setPassword(args[2]);
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config);
        Connection connection = pool.getConnection();
        PreparedStatement prepared = connection.prepareStatement(POOLED)) {
      prepared.setInt(1, 6);
      try (ResultSet rows = prepared.executeQuery()) {
        read(POOLED, count(rows, Integer.MAX_VALUE));
      }
      try (PreparedStatement executed = connection.prepareStatement(POOLED_EXECUTED)) {
        executed.setInt(1, 7);
        executed.execute();
        read(POOLED_EXECUTED, count(executed.getResultSet(), Integer.MAX_VALUE));
      }
    }
    System.out.println("DONE");
  }

  private static int count(ResultSet rows, int atMost) throws Exception {
    int read = 0;
    while (read < atMost && rows.next()) {
      read++;
    }
    return read;
  }

  private static void read(String sql, int rows) {
    System.out.println("READ " + rows + " " + sql);
  }
}
