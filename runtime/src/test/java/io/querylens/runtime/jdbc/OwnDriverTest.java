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
  void settingsThatNameAnApplicationsClassKeepTheApplicationsDriver() {
    Properties none = new Properties();
    assertThat(
            OwnDriver.namesAClass("jdbc:postgresql://db/shop?ssl=true&sslmode=verify-full", none))
        .isFalse();
    assertThat(OwnDriver.namesAClass("jdbc:postgresql://db/shop?sslfactoryarg=x", none)).isFalse();
    assertThat(OwnDriver.namesAClass("jdbc:postgresql://db/shop?sslfactory=com.acme.Ssl", none))
        .isTrue();
    assertThat(
            OwnDriver.namesAClass(
                "jdbc:postgresql://db/shop?ssl=true&SocketFactory=com.acme.Socks", none))
        .isTrue();

    for (String setting :
        new String[] {
          "socketFactory",
          "sslfactory",
          "sslhostnameverifier",
          "sslpasswordcallback",
          "authenticationPluginClassName"
        }) {
      Properties properties = new Properties();
      properties.setProperty(setting, "com.acme.Plugin");
      assertThat(OwnDriver.namesAClass("jdbc:postgresql://db/shop", properties))
          .as(setting)
          .isTrue();
    }
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
