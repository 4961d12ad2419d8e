package io.querylens.it.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;

/** {@link SampleApp}'s statements through a HikariCP pool: proxies around the driver's objects. */
public final class PooledSampleApp {

  private PooledSampleApp() {}

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setUsername(args[1]);
    config.setPassword(args[2]);
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        Connection connection = pool.getConnection()) {
      SampleApp.run(connection, "postgresql");
    }
    System.out.println("DONE");
  }
}
