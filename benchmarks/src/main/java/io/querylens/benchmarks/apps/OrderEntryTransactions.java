package io.querylens.benchmarks.apps;

import static io.querylens.benchmarks.apps.OrderEntrySchema.CUSTOMERS_PER_DISTRICT;
import static io.querylens.benchmarks.apps.OrderEntrySchema.DISTRICTS;
import static io.querylens.benchmarks.apps.OrderEntrySchema.ITEMS;
import static io.querylens.benchmarks.apps.OrderEntrySchema.LAST_NAMES;
import static io.querylens.benchmarks.apps.OrderEntrySchema.WAREHOUSE;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;

/**
 * The five order-entry transactions, written as a JDBC application writes them: a statement
 * prepared per use (the driver's statement cache makes repeats server-prepared), a batch for the
 * order lines, and plain statements with literals where reports build their SQL. About thirty
 * statement shapes in all; a new order runs 10 to 40 statements, a delivery about 60.
 */
final class OrderEntryTransactions {

  /** The standard mix: 45% new order, 43% payment, 4% each of the others. */
  enum Kind {
    NEW_ORDER,
    PAYMENT,
    ORDER_STATUS,
    DELIVERY,
    STOCK_LEVEL;

    static Kind draw(Random random) {
      int n = random.nextInt(100);
      return n < 45
          ? NEW_ORDER
          : n < 88 ? PAYMENT : n < 92 ? ORDER_STATUS : n < 96 ? DELIVERY : STOCK_LEVEL;
    }
  }

  private final Random random;

  OrderEntryTransactions(Random random) {
    this.random = random;
  }

  /** Runs {@code kind} in one transaction of {@code connection} (auto-commit off). */
  void run(Kind kind, Connection connection) throws SQLException {
    switch (kind) {
      case NEW_ORDER -> newOrder(connection);
      case PAYMENT -> payment(connection);
      case ORDER_STATUS -> orderStatus(connection);
      case DELIVERY -> delivery(connection);
      case STOCK_LEVEL -> stockLevel(connection);
    }
    connection.commit();
  }

