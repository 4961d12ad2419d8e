package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Statements at the edges of size: a 10 MB string literal, a 10 MB IN-list, a 100,000-row prepared
 * batch and a 100,000-statement plain batch of generated INSERTs. Arguments: JDBC URL, user,
 * password. Prints a RESULT line per statement, then {@code DONE}.
 */
public final class LargeStatementApp {

  static final int TEN_MB = 10 * 1024 * 1024;
  public static final int BATCH_ROWS = 100_000;

  private LargeStatementApp() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS batch_rows");
      statement.execute("CREATE TABLE batch_rows (id int, email text)");

      StringBuilder literal = new StringBuilder(TEN_MB + 32).append("SELECT length('");
      literal.append("x".repeat(TEN_MB)).append("')");
      printFirstColumn("long literal", statement, literal.toString());

      StringBuilder inList =
          new StringBuilder(TEN_MB + 64).append("SELECT count(*) FROM batch_rows");
      inList.append(" WHERE id IN (0");
      for (int i = 1; inList.length() < TEN_MB; i++) {
        inList.append(", ").append(i);
      }
      printFirstColumn("long IN list", statement, inList.append(')').toString());

      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO batch_rows (id, email) VALUES (?, ?)")) {
        for (int i = 0; i < BATCH_ROWS; i++) {
          insert.setInt(1, i);
          insert.setString(2, "user" + i + "@example.com");
          insert.addBatch();
        }
        System.out.println("RESULT prepared batch updated=" + sum(insert.executeBatch()));
      }

      for (int i = 0; i < BATCH_ROWS; i++) {
        statement.addBatch(
            "INSERT INTO batch_rows (id, email) VALUES (" + i + ", 'user" + i + "@example.com')");
      }
      System.out.println("RESULT statement batch updated=" + sum(statement.executeBatch()));

      printFirstColumn("rows", statement, "SELECT count(*) FROM batch_rows");
    }
    System.out.println("DONE");
  }

  private static void printFirstColumn(String label, Statement statement, String sql)
      throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      System.out.println("RESULT " + label + " " + result.getString(1));
    }
  }

  private static long sum(int[] counts) {
    long total = 0;
    for (int count : counts) {
      total += count;
    }
    return total;
  }
}
