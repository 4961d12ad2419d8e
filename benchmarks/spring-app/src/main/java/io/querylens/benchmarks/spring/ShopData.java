package io.querylens.benchmarks.spring;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The customers the load reads: 2,000 of them, in four countries, written at start. */
@Component
class ShopData implements ApplicationRunner {

  static final int CUSTOMERS = 2000;

  private final JdbcTemplate jdbc;

  ShopData(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void run(ApplicationArguments args) {
    jdbc.update(
        "INSERT INTO customer (id, email, country) SELECT g, 'customer' || g || '@example.com',"
            + " (ARRAY['DE','FR','US','JP'])[1 + g % 4] FROM generate_series(1, "
            + CUSTOMERS
            + ") g");
  }
}