  private void newOrder(Connection connection) throws SQLException {
    int district = 1 + random.nextInt(DISTRICTS);
    int customer = 1 + random.nextInt(CUSTOMERS_PER_DISTRICT);
    int[] items = distinctItems(5 + random.nextInt(11));
    try (PreparedStatement warehouse =
        connection.prepareStatement("SELECT w_tax FROM warehouse WHERE w_id = ?")) {
      warehouse.setInt(1, WAREHOUSE);
      read(warehouse);
    }
    int orderId;
    try (PreparedStatement next =
        connection.prepareStatement(
            "SELECT d_tax, d_next_o_id FROM district WHERE d_w_id = ? AND d_id = ? FOR UPDATE")) {
      next.setInt(1, WAREHOUSE);
      next.setInt(2, district);
      try (ResultSet row = next.executeQuery()) {
        row.next();
        orderId = row.getInt(2);
      }
    }
    try (PreparedStatement advance =
        connection.prepareStatement(
            "UPDATE district SET d_next_o_id = d_next_o_id + 1 WHERE d_w_id = ? AND d_id = ?")) {
      advance.setInt(1, WAREHOUSE);
      advance.setInt(2, district);
      advance.executeUpdate();
    }
    try (PreparedStatement who =
        connection.prepareStatement(
            "SELECT c_discount, c_last, c_credit FROM customer"
                + " WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?")) {
      who.setInt(1, WAREHOUSE);
      who.setInt(2, district);
      who.setInt(3, customer);
      read(who);
    }
    try (PreparedStatement order =
        connection.prepareStatement(
            "INSERT INTO oorder (o_w_id, o_d_id, o_id, o_c_id, o_entry_d, o_ol_cnt, o_all_local)"
                + " VALUES (?, ?, ?, ?, now(), ?, 1)")) {
      order.setInt(1, WAREHOUSE);
      order.setInt(2, district);
      order.setInt(3, orderId);
      order.setInt(4, customer);
      order.setInt(5, items.length);
      order.executeUpdate();
    }
    try (PreparedStatement pending =
        connection.prepareStatement(
            "INSERT INTO new_order (no_w_id, no_d_id, no_o_id) VALUES (?, ?, ?)")) {
      pending.setInt(1, WAREHOUSE);
      pending.setInt(2, district);
      pending.setInt(3, orderId);
      pending.executeUpdate();
    }
    try (PreparedStatement price =
            connection.prepareStatement("SELECT i_price, i_name, i_data FROM item WHERE i_id = ?");
        PreparedStatement stock =
            connection.prepareStatement(
                "SELECT s_quantity, s_data FROM stock WHERE s_w_id = ? AND s_i_id = ? FOR UPDATE");
        PreparedStatement take =
            connection.prepareStatement(
                "UPDATE stock SET s_quantity = ?, s_ytd = s_ytd + ?, s_order_cnt = s_order_cnt + 1"
                    + " WHERE s_w_id = ? AND s_i_id = ?");
        PreparedStatement line =
            connection.prepareStatement(
                "INSERT INTO order_line (ol_w_id, ol_d_id, ol_o_id, ol_number, ol_i_id,"
                    + " ol_supply_w_id, ol_quantity, ol_amount, ol_dist_info)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int n = 0; n < items.length; n++) {
        int quantity = 1 + random.nextInt(10);
        price.setInt(1, items[n]);
        BigDecimal itemPrice;
        try (ResultSet row = price.executeQuery()) {
          row.next();
          itemPrice = row.getBigDecimal(1);
        }
        stock.setInt(1, WAREHOUSE);
        stock.setInt(2, items[n]);
        int onHand;
        try (ResultSet row = stock.executeQuery()) {
          row.next();
          onHand = row.getInt(1);
        }
        take.setInt(1, onHand - quantity >= 10 ? onHand - quantity : onHand - quantity + 91);
        take.setInt(2, quantity);
        take.setInt(3, WAREHOUSE);
        take.setInt(4, items[n]);
        take.executeUpdate();
        line.setInt(1, WAREHOUSE);
        line.setInt(2, district);
        line.setInt(3, orderId);
        line.setInt(4, n + 1);
        line.setInt(5, items[n]);
        line.setInt(6, WAREHOUSE);
        line.setInt(7, quantity);
        line.setBigDecimal(8, itemPrice.multiply(BigDecimal.valueOf(quantity)));
        line.setString(9, "dist-info-" + district);
        line.addBatch();
      }
      line.executeBatch();
    }
  }

