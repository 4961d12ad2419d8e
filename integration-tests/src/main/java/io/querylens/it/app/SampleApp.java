package io.querylens.it.app;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;

/**
 * A plain JDBC application, run in a forked JVM with and without the agent. It prints every result,
 * update count, generated key and exception it sees, so a test can check that the agent changed
 * none of them, and it plants recognisable literals that must never be exported.
 *
 * <p>Arguments: {@code url user password [postgresql|h2]}.
 */
public final class SampleApp {

  /** Literals planted in the SQL text; none may appear in anything the agent exports. */
  public static final String SECRET_EMAIL = "alice.secret@example.com";

  public static final String SECRET_CARD = "4111111111111111";
  public static final String SECRET_NAME = "Zebulon-Quartermaine";
  public static final long SECRET_NUMBER = 987654321L;

  private SampleApp() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args.length > 1 ? args[1] : "";
    String password = args.length > 2 ? args[2] : "";
    String dialect = args.length > 3 ? args[3] : "postgresql";
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      run(connection, dialect);
    }
    System.out.println("DONE");
  }

  static void run(Connection connection, String dialect) throws SQLException {
    boolean postgres = dialect.equals("postgresql");
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS customers");
      statement.execute(
          "CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(100), card VARCHAR(20),"
              + " name VARCHAR(100))");
      print(
          "insert-literal",
          statement.executeUpdate(
              "INSERT INTO customers (id, email, card, name) VALUES ("
                  + SECRET_NUMBER
                  + ", '"
                  + SECRET_EMAIL
                  + "', '"
                  + SECRET_CARD
                  + "', '"
                  + SECRET_NAME
                  + "')"));
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT id, email FROM customers WHERE email = '" + SECRET_EMAIL + "'")) {
        while (rows.next()) {
          print("select-literal", rows.getLong(1) + " " + rows.getString(2));
        }
      }
    }

    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO customers (id, email, card, name) VALUES (?, ?, ?, ?)")) {
      for (int i = 1; i <= 3; i++) {
        insert.setLong(1, i);
        insert.setString(2, "user" + i + "@example.com");
        insert.setString(3, "0000");
        insert.setString(4, "user" + i);
        insert.addBatch();
      }
      print("batch-prepared", Arrays.toString(insert.executeBatch()));
    }

    try (PreparedStatement select =
        connection.prepareStatement("SELECT name FROM customers WHERE id = ?")) {
      for (long id = 1; id <= 2; id++) {
        select.setLong(1, id);
        try (ResultSet rows = select.executeQuery()) {
          print("select-prepared", rows.next() ? rows.getString(1) : "none");
        }
      }
    }

    try (Statement statement = connection.createStatement()) {
      statement.addBatch("UPDATE customers SET name = 'renamed' WHERE id = 1");
      statement.addBatch("DELETE FROM customers WHERE id = 2");
      print("batch-statement", Arrays.toString(statement.executeBatch()));
    }

    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO customers (id, email) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
      insert.setLong(1, 10);
      insert.setString(2, "keys@example.com");
      print("insert-generated-keys", insert.executeUpdate());
      try (ResultSet keys = insert.getGeneratedKeys()) {
        print("generated-key", keys.next() ? keys.getString(1) : "none");
      }
    }

    try (Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT * FROM missing_table WHERE secret = '" + SECRET_CARD + "'");
      print("error", "none");
    } catch (SQLException e) {
      print("error", e.getClass().getName() + " " + e.getSQLState() + " " + e.getMessage());
    }

    if (postgres) {
      try (CallableStatement call = connection.prepareCall("{? = call upper(?)}")) {
        call.registerOutParameter(1, Types.VARCHAR);
        call.setString(2, "callable");
        call.execute();
        print("callable", call.getString(1));
      }
    }

    try (PreparedStatement update =
        connection.prepareStatement("UPDATE customers SET card = ? WHERE id = ?")) {
      update.setString(1, SECRET_CARD);
      update.setLong(2, 3);
      print("update-prepared", update.executeUpdate());
    }
  }

  private static void print(String step, Object result) {
    System.out.println("RESULT " + step + " " + result);
  }
}
