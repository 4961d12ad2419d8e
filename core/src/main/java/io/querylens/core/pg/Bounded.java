package io.querylens.core.pg;

import java.util.List;

/** The rows kept under an export limit, and how many matching rows were left out. */
record Bounded<T>(List<T> kept, int leftOut) {

  Bounded {
    kept = List.copyOf(kept);
  }

  static <T> Bounded<T> of(List<T> kept, long matching) {
    return new Bounded<>(kept, (int) Math.max(0, matching - kept.size()));
  }
}
