package io.querylens.junit;

import io.querylens.core.config.InvalidSettingException;
import io.querylens.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The budgets one test runs under: the settings' (JUnit configuration parameter, then system
 * property, then environment variable), overridden by its class's {@link QueryLens}, then by its
 * method's. {@link QueryLens#UNLIMITED} and a null duration mean no limit.
 */
record Budgets(
    int maxStatements,
    int maxExecutionsPerShape,
    long maxSeqScanRows,
    int maxMissingIndexes,
    Duration maxDuration) {

  static final String PREFIX = Settings.PREFIX + "junit.";
  static final String MAX_STATEMENTS = PREFIX + "max-statements";
  static final String MAX_EXECUTIONS_PER_SHAPE = PREFIX + "max-executions-per-shape";
  static final String MAX_SEQ_SCAN_ROWS = PREFIX + "max-seq-scan-rows";
  static final String MAX_MISSING_INDEXES = PREFIX + "max-missing-indexes";
  static final String MAX_STATEMENT_DURATION = PREFIX + "max-statement-duration";

  /**
   * More executions of one shape than an ordinary test needs, and fewer than the loop over a page
   * of rows that an N+1 makes.
   */
  static final int DEFAULT_MAX_EXECUTIONS_PER_SHAPE = 20;

  /** A table this large read whole is worth an index before production data makes it slow. */
  static final long DEFAULT_MAX_SEQ_SCAN_ROWS = 10_000;

  static final String NO_LIMIT = "none";

  /**
   * @param parameter the JUnit configuration parameter of a key, if set
   * @throws InvalidSettingException naming the key when a value is malformed
   */
  static Budgets fromSettings(Function<String, Optional<String>> parameter, Settings settings) {
    Function<String, String> value = key -> parameter.apply(key).orElseGet(() -> settings.get(key));
    return new Budgets(
        (int) count(MAX_STATEMENTS, value.apply(MAX_STATEMENTS), QueryLens.UNLIMITED),
        (int)
            count(
                MAX_EXECUTIONS_PER_SHAPE,
                value.apply(MAX_EXECUTIONS_PER_SHAPE),
                DEFAULT_MAX_EXECUTIONS_PER_SHAPE),
        count(MAX_SEQ_SCAN_ROWS, value.apply(MAX_SEQ_SCAN_ROWS), DEFAULT_MAX_SEQ_SCAN_ROWS),
        (int) count(MAX_MISSING_INDEXES, value.apply(MAX_MISSING_INDEXES), QueryLens.UNLIMITED),
        duration(MAX_STATEMENT_DURATION, value.apply(MAX_STATEMENT_DURATION), null));
  }

  /** These budgets with what {@code annotation} sets; null changes nothing. */
  Budgets overriddenBy(QueryLens annotation, String where) {
    if (annotation == null) {
      return this;
    }
    return new Budgets(
        annotation.maxStatements() == QueryLens.INHERIT
            ? maxStatements
            : nonNegative(annotation.maxStatements(), "maxStatements", where),
        annotation.maxExecutionsPerShape() == QueryLens.INHERIT
            ? maxExecutionsPerShape
            : nonNegative(annotation.maxExecutionsPerShape(), "maxExecutionsPerShape", where),
        annotation.maxSeqScanRows() == QueryLens.INHERIT
            ? maxSeqScanRows
            : nonNegative(annotation.maxSeqScanRows(), "maxSeqScanRows", where),
        annotation.maxMissingIndexes() == QueryLens.INHERIT
            ? maxMissingIndexes
            : nonNegative(annotation.maxMissingIndexes(), "maxMissingIndexes", where),
        annotation.maxStatementDuration().isEmpty()
            ? maxDuration
            : duration(
                "@QueryLens(maxStatementDuration) on " + where,
                annotation.maxStatementDuration(),
                maxDuration));
  }

  boolean limitsSeqScans() {
    return maxSeqScanRows != QueryLens.UNLIMITED;
  }

  /** Opt-in: the missing-index round reads the database's catalog at every test's end. */
  boolean limitsMissingIndexes() {
    return maxMissingIndexes != QueryLens.UNLIMITED;
  }

  private static long count(String key, String value, long fallback) {
    if (value == null) {
      return fallback;
    }
    if (NO_LIMIT.equalsIgnoreCase(value.trim())) {
      return QueryLens.UNLIMITED;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= 0 && parsed <= Integer.MAX_VALUE) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // told below, with what is accepted
    }
    throw new InvalidSettingException(
        key, value, "a whole number from 0 to " + Integer.MAX_VALUE + ", or " + NO_LIMIT);
  }

  private static Duration duration(String key, String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (NO_LIMIT.equalsIgnoreCase(value.trim())) {
      return null;
    }
    return new Settings(Map.of(key, value.trim()), Map.of()).getDuration(key, fallback);
  }

  private static <T extends Number> T nonNegative(T value, String attribute, String where) {
    if (value.longValue() < 0) {
      throw new InvalidSettingException(
          "@QueryLens(" + attribute + ") on " + where,
          value.toString(),
          "a whole number from 0, or QueryLens.UNLIMITED");
    }
    return value;
  }
}
