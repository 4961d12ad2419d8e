package io.querylens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.querylens.bootstrap.QueryLensBridge;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JdbcClassRewriterTest {

  private static final String FIXTURES = "example.driver.";

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
  void anExecuteIsToldOnEntryAndOnEveryReturnAndItsResultIsUnchanged() throws Exception {
    Statement statement = tricky(false);

    assertThat(statement.execute("plain")).isFalse();
    assertThat(statement.execute("early!return")).isTrue();
    assertThat(statement.executeUpdate("loop at the first instruction")).isEqualTo(3);

    assertThat(tracer.calls)
        .containsExactly(
            "start plain",
            "end ok",
            "start early!return",
            "end ok",
            "start loop at the first instruction",
            "end ok");
  }

  @Test
  void anExceptionTheDriverCatchesItselfIsNoFailedExecution() throws Exception {
    Statement statement = tricky(false);

    assertThat(statement.execute("caught")).isTrue();

    assertThat(tracer.calls).containsExactly("start caught", "end ok");
  }

  @Test
  void theApplicationGetsTheDriversOwnExceptionAndTheAgentSeesTheSameOne() throws Exception {
    Statement statement = tricky(false);

    assertThatThrownBy(() -> statement.execute("fail"))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("refused: ");
    assertThatThrownBy(() -> statement.executeUpdate(""))
        .isExactlyInstanceOf(RuntimeException.class)
        .hasMessage("unchecked from the driver");

    assertThat(tracer.calls)
        .containsExactly("start fail", "end SQLException", "start ", "end RuntimeException");
    assertThat(tracer.thrown.get(0)).hasMessageStartingWith("refused: ");
  }

  @Test
  void aBatchIsToldWhatTheCallerAddedEvenWhenTheDriverReassignsItsParameter() throws Exception {
    Statement statement = tricky(false);

    statement.addBatch("  insert into t values (1)  ");
    statement.clearBatch();
    statement.addBatch("insert into t values (2)");
    assertThat(statement.executeBatch()).containsExactly(1);
    assertThatThrownBy(statement::executeBatch).hasMessage("empty batch");

    assertThat(tracer.calls)
        .containsExactly(
            "batchAdded   insert into t values (1)  ",
            "batchCleared",
            "batchAdded insert into t values (2)",
            "start null batch",
            "end ok",
            "start null batch",
            "end SQLException");
  }

  @Test
  void aClearBatchThatThrowsIsToldAndTheApplicationGetsItsException() throws Exception {
    Statement statement = tricky(false);
    statement.addBatch("locked");

    assertThatThrownBy(statement::clearBatch).hasMessage("batch is locked");

    assertThat(tracer.calls).containsExactly("batchAdded locked", "batchCleared");
  }

  @Test
  void aCloseIsToldOnceItReturnedAndACloseThatThrowsIsNotTold() throws Exception {
    Statement statement = tricky(false);
    statement.addBatch("in use");

    assertThatThrownBy(statement::close).hasMessage("statement is in use");
    statement.clearBatch();
    statement.close();

    assertThat(tracer.calls).containsExactly("batchAdded in use", "batchCleared", "closed");
  }

  @Test
  void theAgentsOwnFailureIsCountedAndTheStatementRunsOnUntraced() throws Exception {
    Statement statement = tricky(false);
    tracer.failOnStart = new IllegalStateException("agent bug");

    assertThat(statement.execute("plain")).isFalse();

    assertThat(agentFailures).extracting(Throwable::getMessage).containsExactly("agent bug");
    assertThat(tracer.calls).isEmpty();
  }

  @Test
  void h2sStatementsConnectionsAndDriverAreRewrittenAndStillWork() throws Exception {
    RewritingClassLoader loader = new RewritingClassLoader(new JdbcClassRewriter(true), "org.h2.");
    Driver driver = (Driver) loader.loadClass("org.h2.Driver").getConstructor().newInstance();

    try (Connection connection = driver.connect("jdbc:h2:mem:rewritten", new Properties());
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("select ? + 1")) {
      try (ResultSet rows = statement.executeQuery("select 41")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(41);
      }
      prepared.setInt(1, 41);
      try (ResultSet rows = prepared.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(42);
      }
      assertThatThrownBy(() -> statement.execute("select * from missing_table"))
          .isInstanceOf(SQLException.class);
    }

    assertThat(loader.rewritten)
        .contains(
            "org.h2.Driver",
            "org.h2.jdbc.JdbcConnection",
            "org.h2.jdbc.JdbcStatement",
            "org.h2.jdbc.JdbcPreparedStatement");
    assertThat(tracer.calls)
        .containsSubsequence(
            "connected jdbc:h2:mem:rewritten true",
            "prepared select ? + 1",
            "start select 41",
            "end ok",
            "parameterSet 1 41",
            "start null",
            "end ok",
            "start select * from missing_table",
            "end JdbcSQLSyntaxErrorException",
            "closed",
            "closed",
            "closed");
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void statementMethodsInheritedFromASuperClassThatIsNoJdbcTypeAreTracedToo() throws Exception {
    // sqlite-jdbc's JDBC4Statement implements Statement; its execute(String), addBatch(String)
    // and executeBatch() are declared by JDBC3Statement, which implements nothing of JDBC.
    RewritingClassLoader loader =
        new RewritingClassLoader(new JdbcClassRewriter(true), "org.sqlite.");
    Driver driver = (Driver) loader.loadClass("org.sqlite.JDBC").getConstructor().newInstance();

    try (Connection connection = driver.connect("jdbc:sqlite::memory:", new Properties());
        Statement statement = connection.createStatement()) {
      assertThat(statement.execute("create table t (id integer)")).isFalse();
      assertThat(statement.executeUpdate("insert into t values (1)")).isEqualTo(1);
      statement.addBatch("insert into t values (2)");
      statement.addBatch("insert into t values (3)");
      assertThat(statement.executeBatch()).containsExactly(1, 1);
      try (ResultSet rows = statement.executeQuery("select count(*) from t")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(3);
      }
      assertThatThrownBy(() -> statement.execute("select * from missing_table"))
          .isInstanceOf(SQLException.class);
    }

    assertThat(loader.rewritten).contains("org.sqlite.jdbc4.JDBC4Statement");
    // The pragmas SQLite runs inside connect() are the driver's own statements, not traced.
    assertThat(tracer.calls).noneMatch(call -> call.startsWith("start pragma"));
    assertThat(tracer.calls)
        .containsSubsequence(
            "start create table t (id integer)",
            "end ok",
            "start insert into t values (1)",
            "end ok",
            "batchAdded insert into t values (2)",
            "batchAdded insert into t values (3)",
            "start null batch",
            "end ok",
            "start select count(*) from t",
            "end ok",
            "start select * from missing_table",
            "end SQLiteException");
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void withTheCommentOnThePlainStatementsDriverRunsTheTextTheBridgeHandsBack() throws Exception {
    RewritingClassLoader loader =
        new RewritingClassLoader(new JdbcClassRewriter(false, true, true), "org.h2.");
    Driver driver = (Driver) loader.loadClass("org.h2.Driver").getConstructor().newInstance();
    tracer.textToSend = sql -> sql.replace("41", "42") + " /*traceparent='00-x'*/";

    try (Connection connection = driver.connect("jdbc:h2:mem:commented", new Properties());
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("select 41")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).as("what the driver ran").isEqualTo(42);
      }
      statement.execute("create table t (id int)");
      statement.addBatch("insert into t values (41)");
      statement.executeBatch();
      try (ResultSet rows = statement.executeQuery("select id from t")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).as("the batch the driver ran").isEqualTo(42);
      }
    }

    // The spans and the batch see the application's text, not what was sent.
    assertThat(tracer.calls)
        .containsSubsequence(
            "start select 41",
            "end ok",
            "start create table t (id int)",
            "end ok",
            "batchAdded insert into t values (41)",
            "start null batch");
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void withTheCommentOnTrickyMethodsPassTheVerifierAndRunTheTextHandedBack() throws Exception {
    Statement statement = tricky(new JdbcClassRewriter(false, true, true));
    tracer.textToSend = sql -> sql + " /*c!*/";

    assertThat(statement.execute("plain")).as("the '!' of the text sent returns early").isTrue();
    assertThat(statement.executeUpdate("loop at the first instruction")).isEqualTo(3);
    statement.addBatch("  insert  ");

    assertThat(statement.getClass().getField("batch").get(statement))
        .asList()
        .containsExactly("insert   /*c!*/");
    assertThat(tracer.calls)
        .containsExactly(
            "start plain",
            "end ok",
            "start loop at the first instruction",
            "end ok",
            "batchAdded   insert  ");
  }

  @Test
  void withTheCommentOnAFailingBridgeLeavesTheTextAsWritten() throws Exception {
    RewritingClassLoader loader =
        new RewritingClassLoader(new JdbcClassRewriter(false, true, true), "org.h2.");
    Driver driver = (Driver) loader.loadClass("org.h2.Driver").getConstructor().newInstance();
    tracer.textToSend =
        sql -> {
          throw new IllegalStateException("comment bug");
        };

    try (Connection connection = driver.connect("jdbc:h2:mem:failing", new Properties());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select 41")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(41);
    }

    assertThat(agentFailures).extracting(Throwable::getMessage).containsExactly("comment bug");
  }

  @Test
  void withTheCommentOffTheSqlArgumentIsNeverHandedToTheBridge() throws Exception {
    RewritingClassLoader loader =
        new RewritingClassLoader(new JdbcClassRewriter(false, true, false), "org.h2.");
    Driver driver = (Driver) loader.loadClass("org.h2.Driver").getConstructor().newInstance();
    tracer.textToSend = sql -> sql.replace("41", "42");

    try (Connection connection = driver.connect("jdbc:h2:mem:off", new Properties());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select 41")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(41);
    }
  }

  @Test
  void withCaptureOffThePreparedStatementsSettersAreLeftAlone() throws Exception {
    RewritingClassLoader loader = new RewritingClassLoader(new JdbcClassRewriter(false), "org.h2.");
    Driver driver = (Driver) loader.loadClass("org.h2.Driver").getConstructor().newInstance();

    try (Connection connection = driver.connect("jdbc:h2:mem:nocapture", new Properties());
        PreparedStatement prepared = connection.prepareStatement("select ?")) {
      prepared.setString(1, "secret");
      prepared.executeQuery().close();
    }

    assertThat(tracer.calls).noneMatch(call -> call.startsWith("parameterSet"));
    assertThat(tracer.calls).contains("prepared select ?", "start null", "end ok");
  }

  @Test
  void classesThatAreNoJdbcImplementationAreLeftAlone() throws Exception {
    RewritingClassLoader loader =
        new RewritingClassLoader(new JdbcClassRewriter(true), "org.assertj.core.api.");

    loader.loadClass("org.assertj.core.api.Assertions");
    loader.loadClass("org.assertj.core.api.AbstractAssert");

    assertThat(loader.rewritten).isEmpty();
  }

  /**
   * A loader that delegates only the JDK to its parent (OSGi without boot delegation) would throw
   * NoClassDefFoundError from a rewritten class: such a class is left as it is.
   */
  @Test
  void aClassWhoseLoaderCannotSeeTheBridgeIsLeftUntouched() throws Exception {
    String name = "example/driver/StatementStub";
    byte[] classFile;
    try (var in = getClass().getClassLoader().getResourceAsStream(name + ".class")) {
      classFile = in.readAllBytes();
    }
    ClassLoader seesTheBridge = getClass().getClassLoader();
    ClassLoader onlyTheJdk = new ClassLoader(ClassLoader.getPlatformClassLoader()) {};
    JdbcClassRewriter rewriter = new JdbcClassRewriter(false);

    assertThat(rewriter.rewrite(seesTheBridge, name, null, classFile)).isNotNull();
    assertThat(rewriter.rewrite(onlyTheJdk, name, null, classFile)).isNull();
    assertThat(rewriter.rewrite(onlyTheJdk, name, null, classFile)).isNull(); // remembered
  }

  private Statement tricky(boolean captureBindValues) throws Exception {
    return tricky(new JdbcClassRewriter(captureBindValues));
  }

  private Statement tricky(JdbcClassRewriter rewriter) throws Exception {
    RewritingClassLoader loader = new RewritingClassLoader(rewriter, FIXTURES);
    Statement statement =
        (Statement) loader.loadClass(FIXTURES + "TrickyStatement").getConstructor().newInstance();
    assertThat(loader.rewritten)
        .containsExactlyInAnyOrder(FIXTURES + "StatementStub", FIXTURES + "TrickyStatement");
    return statement;
  }
}
