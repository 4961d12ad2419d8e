package io.querylens.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "jdbc:postgresql://db.internal:6432/shop?user=app&password=secret | postgresql | db.internal | 6432 | null",
        "jdbc:postgresql://db.internal/shop | postgresql | db.internal | 5432 | null",
        "jdbc:postgresql://primary:5433,replica:5434/shop?targetServerType=any | postgresql | primary | 5433 | null",
        "jdbc:postgresql://[::1]:5440/shop | postgresql | ::1 | 5440 | null",
        "jdbc:postgresql:///shop | postgresql | localhost | 5432 | null",
        "jdbc:postgresql://h:1/shop?currentSchema=sales&ssl=true | postgresql | h | 1 | sales",
        "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1 | h2database | null | 0 | null",
        "jdbc:h2:tcp://dbhost:9092/~/shop | h2database | dbhost | 9092 | null",
        "jdbc:mysql://user:pw@mysql.local/shop | mysql | mysql.local | 3306 | null",
        "jdbc:weird:thing | other_sql | null | 0 | null",
      })
  void readsSystemServerAndSchemaWithoutKeepingTheUrl(
      String url, String system, String host, int port, String schema) {
    JdbcUrl parsed = JdbcUrl.parse(url);

    assertThat(parsed.systemName).isEqualTo(system);
    assertThat(parsed.host).isEqualTo(host);
    assertThat(parsed.port).isEqualTo(port);
    assertThat(parsed.currentSchema).isEqualTo(schema);
  }
}
