package io.querylens.core.insight;

/** How urgently a finding wants attention. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL
}
