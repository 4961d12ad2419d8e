package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerWithoutServerTest {

  private final List<String> warnings = new ArrayList<>();
  private final List<String> debug = new ArrayList<>();
  private final SamplerLog log =
      new SamplerLog() {
        @Override
        public void warning(String message) {
          warnings.add(message);
        }

        @Override
        public void info(String message) {}

        @Override
        public void debug(String message) {
          debug.add(message);
        }
      };
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private int attempts;
  private final ConnectionSource unreachable =
      () -> {
        attempts++;
        throw new SQLException(
            "Connection to jdbc:postgresql://db:5432/shop?password=hunter2 refused", "08001");
      };

  @Test
  void anUnreachableServerIsWarnedAboutOnceWithoutItsPasswordAndRetriedWithBackoff() {
    Sampler sampler =
        new Sampler(new ServerKey("db", 5432), unreachable, SamplerSettings.defaults(), clock, log);

    assertThat(sampler.sampleOnce()).isEmpty();
    clock.advance(Duration.ofSeconds(60));
    assertThat(sampler.sampleOnce()).isEmpty();
    clock.advance(Duration.ofSeconds(60)); // second failure: waits two intervals
    assertThat(sampler.sampleOnce()).isEmpty();
    clock.advance(Duration.ofSeconds(60));
    assertThat(sampler.sampleOnce()).isEmpty();

    assertThat(attempts).isEqualTo(3);
    assertThat(sampler.role()).isEqualTo(Sampler.Role.DISCONNECTED);
    assertThat(sampler.latest()).isEmpty();
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("QueryLens sampler for db:5432 cannot connect")
        .contains("08001")
        .doesNotContain("hunter2");
    assertThat(debug).hasSize(2).noneMatch(line -> line.contains("hunter2"));
  }

  @Test
  void aClosedSamplerDoesNothing() {
    Sampler sampler =
        new Sampler(new ServerKey("db", 5432), unreachable, SamplerSettings.defaults(), clock, log);

    sampler.close();

    assertThat(sampler.sampleOnce()).isEmpty();
    assertThat(attempts).isZero();
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
