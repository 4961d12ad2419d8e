package io.querylens.runtime;

import io.querylens.core.config.Settings;
import io.querylens.core.insight.Thresholds;

/**
 * The advisor's thresholds under {@code otel.instrumentation.querylens.advisor.}, each defaulting
 * to {@link Thresholds#defaults()}; a malformed value is told in one line and its default used.
 * Read by the running agent and by the {@code report} command alike.
 */
public final class ThresholdSettings {

  static final String PREFIX = Settings.PREFIX + "advisor.";

  private ThresholdSettings() {}

  public static Thresholds read(Settings strict) {
    LenientSettings settings = new LenientSettings(strict);
    Thresholds d = Thresholds.defaults();
    return new Thresholds(
        settings.getDuration(PREFIX + "unused-index-min-age", d.unusedIndexMinAge()),
        count(settings, "unused-index-min-bytes", d.unusedIndexMinBytes()),
        ratio(settings, "cache-hit-warning", d.cacheHitWarning()),
        ratio(settings, "cache-hit-critical", d.cacheHitCritical()),
        count(settings, "cache-min-blocks", d.cacheMinBlocks()),
        ratio(settings, "bloat-warning", d.deadTupleWarning()),
        ratio(settings, "bloat-critical", d.deadTupleCritical()),
        count(settings, "bloat-min-tuples", d.bloatMinTuples()),
        ratio(settings, "connections-warning", d.connectionsWarning()),
        settings.getDuration(PREFIX + "long-transaction", d.longTransaction()),
        settings.getDuration(PREFIX + "blocking-lock", d.blockingLock()));
  }

  private static double ratio(LenientSettings settings, String name, double fallback) {
    return settings.getDouble(PREFIX + name, fallback, 0.0);
  }

  private static long count(LenientSettings settings, String name, long fallback) {
    return settings.getInt(PREFIX + name, (int) fallback, 0, Integer.MAX_VALUE);
  }
}
