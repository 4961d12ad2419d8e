package io.querylens.junit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.junit.QueryLens;
import io.querylens.junit.support.LibraryModeDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Run by the engine test kit: one customer's orders per query, then the same with a join. */
@QueryLens(maxExecutionsPerShape = 10)
public class OrdersSample {

  @Test
  void totalsEveryCustomersOrdersOneQueryPerCustomer() throws SQLException {
    BigDecimal total = BigDecimal.ZERO;
    try (Connection connection = LibraryModeDatabase.connect()) {
      List<Integer> customers = new ArrayList<>();
      try (PreparedStatement all = connection.prepareStatement("SELECT id FROM customers");
          ResultSet rows = all.executeQuery()) {
        while (rows.next()) {
          customers.add(rows.getInt(1));
        }
      }
      try (PreparedStatement orders =
          connection.prepareStatement("SELECT total FROM orders WHERE customer_id = ?")) {
        for (int customer : customers) {
          orders.setInt(1, customer);
          try (ResultSet rows = orders.executeQuery()) {
            while (rows.next()) {
              total = total.add(rows.getBigDecimal(1));
            }
          }
        }
      }
    }
    assertThat(total).isPositive();
  }

  @Test
  void totalsEveryCustomersOrdersWithAJoin() throws SQLException {
    BigDecimal total = BigDecimal.ZERO;
    try (Connection connection = LibraryModeDatabase.connect();
        PreparedStatement joined =
            connection.prepareStatement(
                "SELECT c.id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id");
        ResultSet rows = joined.executeQuery()) {
      while (rows.next()) {
        total = total.add(rows.getBigDecimal(2));
      }
    }
    assertThat(total).isPositive();
  }
}
