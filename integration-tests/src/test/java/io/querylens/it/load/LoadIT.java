package io.querylens.it.load;

import static io.querylens.it.support.OtlpAttributes.attr;
import static io.querylens.it.support.OtlpAttributes.longAttr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.it.app.LargeStatementApp;
import io.querylens.it.app.PooledLoadApp;
import io.querylens.it.app.StatementStormApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.PostgresAndReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent under loads an application can throw at it: a storm of a million distinct SQL strings,
 * statements of ten megabytes, batches of a hundred thousand rows. Each run in a forked JVM with a
 * small heap, so an unbounded structure in the agent fails as an OutOfMemoryError, not as a number
 * nobody reads. Throughput is the overhead benchmark's business, not this test's.
 */
class LoadIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String HEAP = "-Xmx256m";

  static final int STORM_STATEMENTS = 1_000_000;
  static final int STORM_TABLES = 3_000;

  /** The storm app's own statements before the storm: two for items, two per table. */
  static final int STORM_SETUP_STATEMENTS = 2 + 2 * STORM_TABLES;

  /** The SDK keeps this many series per metric, then folds the rest into one overflow series. */
  static final int SDK_CARDINALITY_LIMIT = 2000;

  static final int POOL_THREADS = 64;
  static final int POOL_SIZE = 16;

  /** 20 s in every build; {@code -Dquerylens.load.seconds=300} for the several-minute run. */
  static final int POOL_SECONDS = Integer.getInteger("querylens.load.seconds", 20);

  /** What the agent may hold at steady state, from the overhead issue's budget. */
  static final long AGENT_HEAP_BUDGET = 30L * 1024 * 1024;

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  @Test
  void aStormOfAMillionDistinctStatementsKeepsTheAgentsHeapAndMetricSeriesBounded() {
    ForkedJvm.Result without = withoutAgent();
    servers.receiver().countSpansOnly();
    ForkedJvm.Result with =
        traced(storm())
            .systemProperty("otel.metric.export.interval", "5000")
            .run()
            .requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout())).isNotEmpty();

    Map<Integer, Long> heapWith = heapUsed(with.stdout());
    Map<Integer, Long> heapWithout = heapUsed(without.stdout());
    long heldAtEnd = heapWith.get(STORM_STATEMENTS) - heapWithout.get(STORM_STATEMENTS);
    long grownSinceTenth = heapWith.get(STORM_STATEMENTS) - heapWith.get(STORM_STATEMENTS / 10);
    System.out.printf(
        "storm: agent heap after GC %d KB at the end (%s with, %s without);"
            + " grown %d KB from a tenth to the end%n",
        heldAtEnd / 1024, heapWith, heapWithout, grownSinceTenth / 1024);
    assertThat(heldAtEnd).isLessThan(AGENT_HEAP_BUDGET);
    assertThat(grownSinceTenth).isLessThan(AGENT_HEAP_BUDGET / 4);

    List<HistogramDataPoint> series =
        servers
            .receiver()
            .awaitLatestExport("db.client.operation.duration", WAIT)
            .getHistogram()
            .getDataPointsList();
    long counted = series.stream().mapToLong(HistogramDataPoint::getCount).sum();
    long overflowed =
        series.stream()
            .filter(point -> hasAttribute(point.getAttributesList(), "otel.metric.overflow"))
            .mapToLong(HistogramDataPoint::getCount)
            .sum();
    System.out.printf(
        "storm: %d series, %d statements counted, %d in the overflow series%n",
        series.size(), counted, overflowed);
    assertThat(counted).isEqualTo(STORM_STATEMENTS + STORM_SETUP_STATEMENTS);
    assertThat(series).hasSizeLessThanOrEqualTo(SDK_CARDINALITY_LIMIT + 1);
    assertThat(overflowed).isPositive();

    long exported = servers.receiver().processedSpans(false, WAIT);
    long dropped = servers.receiver().processedSpans(true, WAIT);
    long overBudget = servers.receiver().spansOverBudget(WAIT);
    System.out.printf(
        "storm: %d spans exported, %d dropped and counted, %d over their shape's budget,"
            + " %d received%n",
        exported, dropped, overBudget, servers.receiver().spansReceived());
    assertThat(exported + dropped + overBudget)
        .isEqualTo(STORM_STATEMENTS + STORM_SETUP_STATEMENTS);
    assertThat(servers.receiver().spansReceived()).isEqualTo(exported);
  }

  @Test
  void aStormWithTheCollectorDownKeepsTheAgentsHeapAsBounded() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ForkedJvm.Result without = withoutAgent();
    ForkedJvm.Result with =
        storm()
            .javaagent(ForkedJvm.agentJar())
            .systemProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort)
            .systemProperty("otel.bsp.schedule.delay", "200")
            .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false")
            .run()
            .requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout())).isNotEmpty();
    Map<Integer, Long> heapWith = heapUsed(with.stdout());
    long heldAtEnd =
        heapWith.get(STORM_STATEMENTS) - heapUsed(without.stdout()).get(STORM_STATEMENTS);
    long grownSinceTenth = heapWith.get(STORM_STATEMENTS) - heapWith.get(STORM_STATEMENTS / 10);
    System.out.printf(
        "storm, collector down: agent heap after GC %d KB at the end; grown %d KB from a tenth%n",
        heldAtEnd / 1024, grownSinceTenth / 1024);
    assertThat(heldAtEnd).isLessThan(AGENT_HEAP_BUDGET);
    assertThat(grownSinceTenth).isLessThan(AGENT_HEAP_BUDGET / 4);
  }

  @Test
  void tenMegabyteStatementsAreTracedWithTheirTextCutAndHundredThousandRowBatchesAreOneSpan() {
    ForkedJvm.Result without = largeStatements().run().requireSuccess();
    servers.receiver().reset();
    ForkedJvm.Result with = traced(largeStatements()).run().requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout())).hasSize(6);
    assertThat(with.stderr()).doesNotContain("OutOfMemoryError");

    Span literal = servers.receiver().awaitSpan(span -> span.getName().equals("SELECT"), WAIT);
    assertThat(attr(literal, "db.query.text")).isEqualTo("SELECT length(?)");

    Span inList =
        servers
            .receiver()
            .awaitSpan(
                span ->
                    span.getName().equals("SELECT batch_rows")
                        && hasAttribute(span.getAttributesList(), "querylens.query.text.truncated"),
                WAIT);
    assertThat(attr(inList, "db.query.text"))
        .startsWith("SELECT count(*) FROM batch_rows WHERE id IN (?, ?, ?")
        .hasSizeLessThanOrEqualTo(32 * 1024);
    assertThat(attr(inList, "querylens.query.fingerprint"))
        .as("a 10 MB IN-list groups with the same statement's short lists")
        .isEqualTo(
            SqlFingerprinter.shape("SELECT count(*) FROM batch_rows WHERE id IN (1, 2)")
                .fingerprint()
                .toHex());

    List<Span> batches =
        servers
            .receiver()
            .awaitSpans(span -> span.getName().equals("BATCH INSERT batch_rows"), 2, WAIT);
    assertThat(batches)
        .allSatisfy(
            batch ->
                assertThat(longAttr(batch, "db.operation.batch.size"))
                    .isEqualTo((long) LargeStatementApp.BATCH_ROWS));
    assertThat(batches)
        .extracting(batch -> attr(batch, "db.query.text"))
        .containsExactly(
            "INSERT INTO batch_rows (id, email) VALUES (?, ?)",
            "INSERT INTO batch_rows (id, email) VALUES (?, ?)");
  }

  @Test
  void sixtyFourThreadsOnAPoolRunToTheEndAndEveryStatementIsCounted() {
    servers.receiver().countSpansOnly();
    ForkedJvm.Result run =
        traced(
                ForkedJvm.main(PooledLoadApp.class.getName())
                    .sampleAppClasspath()
                    .args(
                        servers.postgres().jdbcUrl(),
                        servers.postgres().user(),
                        "",
                        String.valueOf(POOL_THREADS),
                        String.valueOf(POOL_SIZE),
                        String.valueOf(POOL_SECONDS))
                    .timeout(Duration.ofSeconds(POOL_SECONDS).plusMinutes(3)))
            .systemProperty("otel.metric.export.interval", "5000")
            .systemProperty("otel.instrumentation.querylens.sampler.enabled", "true")
            .run();

    assertThat(run.exitCode()).as(run.toString()).isZero();
    long statements =
        run.stdout()
            .lines()
            .filter(line -> line.startsWith("STATEMENTS "))
            .mapToLong(line -> Long.parseLong(line.substring("STATEMENTS ".length())))
            .findFirst()
            .orElseThrow();
    long counted =
        servers
            .receiver()
            .awaitLatestExport("db.client.operation.duration", WAIT)
            .getHistogram()
            .getDataPointsList()
            .stream()
            .mapToLong(HistogramDataPoint::getCount)
            .sum();
    long exported = servers.receiver().processedSpans(false, WAIT);
    long dropped = servers.receiver().processedSpans(true, WAIT);
    long overBudget = servers.receiver().spansOverBudget(WAIT);
    System.out.printf(
        "pool: %d threads on %d connections ran %d statements in %d s;"
            + " %d counted in the histogram, %d spans exported, %d dropped and counted,"
            + " %d over their shape's budget%n",
        POOL_THREADS, POOL_SIZE, statements, POOL_SECONDS, counted, exported, dropped, overBudget);
    assertThat(statements).isGreaterThan(POOL_THREADS);
    assertThat(counted).isEqualTo(statements);
    assertThat(exported + dropped + overBudget).isEqualTo(statements);
    assertThat(servers.receiver().spansReceived()).isEqualTo(exported);
  }

  // ---- helpers ----

  private static ForkedJvm storm() {
    return ForkedJvm.main(StatementStormApp.class.getName())
        .sampleAppClasspath()
        .jvmArg(HEAP)
        .args(String.valueOf(STORM_STATEMENTS), String.valueOf(STORM_TABLES))
        .timeout(Duration.ofMinutes(4));
  }

  private static ForkedJvm largeStatements() {
    return ForkedJvm.main(LargeStatementApp.class.getName())
        .sampleAppClasspath()
        .jvmArg(HEAP)
        .args(servers.postgres().jdbcUrl(), servers.postgres().user(), "")
        .timeout(Duration.ofMinutes(3));
  }

  private static ForkedJvm.Result stormWithoutAgent;

  /** The storm without the agent, run once for the tests that compare against it. */
  private static synchronized ForkedJvm.Result withoutAgent() {
    if (stormWithoutAgent == null) {
      stormWithoutAgent = storm().run().requireSuccess();
    }
    return stormWithoutAgent;
  }

  private static ForkedJvm traced(ForkedJvm jvm) {
    return jvm.javaagent(ForkedJvm.agentJar())
        .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false");
  }

  static List<String> resultLines(String stdout) {
    return stdout.lines().filter(line -> line.startsWith("RESULT") || line.equals("DONE")).toList();
  }

  /** {@code HEAP <statements> <bytes>} lines: heap in use after GC, by statements run so far. */
  static Map<Integer, Long> heapUsed(String stdout) {
    Map<Integer, Long> used = new TreeMap<>();
    stdout
        .lines()
        .filter(line -> line.startsWith("HEAP "))
        .map(line -> line.split(" "))
        .forEach(parts -> used.put(Integer.parseInt(parts[1]), Long.parseLong(parts[2])));
    return used;
  }

  private static boolean hasAttribute(List<KeyValue> attributes, String key) {
    return attributes.stream().anyMatch(attribute -> attribute.getKey().equals(key));
  }
}
