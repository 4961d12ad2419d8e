package io.querylens.library;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;

/** One real PostgreSQL for the library's tests, started once per test JVM. */
final class EmbeddedPostgresDatabase {

  private static EmbeddedPostgres server;

  private EmbeddedPostgresDatabase() {}

  static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        // pg_stat_statements shows which statements the sampler ran, as a DBA would see them.
        server =
            EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start PostgreSQL", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresDatabase::stop));
    }
    return server;
  }

  /** The driver's own {@code DataSource} (pgjdbc's) for database {@code postgres}. */
  static DataSource dataSource() {
    return server().getPostgresDatabase();
  }

  static String jdbcUrl() {
    return server().getJdbcUrl("postgres", "postgres");
  }

  private static synchronized void stop() {
    try {
      server.close();
    } catch (IOException e) {
      // the JVM is exiting; the temporary directory goes with it
    }
  }
}
