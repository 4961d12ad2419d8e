package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void triesAtOnceUntilAConnectFails() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(60));

    assertThat(backoff.mayTry(T0)).isTrue();
  }

  @Test
  void waitsOneIntervalThenTwoThenFourUpToFiveMinutes() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(60));

    backoff.failed(T0);
    assertThat(backoff.mayTry(T0.plusSeconds(20))).isFalse();
    assertThat(backoff.mayTry(T0.plusSeconds(60))).isTrue();

    backoff.failed(T0);
    assertThat(backoff.mayTry(T0.plusSeconds(60))).isFalse();
    assertThat(backoff.mayTry(T0.plusSeconds(120))).isTrue();

    for (int i = 0; i < 10; i++) {
      backoff.failed(T0);
    }
    assertThat(backoff.mayTry(T0.plusSeconds(299))).isTrue(); // half an interval of slack
    assertThat(backoff.mayTry(T0.plusSeconds(260))).isFalse();
  }

  @Test
  void aShortIntervalCapsTheWaitAtTenIntervals() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(200));
    for (int i = 0; i < 20; i++) {
      backoff.failed(T0);
    }

    assertThat(backoff.mayTry(T0.plusMillis(2000))).isTrue();
  }

  @Test
  void aSuccessStartsOver() {
    ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(60));
    backoff.failed(T0);
    backoff.failed(T0);

    backoff.succeeded();

    assertThat(backoff.mayTry(T0)).isTrue();
    assertThat(backoff.failures()).isZero();
  }
}
