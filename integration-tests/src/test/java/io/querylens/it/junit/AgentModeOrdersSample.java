package io.querylens.it.junit;

import io.querylens.junit.QueryLens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Run by {@link JUnitPlatformMain} in a JVM with the agent: plain JDBC, no wrapper, so only the
 * agent sees the statements. Not a test of the build's own (no Test or IT suffix).
 */
@QueryLens(maxExecutionsPerShape = 10)
public class AgentModeOrdersSample {

  @Test
  void loadsEachCustomersOrdersOneQueryPerCustomer() throws SQLException {
    try (Connection connection = connect()) {
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
              rows.getBigDecimal(1);
            }
          }
        }
      }
    }
  }

  @Test
  void loadsEveryCustomersOrdersWithAJoin() throws SQLException {
    try (Connection connection = connect();
        PreparedStatement joined =
            connection.prepareStatement(
                "SELECT c.id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id");
        ResultSet rows = joined.executeQuery()) {
      while (rows.next()) {
        rows.getBigDecimal(2);
      }
    }
  }

  @Test
  @QueryLens(maxMissingIndexes = 0, maxSeqScanRows = QueryLens.UNLIMITED)
  void findsEventsOfAnotherKindWithNoIndexWanted() throws SQLException {
    try (Connection connection = connect();
        PreparedStatement events =
            connection.prepareStatement("SELECT id, kind FROM events WHERE kind = ?")) {
      events.setString(1, "kind 8");
      try (ResultSet rows = events.executeQuery()) {
        while (rows.next()) {
          rows.getInt(1);
        }
      }
    }
  }

  @Test
  void findsEventsOfOneKind() throws SQLException {
    try (Connection connection = connect();
        PreparedStatement events =
            connection.prepareStatement("SELECT id FROM events WHERE kind = ?")) {
      events.setString(1, "kind 7");
      try (ResultSet rows = events.executeQuery()) {
        while (rows.next()) {
          rows.getInt(1);
        }
      }
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(System.getProperty("sample.jdbc.url"), "postgres", "");
  }
}
