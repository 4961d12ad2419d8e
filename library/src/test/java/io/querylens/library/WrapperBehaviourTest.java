package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintWriter;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The wrappers stay out of the application's way: it unwraps to the pool's and the driver's own
 * objects, a statement's connection is the connection it came from, a wrapped {@code DataSource} is
 * never wrapped again, and a statement run through two wrapped layers is recorded once.
 */
class WrapperBehaviourTest {

  private static LibraryTelemetry telemetry;
  private static QueryLens queryLens;
  private static HikariDataSource pool;

  @BeforeAll
  static void start() {
    telemetry = new LibraryTelemetry();
    queryLens = QueryLens.builder().openTelemetry(telemetry.sdk).sampler(false).build();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(EmbeddedPostgresDatabase.jdbcUrl());
    config.setMaximumPoolSize(2);
    pool = new HikariDataSource(config);
  }

  @AfterAll
  static void stop() {
    pool.close();
    queryLens.close();
  }

  @Test
  void thePoolAndTheDriversConnectionStayReachableThroughUnwrap() throws SQLException {
    DataSource wrapped = queryLens.wrapDataSource(pool);

    assertThat(wrapped).isInstanceOf(QueryLensDataSource.class);
    assertThat(wrapped.isWrapperFor(HikariDataSource.class)).isTrue();
    assertThat(wrapped.unwrap(HikariDataSource.class)).isSameAs(pool);
    try (Connection connection = wrapped.getConnection()) {
      assertThat(connection.isWrapperFor(PGConnection.class)).isTrue();
      assertThat(connection.unwrap(PGConnection.class).getBackendPID()).isPositive();
    }
  }

  @Test
  void aStatementsConnectionIsTheWrappedConnectionItCameFrom() throws SQLException {
    DataSource wrapped = queryLens.wrapDataSource(pool);
    try (Connection connection = wrapped.getConnection();
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("SELECT 1");
        CallableStatement callable = connection.prepareCall("{call pg_sleep(0)}")) {
      assertThat(statement.getConnection()).isSameAs(connection);
      assertThat(prepared.getConnection()).isSameAs(connection);
      assertThat(callable.getConnection()).isSameAs(connection);
    }
  }

  @Test
  void aWrappedDataSourceIsNotWrappedAgain() {
    DataSource once = queryLens.wrapDataSource(pool);

    assertThat(queryLens.wrapDataSource(once)).isSameAs(once);
    assertThat(queryLens.wrapDataSource(new Forwarding(once, true))).isInstanceOf(Forwarding.class);
  }

  @Test
  void aStatementThroughTwoWrappedLayersIsRecordedOnce() throws SQLException {
    // A forwarding DataSource that hides what it wraps: QueryLens cannot tell, and wraps again.
    DataSource inner = queryLens.wrapDataSource(pool);
    DataSource outer = queryLens.wrapDataSource(new Forwarding(inner, false));
    assertThat(outer).isInstanceOf(QueryLensDataSource.class);

    try (Connection connection = outer.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1 AS twice_wrapped_marker");
    }
    try (Connection connection = inner.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 2 AS after_marker");
    }

    telemetry.awaitSpan(s -> textOf(s).contains("after_marker"));
    List<SpanData> marked =
        telemetry.spans.getFinishedSpanItems().stream()
            .filter(s -> textOf(s).contains("twice_wrapped_marker"))
            .toList();
    assertThat(marked).hasSize(1);
  }

  @Test
  void theStaticWrapUsesOneSharedQueryLens() {
    assertThat(QueryLens.shared()).isSameAs(QueryLens.shared());
    DataSource driver = new PGSimpleDataSource();
    assertThat(QueryLens.wrap(driver)).isInstanceOf(QueryLensDataSource.class);
    assertThat(QueryLens.wrap(null)).isNull();
  }

  @Test
  void withoutTheAgentNoBridgeIsFound() {
    assertThat(QueryLens.agentAttached()).isFalse();
  }

  private static String textOf(SpanData span) {
    String text =
        span.getAttributes()
            .get(io.opentelemetry.api.common.AttributeKey.stringKey("db.query.text"));
    return text == null ? "" : text;
  }

  /** A DataSource wrapper of the application's, seeing through to its target or not. */
  private static final class Forwarding implements DataSource {
    private final DataSource target;
    private final boolean seesThrough;

    Forwarding(DataSource target, boolean seesThrough) {
      this.target = target;
      this.seesThrough = seesThrough;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return target.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return target.getConnection(user, password);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      if (seesThrough) {
        return target.unwrap(type);
      }
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return seesThrough && target.isWrapperFor(type);
    }
  }
}
