package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultServiceNameTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/opt/shop/shop-api.jar --port 80 | shop-api",
        "app.jar | app",
        "com.acme.billing.Main arg | Main",
        "Main | Main",
      })
  void namesTheServiceAfterTheJarOrMainClass(String command, String expected) {
    assertThat(DefaultServiceName.fromCommand(command)).isEqualTo(expected);
  }
}