  private void payment(Connection connection) throws SQLException {
    int district = 1 + random.nextInt(DISTRICTS);
    BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(5000), 2);
    try (PreparedStatement warehouse =
        connection.prepareStatement("UPDATE warehouse SET w_ytd = w_ytd + ? WHERE w_id = ?")) {
      warehouse.setBigDecimal(1, amount);
      warehouse.setInt(2, WAREHOUSE);
      warehouse.executeUpdate();
    }
    try (PreparedStatement name =
        connection.prepareStatement("SELECT w_name FROM warehouse WHERE w_id = ?")) {
      name.setInt(1, WAREHOUSE);
      read(name);
    }
    try (PreparedStatement ytd =
        connection.prepareStatement(
            "UPDATE district SET d_ytd = d_ytd + ? WHERE d_w_id = ? AND d_id = ?")) {
      ytd.setBigDecimal(1, amount);
      ytd.setInt(2, WAREHOUSE);
      ytd.setInt(3, district);
      ytd.executeUpdate();
    }
    try (PreparedStatement name =
        connection.prepareStatement("SELECT d_name FROM district WHERE d_w_id = ? AND d_id = ?")) {
      name.setInt(1, WAREHOUSE);
      name.setInt(2, district);
      read(name);
    }
    int customer = customerByNameOrId(connection, district, true);
    try (PreparedStatement pay =
        connection.prepareStatement(
            "UPDATE customer SET c_balance = c_balance - ?, c_ytd_payment = c_ytd_payment + ?,"
                + " c_payment_cnt = c_payment_cnt + 1 WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?")) {
      pay.setBigDecimal(1, amount);
      pay.setBigDecimal(2, amount);
      pay.setInt(3, WAREHOUSE);
      pay.setInt(4, district);
      pay.setInt(5, customer);
      pay.executeUpdate();
    }
    try (PreparedStatement history =
        connection.prepareStatement(
            "INSERT INTO history (h_c_id, h_c_d_id, h_c_w_id, h_d_id, h_w_id, h_date, h_amount,"
                + " h_data) VALUES (?, ?, ?, ?, ?, now(), ?, ?)")) {
      history.setInt(1, customer);
      history.setInt(2, district);
      history.setInt(3, WAREHOUSE);
      history.setInt(4, district);
      history.setInt(5, WAREHOUSE);
      history.setBigDecimal(6, amount);
      history.setString(7, "payment");
      history.executeUpdate();
    }
  }

  private void orderStatus(Connection connection) throws SQLException {
    int district = 1 + random.nextInt(DISTRICTS);
    int customer = customerByNameOrId(connection, district, false);
    int orderId = -1;
    try (PreparedStatement last =
        connection.prepareStatement(
            "SELECT o_id, o_carrier_id, o_entry_d FROM oorder"
                + " WHERE o_w_id = ? AND o_d_id = ? AND o_c_id = ? ORDER BY o_id DESC LIMIT 1")) {
      last.setInt(1, WAREHOUSE);
      last.setInt(2, district);
      last.setInt(3, customer);
      try (ResultSet row = last.executeQuery()) {
        if (row.next()) {
          orderId = row.getInt(1);
        }
      }
    }
    try (PreparedStatement lines =
        connection.prepareStatement(
            "SELECT ol_i_id, ol_supply_w_id, ol_quantity, ol_amount, ol_delivery_d FROM order_line"
                + " WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id = ?")) {
      lines.setInt(1, WAREHOUSE);
      lines.setInt(2, district);
      lines.setInt(3, orderId);
      read(lines);
    }
  }

  /** One carrier delivers the oldest undelivered order of every district. */
  private void delivery(Connection connection) throws SQLException {
    int carrier = 1 + random.nextInt(10);
    try (PreparedStatement oldest =
            connection.prepareStatement(
                "SELECT no_o_id FROM new_order WHERE no_w_id = ? AND no_d_id = ?"
                    + " ORDER BY no_o_id LIMIT 1 FOR UPDATE SKIP LOCKED");
        PreparedStatement delivered =
            connection.prepareStatement(
                "DELETE FROM new_order WHERE no_w_id = ? AND no_d_id = ? AND no_o_id = ?");
        PreparedStatement owner =
            connection.prepareStatement(
                "UPDATE oorder SET o_carrier_id = ? WHERE o_w_id = ? AND o_d_id = ? AND o_id = ?"
                    + " RETURNING o_c_id");
        PreparedStatement lines =
            connection.prepareStatement(
                "UPDATE order_line SET ol_delivery_d = now()"
                    + " WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id = ?");
        PreparedStatement total =
            connection.prepareStatement(
                "SELECT sum(ol_amount) FROM order_line"
                    + " WHERE ol_w_id = ? AND ol_d_id = ? AND ol_o_id = ?");
        PreparedStatement credit =
            connection.prepareStatement(
                "UPDATE customer SET c_balance = c_balance + ?, c_delivery_cnt = c_delivery_cnt + 1"
                    + " WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?")) {
      for (int district = 1; district <= DISTRICTS; district++) {
        oldest.setInt(1, WAREHOUSE);
        oldest.setInt(2, district);
        int orderId;
        try (ResultSet row = oldest.executeQuery()) {
          if (!row.next()) {
            continue;
          }
          orderId = row.getInt(1);
        }
        bind(delivered, district, orderId);
        delivered.executeUpdate();
        owner.setInt(1, carrier);
        owner.setInt(2, WAREHOUSE);
        owner.setInt(3, district);
        owner.setInt(4, orderId);
        int customer;
        try (ResultSet row = owner.executeQuery()) {
          row.next();
          customer = row.getInt(1);
        }
        bind(lines, district, orderId);
        lines.executeUpdate();
        bind(total, district, orderId);
        BigDecimal amount;
        try (ResultSet row = total.executeQuery()) {
          row.next();
          amount = row.getBigDecimal(1);
        }
        credit.setBigDecimal(1, amount == null ? BigDecimal.ZERO : amount);
        credit.setInt(2, WAREHOUSE);
        credit.setInt(3, district);
        credit.setInt(4, customer);
        credit.executeUpdate();
      }
    }
  }

  /** A report screen: plain SQL with its values written in, as such screens build it. */
  private void stockLevel(Connection connection) throws SQLException {
    int district = 1 + random.nextInt(DISTRICTS);
    int threshold = 10 + random.nextInt(11);
    try (Statement report = connection.createStatement()) {
      int next;
      try (ResultSet row =
          report.executeQuery(
              "SELECT d_next_o_id FROM district WHERE d_w_id = "
                  + WAREHOUSE
                  + " AND d_id = "
                  + district)) {
        row.next();
        next = row.getInt(1);
      }
      try (ResultSet row =
          report.executeQuery(
              "SELECT count(DISTINCT s_i_id) FROM order_line JOIN stock"
                  + " ON s_w_id = ol_w_id AND s_i_id = ol_i_id"
                  + " WHERE ol_w_id = "
                  + WAREHOUSE
                  + " AND ol_d_id = "
                  + district
                  + " AND ol_o_id >= "
                  + (next - 20)
                  + " AND ol_o_id < "
                  + next
                  + " AND s_quantity < "
                  + threshold)) {
        row.next();
      }
    }
  }

  /** 60% of lookups by last name (the middle one of those found, as the specification says). */
  private int customerByNameOrId(Connection connection, int district, boolean forUpdate)
      throws SQLException {
    if (random.nextInt(100) < 60) {
      try (PreparedStatement byName =
          connection.prepareStatement(
              "SELECT c_id, c_first, c_balance FROM customer"
                  + " WHERE c_w_id = ? AND c_d_id = ? AND c_last = ? ORDER BY c_first")) {
        byName.setInt(1, WAREHOUSE);
        byName.setInt(2, district);
        byName.setString(3, "LAST" + random.nextInt(LAST_NAMES));
        int[] found = new int[CUSTOMERS_PER_DISTRICT];
        int count = 0;
        try (ResultSet rows = byName.executeQuery()) {
          while (rows.next()) {
            found[count++] = rows.getInt(1);
          }
        }
        if (count > 0) {
          return found[count / 2];
        }
      }
    }
    int customer = 1 + random.nextInt(CUSTOMERS_PER_DISTRICT);
    try (PreparedStatement byId =
        connection.prepareStatement(
            "SELECT c_first, c_last, c_balance, c_credit FROM customer"
                + " WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      byId.setInt(1, WAREHOUSE);
      byId.setInt(2, district);
      byId.setInt(3, customer);
      read(byId);
    }
    return customer;
  }

  /** Sorted, so that two new orders lock their stock rows in the same order: no deadlock. */
  private int[] distinctItems(int count) {
    int[] items = new int[count];
    for (int i = 0; i < count; i++) {
      int item;
      do {
        item = 1 + random.nextInt(ITEMS);
      } while (contains(items, i, item));
      items[i] = item;
    }
    Arrays.sort(items);
    return items;
  }

  private static boolean contains(int[] values, int length, int value) {
    for (int i = 0; i < length; i++) {
      if (values[i] == value) {
        return true;
      }
    }
    return false;
  }

  private static void bind(PreparedStatement statement, int district, int orderId)
      throws SQLException {
    statement.setInt(1, WAREHOUSE);
    statement.setInt(2, district);
    statement.setInt(3, orderId);
  }

  private static void read(PreparedStatement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        rows.getObject(1);
      }
    }
  }
}
