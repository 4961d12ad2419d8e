package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * A plain JDBC application on an in-process database (H2, HSQLDB, Derby, SQLite), in SQL all four
 * accept. It prints every result and exception it sees, so a test can check the agent changed none.
 *
 * <p>Argument: the JDBC URL.
 */
public final class EmbeddedDatabaseApp {

  /** The spans its statements give, in execution order. */
  public static final String[] SPAN_NAMES = {
    "CREATE TABLE customers",
    "INSERT customers",
    "BATCH INSERT customers",
    "SELECT customers",
    "SELECT customers",
    "UPDATE customers",
    "DELETE customers",
    "SELECT customers",
    "SELECT missing_table"
  };

  private EmbeddedDatabaseApp() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0])) {
      run(connection);
    }
    System.out.println("DONE");
  }

  private static void run(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(100))");
      print("insert", statement.executeUpdate("INSERT INTO customers (id, name) VALUES (1, 'a')"));
    }
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO customers (id, name) VALUES (?, ?)")) {
      for (int id = 2; id <= 4; id++) {
        insert.setLong(1, id);
        insert.setString(2, "user" + id);
        insert.addBatch();
      }
      print("batch", Arrays.toString(insert.executeBatch()));
    }
    try (PreparedStatement select =
        connection.prepareStatement("SELECT name FROM customers WHERE id = ?")) {
      for (long id = 1; id <= 2; id++) {
        select.setLong(1, id);
        try (ResultSet rows = select.executeQuery()) {
          print("select", rows.next() ? rows.getString(1) : "none");
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      print("update", statement.executeUpdate("UPDATE customers SET name = 'b' WHERE id = 2"));
    }
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM customers WHERE id = ?")) {
      delete.setLong(1, 3);
      print("delete", delete.executeUpdate());
    }
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM customers")) {
        print("count", rows.next() ? rows.getLong(1) : -1);
      }
      try {
        statement.executeQuery("SELECT * FROM missing_table");
        print("error", "none");
      } catch (SQLException e) {
        print("error", e.getClass().getName() + " " + e.getSQLState());
      }
    }
  }

  private static void print(String step, Object result) {
    System.out.println("RESULT " + step + " " + result);
  }
}
