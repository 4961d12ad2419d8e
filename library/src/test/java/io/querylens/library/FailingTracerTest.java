package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.querylens.core.sql.StatementShape;
import io.querylens.core.sql.StatementShapeCache;
import io.querylens.exporter.ConnectionFacts;
import io.querylens.exporter.StatementObserver;
import io.querylens.runtime.jdbc.JdbcStatementTracer;
import io.querylens.runtime.jdbc.OwnConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A bug of ours never reaches the application: with a recorder that throws on every call, the
 * application's statements return their results, its own SQLExceptions pass unchanged, and each
 * failure of ours is counted.
 */
class FailingTracerTest {

  private final StatementTracing tracing =
      new StatementTracing(
          new JdbcStatementTracer(
              new ThrowingObserver(),
              new StatementShapeCache(100, 100_000),
              new OwnConnections(),
              null,
              true,
              false),
          true);

  private final DataSource dataSource =
      new QueryLensDataSource(
          EmbeddedPostgresDatabase.dataSource(), tracing, new ServerDiscovery(tracing));

  @Test
  void theApplicationsResultsAndExceptionsAreAsWithoutQueryLens() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT ? + 1")) {
      query.setInt(1, 41);
      try (ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(42);
      }
      try (Statement statement = connection.createStatement()) {
        SQLException thrown =
            catchThrowableOfType(
                SQLException.class, () -> statement.execute("SELECT * FROM no_table_at_all"));
        assertThat(thrown.getSQLState()).isEqualTo("42P01");
      }
    }

    assertThat(tracing.failures()).isGreaterThanOrEqualTo(2);
  }

  /** A recorder with a bug on every call. */
  private static final class ThrowingObserver implements StatementObserver {
    @Override
    public Object start(
        ConnectionFacts connection, StatementShape shape, int batchSize, boolean mixedBatch) {
      throw new IllegalStateException("recorder bug");
    }

    @Override
    public void bindValues(Object scope, String[] values) {
      throw new IllegalStateException("recorder bug");
    }

    @Override
    public void end(Object scope, Throwable error) {
      throw new IllegalStateException("recorder bug");
    }
  }
}
