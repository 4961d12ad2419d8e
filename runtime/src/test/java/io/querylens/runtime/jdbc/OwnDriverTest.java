package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class OwnDriverTest {

  @Test
  void standsInForPgjdbcUnderTheAgentsRelocationOrItsOwnName() {
    assertThat(
            OwnDriver.samePgjdbc(
                "io.querylens.shaded.org.postgresql.Driver", "org.postgresql.Driver"))
        .isTrue();
    assertThat(OwnDriver.samePgjdbc("org.postgresql.Driver", "org.postgresql.Driver")).isTrue();
  }

  @Test
  void neverForAnotherDriver() {
    String own = "io.querylens.shaded.org.postgresql.Driver";
    assertThat(OwnDriver.samePgjdbc(own, "com.impossibl.postgres.jdbc.PGDriver")).isFalse();
    assertThat(OwnDriver.samePgjdbc(own, "software.amazon.jdbc.Driver")).isFalse();
    assertThat(OwnDriver.samePgjdbc(own, "Driver")).isFalse();
    assertThat(OwnDriver.samePgjdbc(own, "postgresql.Driver")).isFalse();
  }

  @Test
  void withoutADriverOfItsOwnItNeverStandsIn() {
    assertThat(
            OwnDriver.NONE.standsInFor(
                new org.postgresql.Driver(), "jdbc:postgresql://db/shop", new Properties()))
        .isFalse();
    OwnDriver failing =
        OwnDriver.of(
            () -> {
              throw new NoClassDefFoundError("io/querylens/shaded/org/postgresql/Driver");
            });
    assertThat(
            failing.standsInFor(
                new org.postgresql.Driver(), "jdbc:postgresql://db/shop", new Properties()))
        .isFalse();
  }
}
