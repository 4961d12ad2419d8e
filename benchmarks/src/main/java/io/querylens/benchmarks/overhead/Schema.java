package io.querylens.benchmarks.overhead;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables the workloads read and write, created by the launcher (never by a measured JVM, so no
 * agent sees the setup statements and every span it exports belongs to a counted statement).
 */
final class Schema {

  static final int ITEMS = 10_000;
  static final int ORDERS = 10_000;

  /** The columns an ORM selects from each of the four joined tables: every mapped field. */
  static final String[] ORM_COLUMNS = {
    "id",
    "created_at",
    "updated_at",
    "status",
    "total_amount",
    "currency",
    "note",
    "version",
    "external_reference",
    "shipping_address_line1",
    "shipping_address_city",
    "shipping_postcode",
    "customer_id",
    "order_id",
    "product_id",
    "price"
  };

  static final String[] ORM_TABLES = {"orders", "customers", "order_items", "products"};

  private Schema() {}

  static void create(String url, String user, String password) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS items, events, " + String.join(", ", ORM_TABLES));
      statement.execute("CREATE TABLE items (id bigint PRIMARY KEY, name text, price numeric)");
      statement.execute(
          "INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, "
              + ITEMS
              + ") g");
      // Unlogged: the batch workload measures the agent, not the WAL on a shared disk.
      statement.execute(
          "CREATE UNLOGGED TABLE events"
              + " (id bigserial PRIMARY KEY, item_id bigint, kind text, payload text)");
      for (String table : ORM_TABLES) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table).append(" (");
        for (int i = 0; i < ORM_COLUMNS.length; i++) {
          ddl.append(i == 0 ? "" : ", ").append(ORM_COLUMNS[i]).append(columnType(i));
        }
        statement.execute(ddl.append(")").toString());
      }
      statement.execute("INSERT INTO orders" + rows("g") + ORDERS + ") g");
      statement.execute("INSERT INTO customers" + rows("g") + "1000) g");
      statement.execute("INSERT INTO products" + rows("g") + "1000) g");
      // Three items per order, found by order_id through an index as an ORM's join would.
      statement.execute(
          "INSERT INTO order_items" + rows("g * 3 + k") + ORDERS + ") g, generate_series(0, 2) k");
      statement.execute("CREATE INDEX ON order_items (order_id)");
      statement.execute("ANALYZE");
    }
  }

  /** Empties the batch workload's table so every run inserts into the same size of table. */
  static void resetEvents(String url, String user, String password) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE events");
    }
  }

  /** A select of one row per {@code g} in every ORM column, ending where the series' size goes. */
  private static String rows(String id) {
    return " SELECT "
        + id
        + ", now(), now(), 'SHIPPED', g * 2.5, 'EUR', 'note', 1, 'ref-' || g,"
        + " 'street', 'city', '12345', g % 1000 + 1, g, g % 1000 + 1, 9.99"
        + " FROM generate_series(1, ";
  }

  private static String columnType(int index) {
    switch (ORM_COLUMNS[index]) {
      case "id":
        return " bigint PRIMARY KEY";
      case "created_at":
      case "updated_at":
        return " timestamptz";
      case "total_amount":
      case "price":
        return " numeric";
      case "version":
      case "customer_id":
      case "order_id":
      case "product_id":
        return " bigint";
      default:
        return " text";
    }
  }
}
