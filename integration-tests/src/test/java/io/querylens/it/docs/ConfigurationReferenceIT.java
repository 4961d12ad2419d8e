package io.querylens.it.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.ShopWorkload;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md cannot drift from the code: the agent, with debug on, names each setting
 * the first time it reads one; the shop runs with the sampler and the advisor's planning round
 * until every part of the agent has read its settings, and the names it printed are compared with
 * the reference's tables both ways.
 */
class ConfigurationReferenceIT {

  private static final String PREFIX = "otel.instrumentation.querylens.";
  private static final String SETTING_LINE = "[querylens] DEBUG setting ";

  /** After the first sample, long enough for the planning round and the rules to have run. */
  private static final Duration SETTLE = Duration.ofSeconds(8);

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static Set<String> read;
  private static Map<String, String> documented;

  @BeforeAll
  static void runTheShopWithDebugOn() throws Exception {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
    ForkedJvm.Started shop =
        ForkedJvm.main(ShopWorkload.class.getName())
            .sampleAppClasspath()
            .javaagent(ForkedJvm.agentJar())
            .args(postgres.jdbcUrl(), postgres.user(), "", "100000000")
            .systemProperties(receiver.exporterSettings(OtlpReceiver.Transport.HTTP))
            .systemProperty(PREFIX + "debug", "true")
            .systemProperty(PREFIX + "sampler.interval", "1s")
            .systemProperty(PREFIX + "advisor.planning.interval", "1s")
            .timeout(Duration.ofMinutes(5))
            .start();
    // The sampler has read its settings once its first sample arrives; the advisor's planning
    // round follows within a second or two.
    receiver.awaitMetric("postgresql.table.size", Duration.ofMinutes(2));
    Thread.sleep(SETTLE.toMillis());
    String stderr = shop.stop().stderr();
    read = settingsRead(stderr);
    documented = documentedSettings(Path.of("..", "docs", "configuration.md"));
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everySettingTheAgentReadsIsDocumented() {
    assertThat(read).as("settings the agent read").isNotEmpty();
    Set<String> undocumented = new TreeSet<>(read);
    undocumented.removeAll(documented.keySet());
    assertThat(undocumented).as("read by the agent, missing from docs/configuration.md").isEmpty();
  }

  @Test
  void everyDocumentedQueryLensSettingIsReadByTheAgent() {
    Set<String> unread = new TreeSet<>();
    for (String key : documented.keySet()) {
      if (key.startsWith(PREFIX) && !read.contains(key)) {
        unread.add(key);
      }
    }
    assertThat(unread).as("in docs/configuration.md, but the agent never reads them").isEmpty();
  }

  @Test
  void everyDocumentedSettingHasADefault() {
    Set<String> withoutDefault = new TreeSet<>();
    documented.forEach(
        (key, defaultValue) -> {
          if (defaultValue.isBlank()) {
            withoutDefault.add(key);
          }
        });
    assertThat(withoutDefault).as("rows of docs/configuration.md without a default").isEmpty();
  }

  private static Set<String> settingsRead(String stderr) {
    Set<String> keys = new TreeSet<>();
    for (String line : stderr.split("\n")) {
      int at = line.indexOf(SETTING_LINE);
      if (at >= 0) {
        String rest = line.substring(at + SETTING_LINE.length());
        keys.add(rest.substring(0, rest.indexOf(' ')));
      }
    }
    return keys;
  }

  /** Each table row's first cell, a key in backticks, and its second cell, the default. */
  private static Map<String, String> documentedSettings(Path reference) throws IOException {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String line : Files.readAllLines(reference)) {
      if (!line.startsWith("| `otel.")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String key = cells[1].strip();
      keys.put(key.substring(1, key.length() - 1), cells[2].strip());
    }
    return keys;
  }
}
