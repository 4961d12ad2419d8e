package io.querylens.runtime;

import io.querylens.core.config.Settings;
import java.time.Duration;

/**
 * The slow plan refresh's settings: how many statement shapes it plans after each sample, and how
 * long a shape's plan stands before it is planned again.
 */
record PlanRefreshSettings(int shapesPerSample, Duration refreshInterval) {

  static final String SHAPES_PER_SAMPLE = Settings.PREFIX + "advisor.planning.refresh-shapes";
  static final String REFRESH_INTERVAL = Settings.PREFIX + "advisor.planning.refresh-interval";

  /**
   * Five shapes a minute (the default sample interval) plan the 500 shapes kept in under two hours,
   * at a few milliseconds of planning each; a plan rarely changes faster than every half hour.
   */
  static final int DEFAULT_SHAPES_PER_SAMPLE = 5;

  static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(30);

  /** A malformed value is told and its default used, as for every advisor setting. */
  static PlanRefreshSettings read(LenientSettings settings) {
    return new PlanRefreshSettings(
        settings.getInt(SHAPES_PER_SAMPLE, DEFAULT_SHAPES_PER_SAMPLE, 0, 100),
        settings.getDuration(REFRESH_INTERVAL, DEFAULT_REFRESH_INTERVAL));
  }
}
