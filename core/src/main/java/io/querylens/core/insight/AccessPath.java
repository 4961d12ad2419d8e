package io.querylens.core.insight;

/** How a plan reads more rows than it returns: the three shapes a missing index takes. */
enum AccessPath {
  /** A sequential scan whose {@code Filter} keeps a small share of a large table. */
  SEQUENTIAL_SCAN("sequential scan", "the filtered columns"),
  /**
   * An index or bitmap scan reaching rows through a prefix of the index's key, whose residual
   * {@code Filter} then throws most of the fetched rows away.
   */
  RESIDUAL_FILTER(
      "index scan with a residual filter", "the used key prefix and the filtered columns"),
  /**
   * An index (only) scan whose condition is not on the index's first column: the planner reads the
   * whole index, and no {@code Filter} line shows it.
   */
  NON_LEADING_COLUMN("index scan on a non-leading index column", "the searched columns first");

  private final String description;
  private final String proposal;

  AccessPath(String description, String proposal) {
    this.description = description;
    this.proposal = proposal;
  }

  /** What the plan does, for a finding's note: "sequential scan". */
  String description() {
    return description;
  }

  /** What the proposed index leads with, for a finding's note. */
  String proposal() {
    return proposal;
  }

  /** The evidence value: {@code residual_filter}. */
  String evidenceName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
