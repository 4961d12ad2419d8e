package io.querylens.it.hostsafety;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.ShopWorkload;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.PostgresAndReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampler connects with the agent's own copy of pgjdbc, not through the application's driver:
 * the application's driver runs only the application's statements, so its compiled code, its caches
 * and its log are as without the agent. The application's driver log, at its finest, is the
 * witness: it shows every statement that driver sends.
 */
class SamplerDriverIT {

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  @Test
  void theSamplersQueriesNeverRunThroughTheApplicationsDriver(@TempDir Path directory)
      throws Exception {
    assertTheApplicationsDriverSentNoneOfTheSamplersQueries(
        servers.postgres().jdbcUrl(), directory);
  }

  @Test
  void norWhenTheUrlNamesOneOfPgjdbcsOwnSslFactories(@TempDir Path directory) throws Exception {
    String url = servers.postgres().jdbcUrl();
    assertTheApplicationsDriverSentNoneOfTheSamplersQueries(
        url
            + (url.contains("?") ? "&" : "?")
            + "sslmode=disable&sslfactory=org.postgresql.ssl.NonValidatingFactory",
        directory);
  }

  private static void assertTheApplicationsDriverSentNoneOfTheSamplersQueries(
      String url, Path directory) throws Exception {
    Path driverLog = directory.resolve("pgjdbc.log");
    Path logging = directory.resolve("logging.properties");
    Files.writeString(
        logging,
        String.join(
            "\n",
            "handlers=java.util.logging.FileHandler",
            "java.util.logging.FileHandler.pattern=" + driverLog.toString().replace('\\', '/'),
            "java.util.logging.FileHandler.level=FINEST",
            "java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter",
            "org.postgresql.level=FINEST",
            ""));

    ForkedJvm.main(ShopWorkload.class.getName())
        .sampleAppClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(url, servers.postgres().user(), "", "3000")
        .systemProperty("java.util.logging.config.file", logging.toString())
        .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
        .systemProperty("otel.metric.export.interval", "500")
        .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
        .timeout(Duration.ofMinutes(3))
        .run()
        .requireSuccess();

    assertThat(servers.receiver().awaitMetric("postgresql.db_size", Duration.ofSeconds(30)))
        .as("the sampler sampled")
        .isNotEmpty();
    List<String> sent =
        Files.readAllLines(driverLog).stream().filter(line -> line.contains("FE=>")).toList();
    assertThat(sent)
        .as("the application's driver logged what it sent")
        .anyMatch(line -> line.contains("FROM orders"));
    assertThat(sent)
        .as("and none of it was the sampler's")
        .noneMatch(line -> line.contains("pg_stat_"));
  }
}
