package io.querylens.benchmarks.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An order-entry database in the manner of TPC-C, small enough to load in seconds: one warehouse,
 * ten districts of {@value #CUSTOMERS_PER_DISTRICT} customers, {@value #ITEMS} items in stock and
 * {@value #ORDERS_PER_DISTRICT} orders per district, the newest third of them not yet delivered.
 * Loaded anew before every run, so every configuration starts from the same data.
 */
final class OrderEntrySchema {

  static final int WAREHOUSE = 1;
  static final int DISTRICTS = 10;
  static final int CUSTOMERS_PER_DISTRICT = 300;
  static final int ITEMS = 10_000;
  static final int ORDERS_PER_DISTRICT = 300;

  /** Last names are drawn from this many, so a last-name lookup finds a few customers. */
  static final int LAST_NAMES = 100;

  private OrderEntrySchema() {}

  static void load(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement ddl = connection.createStatement()) {
      ddl.execute(
          "DROP TABLE IF EXISTS warehouse, district, customer, history, item, stock, oorder,"
              + " new_order, order_line");
      ddl.execute(
          "CREATE TABLE warehouse (w_id int PRIMARY KEY, w_name text, w_tax numeric(4,4),"
              + " w_ytd numeric(12,2))");
      ddl.execute(
          "CREATE TABLE district (d_w_id int, d_id int, d_name text, d_tax numeric(4,4),"
              + " d_ytd numeric(12,2), d_next_o_id int, PRIMARY KEY (d_w_id, d_id))");
      ddl.execute(
          "CREATE TABLE customer (c_w_id int, c_d_id int, c_id int, c_first text, c_last text,"
              + " c_credit text, c_discount numeric(4,4), c_balance numeric(12,2),"
              + " c_ytd_payment numeric(12,2), c_payment_cnt int, c_delivery_cnt int,"
              + " c_data text, PRIMARY KEY (c_w_id, c_d_id, c_id))");
      ddl.execute("CREATE INDEX customer_last_idx ON customer (c_w_id, c_d_id, c_last, c_first)");
      ddl.execute(
          "CREATE TABLE history (h_c_id int, h_c_d_id int, h_c_w_id int, h_d_id int, h_w_id int,"
              + " h_date timestamptz, h_amount numeric(6,2), h_data text)");
      ddl.execute(
          "CREATE TABLE item (i_id int PRIMARY KEY, i_name text, i_price numeric(5,2), i_data"
              + " text)");
      ddl.execute(
          "CREATE TABLE stock (s_w_id int, s_i_id int, s_quantity int, s_ytd int,"
              + " s_order_cnt int, s_remote_cnt int, s_data text, PRIMARY KEY (s_w_id, s_i_id))");
      ddl.execute(
          "CREATE TABLE oorder (o_w_id int, o_d_id int, o_id int, o_c_id int, o_entry_d"
              + " timestamptz, o_carrier_id int, o_ol_cnt int, o_all_local int,"
              + " PRIMARY KEY (o_w_id, o_d_id, o_id))");
      ddl.execute("CREATE INDEX oorder_customer_idx ON oorder (o_w_id, o_d_id, o_c_id, o_id)");
      ddl.execute(
          "CREATE TABLE new_order (no_w_id int, no_d_id int, no_o_id int,"
              + " PRIMARY KEY (no_w_id, no_d_id, no_o_id))");
      ddl.execute(
          "CREATE TABLE order_line (ol_w_id int, ol_d_id int, ol_o_id int, ol_number int,"
              + " ol_i_id int, ol_supply_w_id int, ol_delivery_d timestamptz, ol_quantity int,"
              + " ol_amount numeric(6,2), ol_dist_info text,"
              + " PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number))");
      ddl.execute("INSERT INTO warehouse VALUES (1, 'main', 0.0800, 300000)");
      ddl.execute(
          "INSERT INTO district SELECT 1, d, 'district ' || d, 0.0500, 30000, "
              + (ORDERS_PER_DISTRICT + 1)
              + " FROM generate_series(1, "
              + DISTRICTS
              + ") d");
      ddl.execute(
          "INSERT INTO customer SELECT 1, d, c, 'first' || c, 'LAST' || (c % "
              + LAST_NAMES
              + "), CASE WHEN c % 10 = 0 THEN 'BC' ELSE 'GC' END, 0.0200, -10, 10, 1, 0,"
              + " repeat('x', 300) FROM generate_series(1, "
              + DISTRICTS
              + ") d, generate_series(1, "
              + CUSTOMERS_PER_DISTRICT
              + ") c");
      ddl.execute(
          "INSERT INTO item SELECT i, 'item ' || i, 1 + (i % 100), repeat('d', 40)"
              + " FROM generate_series(1, "
              + ITEMS
              + ") i");
      ddl.execute(
          "INSERT INTO stock SELECT 1, i, 50 + i % 50, 0, 0, 0, repeat('s', 40)"
              + " FROM generate_series(1, "
              + ITEMS
              + ") i");
      ddl.execute(
          "INSERT INTO oorder SELECT 1, d, o, 1 + (o * 7) % "
              + CUSTOMERS_PER_DISTRICT
              + ", now(), CASE WHEN o < "
              + (ORDERS_PER_DISTRICT * 2 / 3)
              + " THEN 1 + o % 10 END, 5, 1 FROM generate_series(1, "
              + DISTRICTS
              + ") d, generate_series(1, "
              + ORDERS_PER_DISTRICT
              + ") o");
      ddl.execute(
          "INSERT INTO new_order SELECT 1, d, o FROM generate_series(1, "
              + DISTRICTS
              + ") d, generate_series("
              + (ORDERS_PER_DISTRICT * 2 / 3)
              + ", "
              + ORDERS_PER_DISTRICT
              + ") o");
      ddl.execute(
          "INSERT INTO order_line SELECT 1, d, o, n, 1 + (o * 31 + n * 17) % "
              + ITEMS
              + ", 1, CASE WHEN o < "
              + (ORDERS_PER_DISTRICT * 2 / 3)
              + " THEN now() END, 5, (o % 100) + 0.5, repeat('i', 24)"
              + " FROM generate_series(1, "
              + DISTRICTS
              + ") d, generate_series(1, "
              + ORDERS_PER_DISTRICT
              + ") o, generate_series(1, 5) n");
      ddl.execute("VACUUM ANALYZE");
    }
  }
}
