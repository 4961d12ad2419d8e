package io.querylens.junit.samples;

import io.querylens.junit.QueryLens;
import io.querylens.junit.support.LibraryModeDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Run by the engine test kit: a class budget, a method that overrides it, a slow statement. */
@QueryLens(maxStatements = 3)
public class BudgetsSample {

  @Test
  void runsFourStatementsUnderTheClassBudget() throws SQLException {
    run(4, "SELECT count(*) FROM customers");
  }

  @Test
  @QueryLens(maxStatements = 5)
  void runsFourStatementsUnderItsOwnBudget() throws SQLException {
    run(4, "SELECT count(*) FROM customers");
  }

  @Test
  @QueryLens(maxStatementDuration = "100ms")
  void waitsInTheDatabase() throws SQLException {
    run(1, "SELECT pg_sleep(0.3)");
  }

  @Test
  @QueryLens(maxStatementDuration = "5s")
  void waitsLessThanItsBudget() throws SQLException {
    run(1, "SELECT pg_sleep(0.1)");
  }

  private static void run(int times, String sql) throws SQLException {
    try (Connection connection = LibraryModeDatabase.connect();
        Statement statement = connection.createStatement()) {
      for (int i = 0; i < times; i++) {
        statement.execute(sql);
      }
    }
  }
}
