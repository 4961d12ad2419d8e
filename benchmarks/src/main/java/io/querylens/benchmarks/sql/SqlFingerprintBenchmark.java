package io.querylens.benchmarks.sql;

import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlDialect;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlStatementInfo;
import io.opentelemetry.instrumentation.api.incubator.semconv.db.SqlStatementSanitizer;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import io.querylens.core.sql.StatementShapeCache;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Our fingerprinter against the OpenTelemetry instrumentation's SQL sanitizer, on the same strings
 * in the same run. "Uncached" measures the work done on a cache miss: ours without the cache, the
 * peer's own sanitizer behind its cache (reached by reflection, as its public entry point always
 * caches). "Cache hit" measures the same string asked again through each public, caching entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SqlFingerprintBenchmark {

  private static final MethodHandle PEER_UNCACHED = peerSanitizer();

  @Param({
    Workloads.PK_SELECT,
    Workloads.ORM_JOIN_2KB,
    Workloads.IN_LIST_100,
    Workloads.VALUES_500_ROWS
  })
  public String workload;

  private String sql;
  private StatementShapeCache cache;
  private SqlStatementSanitizer peer;

  @Setup
  public void setUp() {
    sql = Workloads.sql(workload);
    cache = new StatementShapeCache(10_000, 16L * 1024 * 1024);
    cache.shapeOf(sql);
    cache.shapeOf(sql); // the cache admits a string at its second sighting
    peer = SqlStatementSanitizer.create(true);
    peer.sanitize(sql);
  }

  @Benchmark
  public StatementShape oursUncached() {
    return SqlFingerprinter.shape(sql);
  }

  @Benchmark
  public SqlStatementInfo peerUncached() throws Throwable {
    return (SqlStatementInfo) PEER_UNCACHED.invokeExact(sql, SqlDialect.DEFAULT);
  }

  @Benchmark
  public StatementShape oursCacheHit() {
    return cache.shapeOf(sql);
  }

  @Benchmark
  public SqlStatementInfo peerCacheHit() {
    return peer.sanitize(sql);
  }

  private static MethodHandle peerSanitizer() {
    try {
      Class<?> sanitizer =
          Class.forName(
              "io.opentelemetry.instrumentation.api.incubator.semconv.db.AutoSqlSanitizer");
      Method sanitize = sanitizer.getDeclaredMethod("sanitize", String.class, SqlDialect.class);
      sanitize.setAccessible(true);
      return MethodHandles.lookup()
          .unreflect(sanitize)
          .asType(MethodType.methodType(SqlStatementInfo.class, String.class, SqlDialect.class));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the peer's sanitizer moved; update the benchmark", e);
    }
  }
}
