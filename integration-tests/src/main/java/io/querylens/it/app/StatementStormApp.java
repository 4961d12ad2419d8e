package io.querylens.it.app;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A storm of distinct SQL strings on an in-memory H2 database, as an application that builds its
 * SQL by concatenation does: literals that change every call (the fingerprinter cannot cache the
 * text), truly distinct shapes (a new alias each call), statements over thousands of tables (more
 * summaries than any metric may hold as series) and string literals that look like personal data.
 *
 * <p>Arguments: the number of statements, then the number of tables. Prints {@code HEAP
 * <statements> <bytes used after GC>} at a tenth, half and the end, then its result line and {@code
 * DONE}.
 */
public final class StatementStormApp {

  private StatementStormApp() {}

  public static void main(String[] args) throws Exception {
    int statements = Integer.parseInt(args[0]);
    int tables = Integer.parseInt(args[1]);
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:storm", "sa", "");
        Statement statement = connection.createStatement()) {
      createTables(statement, tables);
      printHeapUsed(0);
      long rows = 0;
      for (int i = 1; i <= statements; i++) {
        try (ResultSet result = statement.executeQuery(sql(i, tables))) {
          while (result.next()) {
            rows++;
          }
        }
        if (i == statements / 10 || i == statements / 2 || i == statements) {
          printHeapUsed(i);
        }
      }
      System.out.println("RESULT statements=" + statements + " rows=" + rows);
    }
    System.out.println("DONE");
  }

  static String sql(int i, int tables) {
    switch (i % 4) {
      case 0:
        return "SELECT v FROM items WHERE id = " + (i % 2000);
      case 1:
        return "SELECT v AS c" + i + " FROM items WHERE id = 1";
      case 2:
        return "SELECT v FROM t" + (i % tables) + " WHERE id = 1";
      default:
        return "SELECT v FROM items WHERE note = 'user" + i + "@example.com'";
    }
  }

  private static void createTables(Statement statement, int tables) throws SQLException {
    statement.execute("CREATE TABLE items (id INT PRIMARY KEY, v INT, note VARCHAR(64))");
    statement.execute(
        "INSERT INTO items SELECT x, x * 2, 'user' || x || '@example.com'"
            + " FROM SYSTEM_RANGE(1, 1000)");
    for (int t = 0; t < tables; t++) {
      statement.execute("CREATE TABLE t" + t + " (id INT PRIMARY KEY, v INT)");
      statement.execute("INSERT INTO t" + t + " VALUES (1, " + t + ")");
    }
  }

  /** The heap still in use after full collections: what the process holds, not its garbage. */
  private static void printHeapUsed(int statementsSoFar) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    System.out.println("HEAP " + statementsSoFar + " " + used);
  }
}
