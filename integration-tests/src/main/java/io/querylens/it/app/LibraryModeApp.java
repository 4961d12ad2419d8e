package io.querylens.it.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.querylens.library.QueryLens;
import java.sql.Connection;
import javax.sql.DataSource;

/**
 * {@link SampleApp}'s statements through a HikariCP pool, run once under the agent and once with
 * the library wrapping the pool, so a test can compare what each mode exports.
 *
 * <p>Arguments: {@code agent|library url user password}.
 */
public final class LibraryModeApp {

  private LibraryModeApp() {}

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[1]);
    config.setUsername(args[2]);
    config.setPassword(args[3]);
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      DataSource dataSource = args[0].equals("library") ? Library.wrap(pool) : pool;
      try (Connection connection = dataSource.getConnection()) {
        SampleApp.run(connection, "postgresql");
      }
    }
    System.out.println("DONE");
  }

  /** Its own class: under the agent the library is not on the class path, and never loaded. */
  private static final class Library {
    static DataSource wrap(DataSource dataSource) {
      return QueryLens.wrap(dataSource);
    }
  }
}
