package io.querylens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.bootstrap.QueryLensBridge;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real driver's (H2's) rewritten connection tells the bridge where a database transaction starts
 * and ends, for the N+1 watch outside any trace: {@code setAutoCommit}, {@code commit()} and {@code
 * rollback()} on return. A driver's own nested call is told too (H2's {@code setAutoCommit(true)}
 * commits): harmless, as a transaction's number only has to change at its end.
 */
class TransactionBoundariesRewritingTest {

  private final RecordingTracer tracer = new RecordingTracer();
  private final List<Throwable> agentFailures = new CopyOnWriteArrayList<>();

  @BeforeEach
  void installTracer() {
    QueryLensBridge.install(tracer, agentFailures::add);
  }

  @AfterEach
  void uninstallTracer() {
    QueryLensBridge.install(new RecordingTracer(), QueryLensBridge.FailureListener.IGNORE);
  }

  @Test
  void autocommitChangesCommitsAndRollbacksAreToldOnReturn() throws Exception {
    try (Connection connection = h2("transactions");
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.executeUpdate("create table t (id int)");
      connection.commit();
      statement.executeUpdate("insert into t values (1)");
      connection.rollback();
      connection.setAutoCommit(true);
    }

    assertThat(tracer.calls)
        .filteredOn(
            call ->
                call.startsWith("autoCommitSet")
                    || call.startsWith("transactionEnded")
                    || call.startsWith("start"))
        .containsSubsequence(
            "autoCommitSet false",
            "start create table t (id int)",
            "transactionEnded",
            "start insert into t values (1)",
            "transactionEnded",
            "autoCommitSet true")
        .filteredOn(call -> call.startsWith("start"))
        .hasSize(2);
    assertThat(agentFailures).isEmpty();
  }

  private static Connection h2(String database) throws Exception {
    RewritingClassLoader loader =
        new RewritingClassLoader(new JdbcClassRewriter(false, true), "org.h2.");
    Driver driver = (Driver) loader.loadClass("org.h2.Driver").getConstructor().newInstance();
    return driver.connect("jdbc:h2:mem:" + database, new Properties());
  }
}
