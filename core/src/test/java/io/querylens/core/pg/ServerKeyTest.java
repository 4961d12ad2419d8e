package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerKeyTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db.example:6543/shop | db.example:6543",
        "jdbc:postgresql://DB.Example/shop?user=app&password=secret | db.example:5432",
        "jdbc:postgresql://primary:5433,replica:5434/shop?targetServerType=primary | primary:5433",
        "jdbc:postgresql://[::1]:5440/shop | ::1:5440",
        "jdbc:postgresql://[2001:db8::7]/shop | 2001:db8::7:5432",
        "jdbc:postgresql://10.0.0.5?ssl=true | 10.0.0.5:5432",
        "jdbc:postgresql:shop | localhost:5432",
        "jdbc:postgresql:/ | localhost:5432",
        "jdbc:postgresql:///shop | localhost:5432",
        "JDBC:POSTGRESQL://db:5432/shop | db:5432"
      })
  void namesTheFirstServerOfAPostgresqlUrl(String url, String server) {
    assertThat(ServerKey.fromJdbcUrl(url)).map(ServerKey::toString).contains(server);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "jdbc:h2:mem:test",
        "jdbc:postgresql://db:notaport/shop",
        "jdbc:postgresql://db:70000/shop",
        "jdbc:postgresql://[::1/shop"
      })
  void refusesOtherDriversAndUnreadableUrls(String url) {
    assertThat(ServerKey.fromJdbcUrl(url)).isEmpty();
  }
}
