package io.querylens.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.querylens.library.QueryLensDataSource;
import io.querylens.spring.shop.Customer;
import io.querylens.spring.shop.CustomerRepository;
import io.querylens.spring.shop.ShopApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter on an application's class path is all it takes: its {@code DataSource} bean (Spring
 * Boot's HikariCP pool) is wrapped, its repository calls become spans in its own OpenTelemetry, the
 * pool stays reachable through {@code unwrap}, and {@code querylens.enabled=false} leaves the bean
 * as it was.
 */
class StarterTest {

  private static final AttributeKey<String> COLLECTION =
      AttributeKey.stringKey("db.collection.name");
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");

  private static EmbeddedPostgres postgres;
  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    ShopApplication.openTelemetry =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @Test
  void theDataSourceBeanIsWrappedAndRepositoryCallsBecomeSpans() throws SQLException {
    try (ConfigurableApplicationContext context = shop()) {
      DataSource dataSource = context.getBean(DataSource.class);
      assertThat(dataSource).isInstanceOf(QueryLensDataSource.class);
      assertThat(dataSource.unwrap(HikariDataSource.class)).isInstanceOf(HikariDataSource.class);

      CustomerRepository customers = context.getBean(CustomerRepository.class);
      customers.save(new Customer(1L, "ada"));
      assertThat(customers.findByName("ada")).extracting(Customer::getName).containsExactly("ada");

      // Hibernate writes its SQL in lower case; the span names keep the statement's own case.
      List<SpanData> recorded = awaitSpansOn("customers", 4);
      assertThat(recorded)
          .extracting(SpanData::getName)
          .contains("create table customers", "insert customers", "select customers");
      assertThat(recorded)
          .allSatisfy(s -> assertThat(s.getAttributes().get(SYSTEM)).isEqualTo("postgresql"));
    }
  }

  @Test
  void querylensEnabledFalseLeavesTheDataSourceBeanAsItWas() {
    try (ConfigurableApplicationContext context = shop("querylens.enabled=false")) {
      assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
    }
  }

  private static ConfigurableApplicationContext shop(String... extraProperties) {
    return new SpringApplicationBuilder(ShopApplication.class)
        .web(WebApplicationType.NONE)
        .properties(
            "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
            "spring.datasource.username=postgres",
            "spring.jpa.hibernate.ddl-auto=create-drop",
            "spring.main.banner-mode=off",
            "querylens.sampler.enabled=false")
        .properties(extraProperties)
        .run();
  }

  private static List<SpanData> awaitSpansOn(String table, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<SpanData> found = List.of();
    while (System.nanoTime() < deadline) {
      found =
          spans.getFinishedSpanItems().stream()
              .filter(s -> table.equals(s.getAttributes().get(COLLECTION)))
              .toList();
      if (found.size() >= count) {
        return found;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return found;
  }
}
