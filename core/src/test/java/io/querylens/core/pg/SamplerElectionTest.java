package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SamplerElectionTest {

  @Test
  void everyInstanceUsesTheSameLockKeyDerivedFromQuerylens() {
    // FNV-1a 64 of "querylens": a change here would let old and new versions sample at once.
    assertThat(SamplerElection.LOCK_KEY).isEqualTo(SamplerElection.fnv1a64("querylens"));
    assertThat(SamplerElection.fnv1a64("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(SamplerElection.fnv1a64("a")).isEqualTo(0xaf63dc4c8601ec8cL);
  }
}
