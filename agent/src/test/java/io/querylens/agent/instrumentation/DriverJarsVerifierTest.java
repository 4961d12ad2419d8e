package io.querylens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.bootstrap.QueryLensBridge;
import io.querylens.core.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of each driver jar is loaded and linked twice, once as it is and once rewritten: the
 * verifier accepts every rewritten class, and each class that cannot be loaded (an optional
 * dependency that is not on the class path) fails the same way with and without the agent.
 */
class DriverJarsVerifierTest {

  private final ByteArrayOutputStream agentLog = new ByteArrayOutputStream();

  @BeforeEach
  void captureAgentLogAndInstallANoOpTracer() {
    AgentLog.redirect(new PrintStream(agentLog, true, StandardCharsets.UTF_8));
    QueryLensBridge.install(new RecordingTracer(), QueryLensBridge.FailureListener.IGNORE);
  }

  @AfterEach
  void restoreAgentLog() {
    AgentLog.redirect(System.err);
  }

  static Stream<Arguments> drivers() {
    return Stream.of(
        driver(
            "pgjdbc",
            org.postgresql.Driver.class,
            "org.postgresql.",
            "org.postgresql.Driver",
            "org.postgresql.jdbc.PgConnection",
            "org.postgresql.jdbc.PgStatement",
            "org.postgresql.jdbc.PgPreparedStatement",
            "org.postgresql.jdbc.PgCallableStatement"),
        driver(
            "H2",
            org.h2.Driver.class,
            "org.h2.",
            "org.h2.Driver",
            "org.h2.jdbc.JdbcConnection",
            "org.h2.jdbc.JdbcStatement",
            "org.h2.jdbc.JdbcPreparedStatement",
            "org.h2.jdbc.JdbcCallableStatement"),
        driver(
            "HSQLDB",
            org.hsqldb.jdbc.JDBCDriver.class,
            "org.hsqldb.",
            "org.hsqldb.jdbc.JDBCDriver",
            "org.hsqldb.jdbc.JDBCConnection",
            "org.hsqldb.jdbc.JDBCStatement",
            "org.hsqldb.jdbc.JDBCPreparedStatement"),
        driver(
            "Apache Derby (embedded)",
            org.apache.derby.iapi.jdbc.AutoloadedDriver.class,
            "org.apache.derby.",
            "org.apache.derby.iapi.jdbc.AutoloadedDriver",
            "org.apache.derby.impl.jdbc.EmbedConnection",
            "org.apache.derby.impl.jdbc.EmbedStatement",
            "org.apache.derby.impl.jdbc.EmbedPreparedStatement"),
        driver(
            "SQLite (xerial)",
            org.sqlite.JDBC.class,
            "org.sqlite.",
            "org.sqlite.JDBC",
            "org.sqlite.jdbc4.JDBC4Connection",
            "org.sqlite.jdbc4.JDBC4Statement",
            "org.sqlite.jdbc3.JDBC3PreparedStatement"),
        driver(
            "MySQL Connector/J",
            com.mysql.cj.jdbc.Driver.class,
            "com.mysql.",
            "com.mysql.cj.jdbc.NonRegisteringDriver",
            "com.mysql.cj.jdbc.ConnectionImpl",
            "com.mysql.cj.jdbc.StatementImpl",
            "com.mysql.cj.jdbc.ClientPreparedStatement",
            "com.mysql.cj.jdbc.ServerPreparedStatement",
            "com.mysql.cj.jdbc.CallableStatement"),
        driver(
            "MariaDB Connector/J",
            org.mariadb.jdbc.Driver.class,
            "org.mariadb.jdbc.",
            "org.mariadb.jdbc.NonRegisteringDriver",
            "org.mariadb.jdbc.Connection",
            "org.mariadb.jdbc.Statement",
            "org.mariadb.jdbc.ClientPreparedStatement",
            "org.mariadb.jdbc.ServerPreparedStatement"),
        driver(
            "Microsoft mssql-jdbc",
            com.microsoft.sqlserver.jdbc.SQLServerDriver.class,
            "com.microsoft.sqlserver.",
            "com.microsoft.sqlserver.jdbc.SQLServerDriver",
            "com.microsoft.sqlserver.jdbc.SQLServerConnection",
            "com.microsoft.sqlserver.jdbc.SQLServerStatement",
            "com.microsoft.sqlserver.jdbc.SQLServerPreparedStatement"),
        driver(
            "Oracle ojdbc11",
            oracle.jdbc.OracleDriver.class,
            "oracle.",
            "oracle.jdbc.driver.OracleDriver",
            "oracle.jdbc.driver.PhysicalConnection",
            "oracle.jdbc.driver.OracleStatement",
            "oracle.jdbc.driver.OraclePreparedStatement",
            "oracle.jdbc.driver.OracleCallableStatement"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("drivers")
  void everyClassTheRewriterChangesPassesTheVerifierAndNoClassLoadsDifferently(
      String driver, Class<?> anyClassOfTheJar, String ownPackage, List<String> core)
      throws Exception {
    List<String> classes = classesIn(jarOf(anyClassOfTheJar), ownPackage);

    Map<String, String> asShipped =
        loadAndLink(classes, new RewritingClassLoader(null, ownPackage));
    RewritingClassLoader rewriting =
        new RewritingClassLoader(new JdbcClassRewriter(true), ownPackage);
    Map<String, String> rewritten = loadAndLink(classes, rewriting);

    assertThat(rewriting.rewritten).containsAll(core);
    assertThat(rewritten).containsExactlyEntriesOf(asShipped);
    assertThat(agentLog.toString(StandardCharsets.UTF_8)).doesNotContain("could not instrument");
  }

  /**
   * Loads and links (so the verifier checks it) each class without initializing it: a driver's
   * static initializers register drivers and start threads, and are the driver's business. The
   * outcome of each class: "linked", or what stopped it.
   */
  private static Map<String, String> loadAndLink(List<String> classes, ClassLoader loader) {
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (String name : classes) {
      String outcome;
      try {
        // HotSpot links a class before reflecting on its methods: that runs the verifier.
        Class.forName(name, false, loader).getDeclaredMethods();
        outcome = "linked";
      } catch (LinkageError | ClassNotFoundException | RuntimeException e) {
        outcome = describe(e);
      }
      outcomes.put(name, outcome);
    }
    return outcomes;
  }

  /** The failure's kind and, for a missing class, which one: messages naming loaders differ. */
  private static String describe(Throwable failure) {
    String kind = failure.getClass().getName();
    if (failure instanceof NoClassDefFoundError || failure instanceof ClassNotFoundException) {
      return kind + ": " + failure.getMessage();
    }
    if (failure instanceof VerifyError) {
      return kind + ": " + failure.getMessage(); // the one the test exists to catch
    }
    return kind;
  }

  private static Arguments driver(
      String name, Class<?> anyClass, String ownPackage, String... core) {
    return Arguments.of(name, anyClass, ownPackage, List.of(core));
  }

  private static File jarOf(Class<?> type) throws Exception {
    return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static List<String> classesIn(File jar, String ownPackage) throws Exception {
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar)) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        String entry = entries.nextElement().getName();
        if (entry.endsWith(".class") && !entry.startsWith("META-INF/")) {
          String name = entry.substring(0, entry.length() - 6).replace('/', '.');
          if (name.startsWith(ownPackage)) {
            names.add(name);
          }
        }
      }
    }
    return names;
  }
}
