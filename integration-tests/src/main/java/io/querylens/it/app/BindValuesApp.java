package io.querylens.it.app;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;

/**
 * Binds one value of each kind JDBC offers (numbers, text, decimal, date, timestamp, boolean, null,
 * bytes, a stream, a 1,000-char text), runs a batch and a query with {@code clearParameters} in
 * between. Prints only counts, never a value, so a value found in its output came from the agent.
 *
 * <p>Arguments: {@code url user password}.
 */
public final class BindValuesApp {

  public static final String EMAIL = "bound.alice@example.org";
  public static final String BATCH_EMAIL = "batched.bob@example.org";
  public static final String QUERIED_EMAIL = "queried.carol@example.org";
  public static final String LONG_NOTE = "n".repeat(1000);

  private BindValuesApp() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS accounts");
      statement.execute(
          "CREATE TABLE accounts (id int PRIMARY KEY, email text, balance numeric, opened date,"
              + " seen timestamp, active boolean, note text, photo bytea, ratio double precision)");
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO accounts (id, email, balance, opened, seen, active, note, photo, ratio)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setInt(1, 1);
        insert.setString(2, EMAIL);
        insert.setBigDecimal(3, new BigDecimal("12.50"));
        insert.setDate(4, Date.valueOf("2026-11-22"));
        insert.setTimestamp(5, Timestamp.valueOf("2026-11-22 10:15:30"));
        insert.setBoolean(6, true);
        insert.setNull(7, Types.VARCHAR);
        insert.setBytes(8, new byte[] {1, 2, 3});
        insert.setDouble(9, 0.25);
        print("insert", insert.executeUpdate());

        insert.setInt(1, 2);
        insert.setString(7, LONG_NOTE);
        insert.setBinaryStream(8, new ByteArrayInputStream(new byte[] {4, 5, 6}), 3);
        print("insert-again", insert.executeUpdate());

        insert.setString(2, BATCH_EMAIL);
        insert.setNull(8, Types.BINARY); // the stream was read by the execution above
        insert.setInt(1, 3);
        insert.addBatch();
        insert.setInt(1, 4);
        insert.addBatch();
        print("batch", insert.executeBatch().length);
      }
      try (PreparedStatement query =
          connection.prepareStatement("SELECT count(*) FROM accounts WHERE email = ? OR id = ?")) {
        query.setString(1, QUERIED_EMAIL);
        query.setLong(2, 99L);
        query.clearParameters();
        query.setObject(1, EMAIL);
        query.setShort(2, (short) 2);
        try (ResultSet rows = query.executeQuery()) {
          rows.next();
          print("select", rows.getLong(1));
        }
      }
    }
    System.out.println("DONE");
  }

  private static void print(String step, Object result) {
    System.out.println("RESULT " + step + " " + result);
  }
}
