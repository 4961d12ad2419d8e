package io.querylens.core.insight;

/**
 * A btree index's bloat as {@code pgstatindex} measured it: how far its leaf pages are from as full
 * as a fresh build leaves them (the default fillfactor, 90%).
 *
 * @param indexBytes {@code index_size}
 * @param avgLeafDensity {@code avg_leaf_density}, percent
 */
public record IndexBloat(String schema, String index, long indexBytes, double avgLeafDensity) {

  /** What a fresh btree build fills its leaf pages to, unless the index sets its own fillfactor. */
  static final double FRESH_LEAF_DENSITY = 90;

  /** The share of the index's leaf space that a REINDEX would give back, 0 to 1. */
  public double ratio() {
    return Math.max(0, Math.min(1, 1 - avgLeafDensity / FRESH_LEAF_DENSITY));
  }

  String key() {
    return schema + "." + index;
  }
}
