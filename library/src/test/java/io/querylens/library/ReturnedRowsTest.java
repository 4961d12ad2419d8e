package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Library mode counts the rows the application reads as the agent does: a query's span carries
 * {@code db.response.returned_rows} once its result set is read to the end, closed, or its
 * statement closed; an update carries none; the result set is the driver's for everything else.
 */
class ReturnedRowsTest {

  private static final AttributeKey<Long> RETURNED_ROWS =
      AttributeKey.longKey("db.response.returned_rows");

  private static LibraryTelemetry telemetry;
  private static QueryLens queryLens;
  private static DataSource dataSource;

  @BeforeAll
  static void wrapTheDriversDataSource() throws SQLException {
    telemetry = new LibraryTelemetry();
    queryLens = QueryLens.builder().openTelemetry(telemetry.sdk).sampler(false).build();
    dataSource = queryLens.wrapDataSource(EmbeddedPostgresDatabase.dataSource());
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE rows_read (id int PRIMARY KEY)");
      statement.execute("INSERT INTO rows_read SELECT generate_series(1, 5)");
    }
  }

  @AfterAll
  static void close() {
    queryLens.close();
  }

  @Test
  void readingEveryRowReportsThemAll() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id AS every_row FROM rows_read")) {
      while (rows.next()) {
        rows.getInt(1);
      }
    }

    assertThat(rowsOf("SELECT id AS every_row FROM rows_read")).isEqualTo(5);
  }

  @Test
  void aPartialReadReportsWhatWasReadWhenTheStatementCloses() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT id AS some_rows FROM rows_read WHERE id > ?")) {
      statement.setInt(1, 0);
      ResultSet rows = statement.executeQuery();
      rows.next();
      rows.next();
      assertThat(rows.getStatement()).isSameAs(statement);
      assertThat(rows.unwrap(ResultSet.class)).isNotInstanceOf(QueryLensResultSet.class);
    }

    assertThat(rowsOf("SELECT id AS some_rows FROM rows_read WHERE id > ?")).isEqualTo(2);
  }

  @Test
  void rowsReadFromGetResultSetAfterExecuteAreTheExecutesOnce() throws SQLException {
    String sql = "SELECT id AS fetched_rows FROM rows_read";
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(statement.execute(sql)).isTrue();
      ResultSet rows = statement.getResultSet();
      while (rows.next()) {
        rows.getInt(1);
      }
      assertThat(statement.getResultSet()).isSameAs(rows);
      assertThat(rows.getStatement()).isSameAs(statement);
    }

    assertThat(rowsOf(sql)).isEqualTo(5);
  }

  @Test
  void aPreparedExecuteReadPartlyThroughGetResultSetReportsWhatWasRead() throws SQLException {
    String sql = "SELECT id AS fetched_some FROM rows_read WHERE id > ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, 0);
      assertThat(statement.execute()).isTrue();
      ResultSet rows = statement.getResultSet();
      rows.next();
      rows.next();
      rows.next();
      assertThat(statement.getMoreResults()).isFalse(); // closes the first result set
      assertThat(statement.getResultSet()).isNull();
    }

    assertThat(rowsOf(sql)).isEqualTo(3);
  }

  @Test
  void anExecutesResultSetNeverFetchedReportsNoRowsRead() throws SQLException {
    String sql = "SELECT id AS never_fetched FROM rows_read";
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(statement.execute(sql)).isTrue();
    }

    assertThat(rowsOf(sql)).isZero();
  }

  @Test
  void anUpdateReportsNoReturnedRows() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(statement.executeUpdate("UPDATE rows_read SET id = id WHERE id < 3")).isEqualTo(2);
    }

    SpanData span = telemetry.awaitSpan(s -> textOf(s).startsWith("UPDATE rows_read"));
    assertThat(span.getAttributes().get(RETURNED_ROWS)).isNull();
  }

  private static long rowsOf(String text) {
    SpanData span =
        telemetry.awaitSpan(
            s -> textOf(s).equals(text) && s.getAttributes().get(RETURNED_ROWS) != null);
    return span.getAttributes().get(RETURNED_ROWS);
  }

  private static String textOf(SpanData span) {
    String text = span.getAttributes().get(AttributeKey.stringKey("db.query.text"));
    return text == null ? "" : text;
  }
}
