package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClassSettingsTest {

  private static final String PREFIX = "io.querylens.shaded.";

  @Test
  void settingsWithoutClassesOrWithPgjdbcsOwnKeepTheAgentsDriver() {
    Properties none = new Properties();
    assertThat(
            ClassSettings.nameAnApplicationClass(
                "jdbc:postgresql://db/shop?ssl=true&sslmode=verify-full", none))
        .isFalse();
    assertThat(
            ClassSettings.nameAnApplicationClass("jdbc:postgresql://db/shop?sslfactoryarg=x", none))
        .isFalse();
    assertThat(
            ClassSettings.nameAnApplicationClass(
                "jdbc:postgresql://db/shop?sslfactory=org.postgresql.ssl.NonValidatingFactory",
                none))
        .isFalse();
  }

  @Test
  void anApplicationsClassInTheUrlKeepsTheApplicationsDriver() {
    Properties none = new Properties();
    assertThat(
            ClassSettings.nameAnApplicationClass(
                "jdbc:postgresql://db/shop?sslfactory=com.acme.Ssl", none))
        .isTrue();
    assertThat(
            ClassSettings.nameAnApplicationClass(
                "jdbc:postgresql://db/shop?ssl=true&SocketFactory=com.acme.Socks", none))
        .isTrue();
  }

  @Test
  void anApplicationsClassInAnyClassSettingOfThePropertiesKeepsTheApplicationsDriver() {
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
      assertThat(ClassSettings.nameAnApplicationClass("jdbc:postgresql://db/shop", properties))
          .as(setting)
          .isTrue();
    }
  }

  @Test
  void pgjdbcsOwnClassesAreRenamedIntoTheAgentsCopyInTheUrl() {
    assertThat(
            ClassSettings.relocated(
                "jdbc:postgresql://db/shop?ssl=true&sslfactory=org.postgresql.ssl.NonValidatingFactory&sslmode=require",
                PREFIX))
        .isEqualTo(
            "jdbc:postgresql://db/shop?ssl=true&sslfactory=io.querylens.shaded.org.postgresql.ssl.NonValidatingFactory&sslmode=require");
    assertThat(ClassSettings.relocated("jdbc:postgresql://db/shop", PREFIX))
        .isEqualTo("jdbc:postgresql://db/shop");
    assertThat(ClassSettings.relocated("jdbc:postgresql://db/shop?user=org.postgresql.x", PREFIX))
        .as("only class settings")
        .isEqualTo("jdbc:postgresql://db/shop?user=org.postgresql.x");
  }

  @Test
  void pgjdbcsOwnClassesAreRenamedIntoTheAgentsCopyInACopyOfTheProperties() {
    Properties properties = new Properties();
    properties.setProperty("sslfactory", "org.postgresql.ssl.DefaultJavaSSLFactory");
    properties.setProperty("user", "shop");

    Properties relocated = ClassSettings.relocated(properties, PREFIX);

    assertThat(relocated.getProperty("sslfactory"))
        .isEqualTo("io.querylens.shaded.org.postgresql.ssl.DefaultJavaSSLFactory");
    assertThat(relocated.getProperty("user")).isEqualTo("shop");
    assertThat(properties.getProperty("sslfactory"))
        .as("the application's own are left alone")
        .isEqualTo("org.postgresql.ssl.DefaultJavaSSLFactory");
  }
}
