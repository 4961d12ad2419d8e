package io.querylens.core.pg;

import java.time.Duration;
import java.util.List;

/**
 * How the sampler runs and how much it exports. Schema and table names may use {@code *} as a
 * wildcard; an empty include list means "all"; excludes win over includes. Tables are matched by
 * bare name or {@code schema.table}.
 */
public record SamplerSettings(
    Duration interval,
    Duration statementTimeout,
    Duration lockTimeout,
    int maxTables,
    int maxIndexes,
    int topStatements,
    int maxQuerySamples,
    List<String> includeSchemas,
    List<String> excludeSchemas,
    List<String> includeTables,
    List<String> excludeTables) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMillis(100);
  public static final int DEFAULT_MAX_TABLES = 200;
  public static final int DEFAULT_MAX_INDEXES = 500;
  public static final int DEFAULT_TOP_STATEMENTS = 50;

  /** Sessions sent as {@code db.server.query_sample} events per sample; 0 reads none. */
  public static final int DEFAULT_MAX_QUERY_SAMPLES = 50;

  public SamplerSettings {
    requirePositive("interval", interval);
    requirePositive("statement timeout", statementTimeout);
    requirePositive("lock timeout", lockTimeout);
    requireAtLeast("max tables", maxTables, 0);
    requireAtLeast("max indexes", maxIndexes, 0);
    requireAtLeast("top statements", topStatements, 0);
    requireAtLeast("max query samples", maxQuerySamples, 0);
    includeSchemas = List.copyOf(includeSchemas);
    excludeSchemas = List.copyOf(excludeSchemas);
    includeTables = List.copyOf(includeTables);
    excludeTables = List.copyOf(excludeTables);
  }

  public static SamplerSettings defaults() {
    return new SamplerSettings(
        DEFAULT_INTERVAL,
        DEFAULT_STATEMENT_TIMEOUT,
        DEFAULT_LOCK_TIMEOUT,
        DEFAULT_MAX_TABLES,
        DEFAULT_MAX_INDEXES,
        DEFAULT_TOP_STATEMENTS,
        DEFAULT_MAX_QUERY_SAMPLES,
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }

  public SamplerSettings withInterval(Duration value) {
    return new SamplerSettings(
        value,
        statementTimeout,
        lockTimeout,
        maxTables,
        maxIndexes,
        topStatements,
        maxQuerySamples,
        includeSchemas,
        excludeSchemas,
        includeTables,
        excludeTables);
  }

  public SamplerSettings withTimeouts(Duration statement, Duration lock) {
    return new SamplerSettings(
        interval,
        statement,
        lock,
        maxTables,
        maxIndexes,
        topStatements,
        maxQuerySamples,
        includeSchemas,
        excludeSchemas,
        includeTables,
        excludeTables);
  }

  public SamplerSettings withLimits(int tables, int indexes, int statements) {
    return new SamplerSettings(
        interval,
        statementTimeout,
        lockTimeout,
        tables,
        indexes,
        statements,
        maxQuerySamples,
        includeSchemas,
        excludeSchemas,
        includeTables,
        excludeTables);
  }

  /** How many sessions a sample reads as query samples; 0 reads none. */
  public SamplerSettings withMaxQuerySamples(int value) {
    return new SamplerSettings(
        interval,
        statementTimeout,
        lockTimeout,
        maxTables,
        maxIndexes,
        topStatements,
        value,
        includeSchemas,
        excludeSchemas,
        includeTables,
        excludeTables);
  }

  public SamplerSettings withSchemas(List<String> include, List<String> exclude) {
    return new SamplerSettings(
        interval,
        statementTimeout,
        lockTimeout,
        maxTables,
        maxIndexes,
        topStatements,
        maxQuerySamples,
        include,
        exclude,
        includeTables,
        excludeTables);
  }

  public SamplerSettings withTables(List<String> include, List<String> exclude) {
    return new SamplerSettings(
        interval,
        statementTimeout,
        lockTimeout,
        maxTables,
        maxIndexes,
        topStatements,
        maxQuerySamples,
        includeSchemas,
        excludeSchemas,
        include,
        exclude);
  }

  private static void requirePositive(String what, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("sampler " + what + " must be positive, was " + value);
    }
  }

  private static void requireAtLeast(String what, int value, int minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(
          "sampler " + what + " must be at least " + minimum + ", was " + value);
    }
  }
}
