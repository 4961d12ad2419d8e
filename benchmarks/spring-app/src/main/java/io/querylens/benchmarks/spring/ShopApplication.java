package io.querylens.benchmarks.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small shop service as Spring Boot users write it: JPA entities and repositories, a REST
 * controller, HikariCP as Boot configures it. {@code SpringBenchmark} starts it with and without
 * agents, as {@code java -jar spring-app.jar}, and reads the lines {@link Readiness} prints.
 */
@SpringBootApplication
public class ShopApplication {

  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }
}
