package io.querylens.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.ServerKey;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class JdbcUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "jdbc-urls.csv", delimiterString = " | ", nullValues = "null")
  void readsSystemServerAndNamespaceWithoutKeepingTheUrl(
      String url, String system, String host, int port, String namespace) {
    JdbcUrl parsed = JdbcUrl.parse(url);

    assertThat(parsed.systemName).isEqualTo(system);
    assertThat(parsed.host).isEqualTo(host);
    assertThat(parsed.port).isEqualTo(port);
    assertThat(parsed.namespace(null)).isEqualTo(namespace);
  }

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "jdbc-urls.csv", delimiterString = " | ", nullValues = "null")
  void theSamplerNamesEveryPostgresqlServerAsTheSpansDo(
      String url, String system, String host, int port, String namespace) {
    Optional<ServerKey> sampled = ServerKey.fromJdbcUrl(url);

    if ("postgresql".equals(system) && host != null) {
      assertThat(sampled).contains(new ServerKey(host, port));
    } else {
      assertThat(sampled).isEmpty();
    }
  }

  @Test
  void theDatabaseTheDriverReportsWinsOverTheUrlsAndKeepsEachSystemsQualifier() {
    assertThat(JdbcUrl.parse("jdbc:postgresql://h/shop?currentSchema=sales").namespace("Shop"))
        .isEqualTo("Shop|sales");
    assertThat(JdbcUrl.parse("jdbc:sqlserver://h\\SALES;databaseName=shop").namespace("crm"))
        .isEqualTo("SALES|crm");
    assertThat(JdbcUrl.parse("jdbc:mysql://h/shop").namespace("other")).isEqualTo("other");
    assertThat(JdbcUrl.parse("jdbc:h2:mem:x").namespace("X")).isEqualTo("X");
  }

  @Test
  void theCurrentSchemaIsReadDecodedAsPgjdbcPassesItToTheServer() {
    assertThat(
            JdbcUrl.parse("jdbc:postgresql://h/shop?ssl=false&currentSchema=app").currentSchema())
        .isEqualTo("app");
    assertThat(JdbcUrl.parse("jdbc:postgresql://h/shop?currentSchema=app%2Cpublic").currentSchema())
        .isEqualTo("app,public");
    assertThat(JdbcUrl.parse("jdbc:postgresql://h/shop").currentSchema()).isNull();
  }

  @Test
  void noUrlIsSomeOtherSqlDatabaseWithNothingKnown() {
    JdbcUrl parsed = JdbcUrl.parse(null);

    assertThat(parsed.systemName).isEqualTo("other_sql");
    assertThat(parsed.host).isNull();
    assertThat(parsed.namespace(null)).isNull();
  }
}
