package io.querylens.spring.shop;

import io.opentelemetry.api.OpenTelemetry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An ordinary Spring Boot application (JPA, HikariCP, pgjdbc) that knows nothing of QueryLens; it
 * has an {@code OpenTelemetry} bean of its own, as applications that trace do.
 */
@SpringBootApplication
public class ShopApplication {

  /** Set by the test before the application starts: the SDK it exports to. */
  public static volatile OpenTelemetry openTelemetry;

  @Bean
  OpenTelemetry openTelemetry() {
    return openTelemetry;
  }
}
