package io.querylens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.bootstrap.QueryLensBridge;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rows an application reads, counted by the fields and methods the rewriter adds to a real
 * driver's result set classes (H2's), and handed to the bridge once per execution.
 */
class ReturnedRowsRewritingTest {

  private static final String FIVE_ROWS = "select x from system_range(1, 5)";

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
  void aResultSetReadToItsEndHandsOverEveryRowOnceWhenNextFirstReturnsFalse() throws Exception {
    try (Connection connection = h2(new JdbcClassRewriter(false, true), "full");
        Statement statement = connection.createStatement()) {
      ResultSet rows = statement.executeQuery(FIVE_ROWS);
      int read = 0;
      while (rows.next()) {
        read++;
      }
      assertThat(read).isEqualTo(5);
      assertThat(tracer.calls).containsSubsequence("start " + FIVE_ROWS, "end ok", "rowsRead 5");

      assertThat(rows.next()).isFalse();
      rows.close();
    }

    assertThat(tracer.calls).filteredOn(call -> call.startsWith("rowsRead")).hasSize(1);
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void aResultSetClosedAfterSomeRowsHandsOverTheRowsRead() throws Exception {
    try (Connection connection = h2(new JdbcClassRewriter(false, true), "partial");
        PreparedStatement prepared = connection.prepareStatement(FIVE_ROWS)) {
      try (ResultSet rows = prepared.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.next()).isTrue();
      }
      try (ResultSet unread = prepared.executeQuery()) {
        assertThat(unread.getMetaData().getColumnCount()).isEqualTo(1);
      }
    }

    assertThat(tracer.calls)
        .filteredOn(call -> call.startsWith("rowsRead"))
        .containsExactly("rowsRead 2", "rowsRead 0");
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void onAScrollableResultSetEveryOutermostMoveOntoARowCountsOnce() throws Exception {
    try (Connection connection = h2(new JdbcClassRewriter(false, true), "scroll");
        Statement statement =
            connection.createStatement(
                ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
      try (ResultSet rows = statement.executeQuery(FIVE_ROWS)) {
        assertThat(rows.absolute(3)).isTrue();
        assertThat(rows.previous()).isTrue();
        assertThat(rows.last()).isTrue();
        assertThat(rows.absolute(9)).isFalse(); // onto no row: not counted
        assertThat(rows.first()).isTrue();
      }
    }

    assertThat(tracer.calls)
        .filteredOn(call -> call.startsWith("rowsRead"))
        .containsExactly("rowsRead 4");
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void anUpdateReturnsNoRowsAndIsEndedAsBefore() throws Exception {
    try (Connection connection = h2(new JdbcClassRewriter(false, true), "update");
        Statement statement = connection.createStatement()) {
      statement.execute("create table t (id int)");
      assertThat(statement.executeUpdate("insert into t values (1), (2)")).isEqualTo(2);
      assertThat(statement.getUpdateCount()).isEqualTo(2);
    }

    assertThat(tracer.calls).noneMatch(call -> call.startsWith("rowsRead"));
    assertThat(tracer.calls).containsSubsequence("start insert into t values (1), (2)", "end ok");
  }

  @Test
  void aResultSetFetchedAfterExecuteCountsItsRowsForThatExecutionOnce() throws Exception {
    try (Connection connection = h2(new JdbcClassRewriter(false, true), "fetched");
        Statement statement = connection.createStatement()) {
      assertThat(statement.execute(FIVE_ROWS)).isTrue();
      ResultSet rows = statement.getResultSet();
      int read = 0;
      while (rows.next()) {
        read++;
      }
      assertThat(read).isEqualTo(5);
      assertThat(statement.getResultSet()).isSameAs(rows); // fetched again: nothing new pending
      rows.close();
    }

    assertThat(tracer.calls)
        .filteredOn(call -> !call.startsWith("closed") && !call.startsWith("connected"))
        .containsExactly("start " + FIVE_ROWS, "end ok", "rowsRead 5");
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void aPreparedExecuteWhoseResultSetIsReadPartlyHandsOverTheRowsRead() throws Exception {
    try (Connection connection = h2(new JdbcClassRewriter(false, true), "prepared-fetched");
        PreparedStatement prepared = connection.prepareStatement(FIVE_ROWS)) {
      assertThat(prepared.execute()).isTrue();
      try (ResultSet rows = prepared.getResultSet()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.next()).isTrue();
      }
    }

    assertThat(tracer.calls)
        .filteredOn(call -> call.startsWith("rowsRead"))
        .containsExactly("rowsRead 2");
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void aResultSetNeverFetchedReadNoRowsOnceTheStatementMovesOnOrCloses() throws Exception {
    try (Connection connection = h2(new JdbcClassRewriter(false, true), "unfetched");
        Statement statement = connection.createStatement()) {
      assertThat(statement.execute(FIVE_ROWS)).isTrue();
      assertThat(statement.getMoreResults()).isFalse(); // its result set is over, unread
      assertThat(statement.execute(FIVE_ROWS)).isTrue(); // the close tells this one
    }

    assertThat(tracer.calls)
        .filteredOn(call -> call.startsWith("rowsRead"))
        .containsExactly("rowsRead 0", "rowsRead 0");
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void getMoreResultsEndsTheCountOfTheFetchedResultSetAndCountsNothingAfter() throws Exception {
    try (Connection connection = h2(new JdbcClassRewriter(false, true), "more");
        Statement statement = connection.createStatement()) {
      assertThat(statement.execute(FIVE_ROWS)).isTrue();
      ResultSet rows = statement.getResultSet();
      assertThat(rows.next()).isTrue();
      assertThat(statement.getMoreResults()).isFalse(); // closes the current result set
      assertThat(statement.getResultSet()).isNull();
    }

    assertThat(tracer.calls)
        .filteredOn(call -> call.startsWith("rowsRead"))
        .containsExactly("rowsRead 1");
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void anExecuteWithoutAResultSetWaitsForNoRows() throws Exception {
    try (Connection connection = h2(new JdbcClassRewriter(false, true), "no-results");
        Statement statement = connection.createStatement()) {
      assertThat(statement.execute("create table t (id int)")).isFalse();
      assertThat(statement.getResultSet()).isNull();
    }

    assertThat(tracer.calls).noneMatch(call -> call.startsWith("rowsRead"));
    assertThat(agentFailures).isEmpty();
  }

  @Test
  void withRowsOffNoResultSetClassIsTouched() throws Exception {
    RewritingClassLoader loader =
        new RewritingClassLoader(new JdbcClassRewriter(false, false), "org.h2.");
    try (Connection connection = h2(loader, "off");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(FIVE_ROWS)) {
      while (rows.next()) {
        // read them all
      }
    }

    assertThat(loader.rewritten).doesNotContain("org.h2.jdbc.JdbcResultSet");
    assertThat(tracer.calls).noneMatch(call -> call.startsWith("rowsRead"));
    assertThat(tracer.calls).containsSubsequence("start " + FIVE_ROWS, "end ok");
  }

  @Test
  void aCountedResultSetClassGetsItsMembersOnlyWhereItIsDefined() throws Exception {
    RewritingClassLoader loader =
        new RewritingClassLoader(new JdbcClassRewriter(false, true), "org.h2.");
    try (Connection connection = h2(loader, "members");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(FIVE_ROWS)) {
      assertThat(rows).isInstanceOf(io.querylens.bootstrap.CountedRows.class);
      assertThat(rows.getClass().getDeclaredFields())
          .filteredOn(field -> field.getName().startsWith("querylens$"))
          .allMatch(field -> java.lang.reflect.Modifier.isPrivate(field.getModifiers()))
          .allMatch(field -> java.lang.reflect.Modifier.isTransient(field.getModifiers()))
          .hasSize(3);
    }
    assertThat(loader.rewritten).contains("org.h2.jdbc.JdbcResultSet");
  }

  @Test
  void
      aResultSetClassLoadedBeforeTheAgentIsLeftAloneAndOneItCountsKeepsItsMembersWhenRetransformed()
          throws Exception {
    String name = "org/h2/jdbc/JdbcResultSet";
    byte[] original;
    try (var in = getClass().getClassLoader().getResourceAsStream(name + ".class")) {
      original = in.readAllBytes();
    }
    JdbcClassRewriter rewriter = new JdbcClassRewriter(false, true);
    Class<?> loadedBeforeTheAgent = org.h2.jdbc.JdbcResultSet.class;
    assertThat(rewriter.rewrite(getClass().getClassLoader(), name, loadedBeforeTheAgent, original))
        .as("fields cannot be added to a loaded class")
        .isNull();

    RewritingClassLoader loader = new RewritingClassLoader(rewriter, "org.h2.");
    Class<?> counted = loader.loadClass("org.h2.jdbc.JdbcResultSet");
    byte[] retransformed = rewriter.rewrite(loader, name, counted, original);

    net.bytebuddy.jar.asm.ClassReader reader = new net.bytebuddy.jar.asm.ClassReader(retransformed);
    assertThat(reader.getInterfaces()).contains("io/querylens/bootstrap/CountedRows");
    List<String> fields = new java.util.ArrayList<>();
    reader.accept(
        new net.bytebuddy.jar.asm.ClassVisitor(net.bytebuddy.jar.asm.Opcodes.ASM9) {
          @Override
          public net.bytebuddy.jar.asm.FieldVisitor visitField(
              int access, String field, String descriptor, String signature, Object value) {
            fields.add(field);
            return null;
          }
        },
        net.bytebuddy.jar.asm.ClassReader.SKIP_CODE);
    assertThat(fields).contains("querylens$scope", "querylens$rows", "querylens$depth");
  }

  private static Connection h2(JdbcClassRewriter rewriter, String database) throws Exception {
    return h2(new RewritingClassLoader(rewriter, "org.h2."), database);
  }

  private static Connection h2(RewritingClassLoader loader, String database) throws Exception {
    Driver driver = (Driver) loader.loadClass("org.h2.Driver").getConstructor().newInstance();
    return driver.connect("jdbc:h2:mem:" + database, new Properties());
  }
}
