package io.querylens.it.hardening;

import static io.querylens.it.hardening.Hardening.agentLines;
import static io.querylens.it.hardening.Hardening.resultLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.SampleApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.PostgresAndReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every malformed setting of {@code bad-configuration.csv}, given to one application at once: each
 * is told in one line that names its key, its value and what is accepted, and the application
 * starts and runs exactly as without the agent.
 */
class BadConfigurationIT {

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  @Test
  void eachMalformedSettingIsOneLineNamingItsKeyAndWhatIsAcceptedAndTheApplicationRuns()
      throws IOException {
    List<BadSetting> settings = badSettings();
    ForkedJvm app =
        ForkedJvm.main(SampleApp.class.getName())
            .sampleAppClasspath()
            .args(servers.postgres().jdbcUrl(), servers.postgres().user(), "");
    ForkedJvm.Result without = app.run().requireSuccess();
    ForkedJvm traced = Hardening.traced(app, servers.receiver());
    for (BadSetting setting : settings) {
      if (setting.inEnvironment) {
        traced.env(io.querylens.core.config.Settings.environmentName(setting.key), setting.value);
      } else {
        traced.systemProperty(setting.key, setting.value);
      }
    }
    ForkedJvm.Result with = traced.run().requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    List<String> lines = agentLines(with.stderr());
    for (BadSetting setting : settings) {
      assertThat(lines)
          .as("lines naming %s in %s", setting.key, lines)
          .filteredOn(line -> line.contains(setting.key + ":"))
          .singleElement()
          .asString()
          .contains(setting.accepted)
          .satisfies(
              line -> {
                if (setting.valueShown) {
                  assertThat(line).contains(setting.value);
                } else {
                  assertThat(line).doesNotContain(setting.value);
                }
              });
    }
  }

  private record BadSetting(
      boolean inEnvironment, String key, String value, String accepted, boolean valueShown) {}

  private static List<BadSetting> badSettings() throws IOException {
    List<BadSetting> settings = new ArrayList<>();
    try (InputStream in = BadConfigurationIT.class.getResourceAsStream("bad-configuration.csv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\\|");
        settings.add(
            new BadSetting(
                cells[0].trim().equals("environment"),
                cells[1].trim(),
                cells[2].trim(),
                cells[3].trim(),
                cells[4].trim().equals("shown")));
      }
    }
    return settings;
  }
}
