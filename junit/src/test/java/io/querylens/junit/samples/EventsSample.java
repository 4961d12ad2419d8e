package io.querylens.junit.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.junit.QueryLens;
import io.querylens.junit.QueryLensExtension;
import io.querylens.junit.support.LibraryModeDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Run by the engine test kit under the settings' budgets only: a lookup by a column without an
 * index (a sequential scan of 100,000 rows), and one by the primary key.
 */
@ExtendWith(QueryLensExtension.class)
public class EventsSample {

  @Test
  void findsEventsOfOneKind() throws SQLException {
    assertThat(count("SELECT id FROM events WHERE kind = ?", "kind 7")).isEqualTo(1000);
  }

  @Test
  void findsAnEventByItsKey() throws SQLException {
    assertThat(count("SELECT kind FROM events WHERE id = ?::int", "42")).isEqualTo(1);
  }

  @Test
  @QueryLens(maxMissingIndexes = 0, maxSeqScanRows = QueryLens.UNLIMITED)
  void findsEventsOfOneKindWithNoIndexWanted() throws SQLException {
    assertThat(count("SELECT id, payload FROM events WHERE kind = ?", "kind 8")).isEqualTo(1000);
  }

  @Test
  @QueryLens(maxMissingIndexes = 0)
  void findsAnEventByItsKeyWithNoIndexWanted() throws SQLException {
    assertThat(count("SELECT payload FROM events WHERE id = ?::int", "43")).isEqualTo(1);
  }

  @Test
  void looksUpThreeEventsOneByOne() throws SQLException {
    for (int id = 1; id <= 3; id++) {
      assertThat(count("SELECT kind FROM events WHERE id = ?::int", Integer.toString(id)))
          .isEqualTo(1);
    }
  }

  private static int count(String sql, String value) throws SQLException {
    int rows = 0;
    try (Connection connection = LibraryModeDatabase.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, value);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          rows++;
        }
      }
    }
    return rows;
  }
}
