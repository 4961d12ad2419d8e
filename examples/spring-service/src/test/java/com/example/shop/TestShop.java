package com.example.shop;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service against an embedded PostgreSQL, started once for all tests: 20 customers, 10 open
 * orders. (With Testcontainers, point {@code spring.datasource.url} at the container instead.)
 */
final class TestShop {

  private static ConfigurableApplicationContext context;

  private TestShop() {}

  static synchronized ConfigurableApplicationContext started() {
    if (context == null) {
      context = start();
    }
    return context;
  }

  private static ConfigurableApplicationContext start() {
    EmbeddedPostgres postgres;
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ConfigurableApplicationContext shop =
        new SpringApplicationBuilder(ShopApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres",
                "spring.main.banner-mode=off",
                // Nothing to export to in a test; QueryLens still sees every statement.
                "otel.traces.exporter=none",
                "otel.metrics.exporter=none",
                "otel.logs.exporter=none")
            .run();
    CustomerRepository customers = shop.getBean(CustomerRepository.class);
    OrderRepository orders = shop.getBean(OrderRepository.class);
    for (long id = 1; id <= 20; id++) {
      Customer customer = customers.save(new Customer(id, "customer " + id));
      orders.save(new PurchaseOrder(id, id % 2 == 0 ? "OPEN" : "SHIPPED", customer));
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  shop.close();
                  try {
                    postgres.close();
                  } catch (IOException ignored) {
                    // the JVM is exiting
                  }
                }));
    return shop;
  }
}
