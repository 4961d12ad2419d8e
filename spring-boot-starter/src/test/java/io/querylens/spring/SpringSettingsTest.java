package io.querylens.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SpringSettingsTest {

  @Test
  void querylensPropertiesBecomeOurKeysAndOtelPropertiesKeepTheirNames() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "application",
                Map.of(
                    "querylens.sampler.user", "monitor",
                    "otel.service.name", "shop",
                    "spring.datasource.url", "jdbc:postgresql://db/shop")));

    Map<String, String> settings = SpringSettings.from(environment);

    assertThat(settings)
        .containsEntry("otel.instrumentation.querylens.sampler.user", "monitor")
        .containsEntry("otel.service.name", "shop")
        .doesNotContainKey("spring.datasource.url");
  }

  @Test
  void theFirstSourceWinsAsInSpringsOwnLookups() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("defaults", Map.of("querylens.enabled", "true")));
    environment
        .getPropertySources()
        .addFirst(new MapPropertySource("overrides", Map.of("querylens.enabled", "false")));

    assertThat(SpringSettings.from(environment))
        .containsEntry("otel.instrumentation.querylens.enabled", "false");
  }
}
