package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * A small shop's database traffic, for the demo: a schema with customers, products and orders, then
 * a fixed, seeded mix of the statements such an application runs. Nothing here knows about
 * QueryLens; the demo attaches the agent to this JVM.
 *
 * <p>Arguments: {@code url user password [rounds]}.
 */
public final class ShopWorkload {

  private ShopWorkload() {}

  public static void main(String[] args) throws SQLException {
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2000;
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
      createSchema(connection);
      run(connection, rounds, new Random(42));
    }
    System.out.println("DONE " + rounds + " rounds");
  }

  private static void createSchema(Connection connection) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute(
          "DROP TABLE IF EXISTS order_items, orders, products, customers, carts, order_events,"
              + " stock_movements");
      ddl.execute(
          "CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, country text,"
              + " created_at timestamptz DEFAULT now())");
      ddl.execute(
          "CREATE TABLE products (id bigint PRIMARY KEY, name text, price numeric(10,2),"
              + " stock int)");
      ddl.execute(
          "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint NOT NULL,"
              + " status text NOT NULL, total numeric(12,2), created_at timestamptz DEFAULT now())");
      ddl.execute(
          "CREATE TABLE order_items (order_id bigint, product_id bigint, quantity int,"
              + " PRIMARY KEY (order_id, product_id))");
      ddl.execute(
          "INSERT INTO customers (id, email, country) SELECT g, 'customer' || g || '@example.com',"
              + " (ARRAY['DE','FR','US','JP'])[1 + g % 4] FROM generate_series(1, 5000) g");
      ddl.execute(
          "INSERT INTO products (id, name, price, stock) SELECT g, 'product ' || g,"
              + " (g % 100) + 0.99, 100 FROM generate_series(1, 500) g");
      ddl.execute(
          "INSERT INTO orders (customer_id, status, total) SELECT 1 + g % 5000,"
              + " (ARRAY['new','paid','shipped'])[1 + g % 3], g % 300 FROM generate_series(1, 50000) g");
      plantProblems(ddl);
      ddl.execute("ANALYZE");
    }
  }

  /**
   * What a real shop accumulates: an index nobody queries by, a second index that a composite one
   * already covers, a table whose deleted rows autovacuum never cleaned up, and a write-only event
   * log carrying five indexes. (The hot query on orders by customer_id has no index at all.) And a
   * stock ledger looked up by warehouse, product and batch, where only the key's (warehouse,
   * product) prefix is indexed: each lookup fetches 3,000 movements to keep one.
   */
  private static void plantProblems(Statement ddl) throws SQLException {
    ddl.execute("CREATE INDEX customers_country_idx ON customers (country)");
    ddl.execute("CREATE INDEX order_items_order_idx ON order_items (order_id)");
    ddl.execute(
        "CREATE TABLE carts (id bigint PRIMARY KEY, customer_id bigint, items text)"
            + " WITH (autovacuum_enabled = false)");
    ddl.execute(
        "INSERT INTO carts SELECT g, g % 5000, repeat('i', 40) FROM generate_series(1, 8000) g");
    ddl.execute("DELETE FROM carts WHERE id % 4 <> 0");
    // An event log written all day and read by nobody, with an index for every idea someone had.
    ddl.execute(
        "CREATE TABLE order_events (id bigserial PRIMARY KEY, order_id bigint, kind text,"
            + " created_at timestamptz DEFAULT now())");
    ddl.execute("CREATE INDEX order_events_order_idx ON order_events (order_id)");
    ddl.execute("CREATE INDEX order_events_kind_idx ON order_events (kind)");
    ddl.execute("CREATE INDEX order_events_created_idx ON order_events (created_at)");
    ddl.execute("CREATE INDEX order_events_kind_created_idx ON order_events (kind, created_at)");
    ddl.execute(
        "INSERT INTO order_events (order_id, kind) SELECT 1 + g % 50000,"
            + " (ARRAY['created','paid','shipped'])[1 + g % 3] FROM generate_series(1, 5000) g");
    ddl.execute(
        "CREATE TABLE stock_movements (warehouse_id int, product_id int, movement_id int,"
            + " batch_no int, quantity int, PRIMARY KEY (warehouse_id, product_id, movement_id))");
    ddl.execute(
        "INSERT INTO stock_movements SELECT g % 3, (g / 3) % 10, g, g % 3000, 1 + g % 7"
            + " FROM generate_series(0, 89999) g");
  }

  private static void run(Connection connection, int rounds, Random random) throws SQLException {
    try (PreparedStatement customerById =
            connection.prepareStatement("SELECT id, email, country FROM customers WHERE id = ?");
        PreparedStatement ordersOfCustomer =
            connection.prepareStatement(
                "SELECT id, status, total FROM orders WHERE customer_id = ? ORDER BY created_at DESC"
                    + " LIMIT 10");
        PreparedStatement newOrder =
            connection.prepareStatement(
                "INSERT INTO orders (customer_id, status, total) VALUES (?, 'new', ?)",
                Statement.RETURN_GENERATED_KEYS);
        PreparedStatement addItem =
            connection.prepareStatement(
                "INSERT INTO order_items (order_id, product_id, quantity) VALUES (?, ?, ?)");
        PreparedStatement takeStock =
            connection.prepareStatement("UPDATE products SET stock = stock - ? WHERE id = ?");
        PreparedStatement signUp =
            connection.prepareStatement("INSERT INTO customers (id, email) VALUES (?, ?)");
        PreparedStatement batchMovements =
            connection.prepareStatement(
                "SELECT movement_id, quantity FROM stock_movements"
                    + " WHERE warehouse_id = ? AND product_id = ? AND batch_no = ?");
        Statement adHoc = connection.createStatement()) {
      for (int round = 0; round < rounds; round++) {
        long customer = 1 + random.nextInt(5000);
        customerById.setLong(1, customer);
        drain(customerById.executeQuery());
        ordersOfCustomer.setLong(1, customer);
        drain(ordersOfCustomer.executeQuery());
        batchMovements.setInt(1, random.nextInt(3));
        batchMovements.setInt(2, random.nextInt(10));
        batchMovements.setInt(3, random.nextInt(3000));
        drain(batchMovements.executeQuery());
        if (round % 10 == 0) {
          placeOrder(newOrder, addItem, takeStock, customer, random);
        }
        if (round % 100 == 0) {
          signUpTwice(signUp, customer);
        }
        if (round % 50 == 0) {
          // Literal SQL, as reports and admin screens write it: one shape whatever the values.
          drain(
              adHoc.executeQuery(
                  "SELECT country, count(*) FROM customers WHERE created_at > now() - interval '"
                      + (1 + random.nextInt(30))
                      + " days' GROUP BY country"));
          // Read as frameworks that run any SQL read: execute, then getResultSet.
          adHoc.execute(
              "SELECT id, total FROM orders WHERE status = 'paid' AND total > "
                  + random.nextInt(250)
                  + " ORDER BY total DESC LIMIT 5");
          drain(adHoc.getResultSet());
        }
      }
    }
  }

  private static void placeOrder(
      PreparedStatement newOrder,
      PreparedStatement addItem,
      PreparedStatement takeStock,
      long customer,
      Random random)
      throws SQLException {
    newOrder.setLong(1, customer);
    newOrder.setBigDecimal(2, java.math.BigDecimal.valueOf(random.nextInt(500)));
    newOrder.executeUpdate();
    long orderId;
    try (ResultSet keys = newOrder.getGeneratedKeys()) {
      keys.next();
      orderId = keys.getLong(1);
    }
    int items = 1 + random.nextInt(4);
    for (int i = 0; i < items; i++) {
      addItem.setLong(1, orderId);
      addItem.setLong(2, 1 + i * 100 + random.nextInt(100));
      addItem.setInt(3, 1 + random.nextInt(3));
      addItem.addBatch();
    }
    addItem.executeBatch();
    takeStock.setInt(1, 1);
    takeStock.setLong(2, 1 + random.nextInt(500));
    takeStock.executeUpdate();
  }

  /**
   * A sign-up form submitted twice: the customer exists, so the insert fails with a unique
   * violation (SQLState 23505), as some statements of every real application do.
   */
  private static void signUpTwice(PreparedStatement signUp, long customer) {
    try {
      signUp.setLong(1, customer);
      signUp.setString(2, "customer" + customer + "@example.com");
      signUp.executeUpdate();
    } catch (SQLException duplicate) {
      // expected: the shop shows the form's error and goes on
    }
  }

  private static void drain(ResultSet rows) throws SQLException {
    try (rows) {
      while (rows.next()) {
        rows.getObject(1);
      }
    }
  }
}
