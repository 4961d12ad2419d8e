package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.sql.StatementShapeCache;
import io.querylens.core.trace.TraceparentComment;
import io.querylens.exporter.StatementObserver;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Which texts the tracer sends with the application's traceparent comment. The observer stands in
 * for the application's current span (a fixed one); the exporter's own tests cover reading it.
 */
class TraceparentCommentsTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private static final String SQL = "SELECT * FROM orders WHERE id = 7";
  private static final String COMMENTED =
      SQL + " /*traceparent='00-" + TRACE + "-" + SPAN + "-01'*/";
  private static final Object SCOPE = new Object();

  private final StatementObserver inRequest =
      new NoopObserver() {
        @Override
        public String withTraceparentComment(Object scope, String sql) {
          return scope == SCOPE ? TraceparentComment.appendedTo(sql, TRACE, SPAN, true) : sql;
        }

        @Override
        public String withCurrentTraceparentComment(String sql) {
          return TraceparentComment.appendedTo(sql, TRACE, SPAN, true);
        }
      };

  private final StatementShapeCache shapes = new StatementShapeCache(100, 100_000);

  private final Statement plain = jdbc(Statement.class);
  private final PreparedStatement prepared = jdbc(PreparedStatement.class);

  @Test
  void aPlainStatementsTextGetsTheCommentWhenItIsOn() {
    JdbcStatementTracer tracer = tracer(inRequest, true);

    assertThat(tracer.sqlToSend(plain, SCOPE, SQL)).isEqualTo(COMMENTED);
    assertThat(tracer.batchSqlToSend(plain, SQL)).isEqualTo(COMMENTED);
  }

  @Test
  void offByDefaultEveryTextGoesAsWritten() {
    JdbcStatementTracer tracer =
        new JdbcStatementTracer(inRequest, shapes, new OwnConnections(), null, false, false);

    assertThat(tracer.sqlToSend(plain, SCOPE, SQL)).isSameAs(SQL);
    assertThat(tracer.batchSqlToSend(plain, SQL)).isSameAs(SQL);
  }

  @Test
  void aPreparedStatementNeverGetsOneItsTextWouldBePreparedAnewPerRequest() {
    JdbcStatementTracer tracer = tracer(inRequest, true);

    assertThat(tracer.sqlToSend(prepared, SCOPE, SQL)).isSameAs(SQL);
    assertThat(tracer.batchSqlToSend(prepared, SQL)).isSameAs(SQL);
  }

  @Test
  void aFailureOfOursSendsTheTextAsWritten() {
    StatementObserver broken =
        new NoopObserver() {
          @Override
          public String withTraceparentComment(Object scope, String sql) {
            throw new IllegalStateException("broken");
          }

          @Override
          public String withCurrentTraceparentComment(String sql) {
            throw new IllegalStateException("broken");
          }
        };
    JdbcStatementTracer tracer = tracer(broken, true);

    assertThat(tracer.sqlToSend(plain, SCOPE, SQL)).isSameAs(SQL);
    assertThat(tracer.batchSqlToSend(plain, SQL)).isSameAs(SQL);
  }

  @Test
  void aBatchTextHandedOnWithTheCommentIsShapedAsTheApplicationWroteIt() {
    JdbcStatementTracer tracer = tracer(inRequest, true);
    shapes.shapeOf(SQL);
    shapes.shapeOf(SQL); // cached from its second sight on
    long misses = shapes.misses();

    tracer.batchAdded(plain, COMMENTED); // a pool's wrapper passing its driver the commented text

    assertThat(shapes.misses()).as("a new text to fingerprint per request").isEqualTo(misses);
    assertThat(shapes.size()).isEqualTo(1);
  }

  private JdbcStatementTracer tracer(StatementObserver observer, boolean comment) {
    return new JdbcStatementTracer(
        observer, shapes, new OwnConnections(), null, false, false, false, comment);
  }

  /** A JDBC interface's instance: only its type is looked at. */
  private static <T> T jdbc(Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, arguments) -> {
              throw new UnsupportedOperationException(method.getName());
            }));
  }

  private abstract static class NoopObserver implements StatementObserver {
    @Override
    public Object start(
        io.querylens.exporter.ConnectionFacts connection,
        io.querylens.core.sql.StatementShape shape,
        int batchSize,
        boolean mixedBatch) {
      return SCOPE;
    }

    @Override
    public void bindValues(Object scope, String[] values) {}

    @Override
    public void end(Object scope, Throwable error) {}
  }
}
