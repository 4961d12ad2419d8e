package io.querylens.core.insight;

/**
 * How risky the recommended action is: dropping a duplicate index is low, dropping an unused one is
 * medium (a rare monthly report may need it), adding an index to a write-heavy table is higher.
 */
public enum Risk {
  NONE,
  LOW,
  MEDIUM,
  HIGH
}
