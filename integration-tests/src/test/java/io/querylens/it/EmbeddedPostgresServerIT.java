package io.querylens.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedPostgresServerIT {

  @ParameterizedTest(name = "PostgreSQL {0}")
  @ValueSource(ints = {13, 15, 17, 18})
  void startsTheRequestedMajorVersionWithPgStatStatementsPreloaded(int major) throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(major);
        Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      ResultSet version = statement.executeQuery("SHOW server_version_num");
      version.next();
      assertThat(Integer.parseInt(version.getString(1)) / 10000).isEqualTo(major);

      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      ResultSet calls = statement.executeQuery("SELECT count(*) FROM pg_stat_statements");
      assertThat(calls.next()).isTrue();
    }
  }
}
