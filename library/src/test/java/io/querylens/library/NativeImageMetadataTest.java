package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The checked-in native-image metadata names exactly the providers OpenTelemetry's SDK
 * autoconfiguration loads through ServiceLoader (as the service files on the library's class path
 * list them), each a class with a public no-argument constructor, and keeps their service files.
 */
class NativeImageMetadataTest {

  private static final String METADATA = "META-INF/native-image/io.querylens/querylens-library/";

  /**
   * The service interfaces autoconfiguration looks providers up by. Not {@code ComponentProvider}:
   * those serve declarative configuration only, which needs the incubating API library mode does
   * not bring.
   */
  private static final String[] SERVICES = {
    "io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider",
    "io.opentelemetry.sdk.autoconfigure.spi.internal.ConfigurableMetricReaderProvider",
    "io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider",
    "io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider",
    "io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider",
    "io.opentelemetry.sdk.common.export.GrpcSenderProvider",
    "io.opentelemetry.sdk.common.export.HttpSenderProvider",
  };

  @Test
  void everyAutoconfigurationProviderIsRegisteredForItsConstructor() throws Exception {
    JsonNode reflection = read("reflect-config.json");
    Set<String> registered = new TreeSet<>();
    for (JsonNode type : reflection) {
      registered.add(type.get("name").asText());
      assertThat(type.get("methods").get(0).get("name").asText()).isEqualTo("<init>");
      assertThat(type.get("methods").get(0).get("parameterTypes")).isEmpty();
    }

    Set<String> providers = providersOnClassPath();
    assertThat(providers).isNotEmpty();
    assertThat(registered).isEqualTo(providers);
    for (String provider : providers) {
      Class<?> type =
          Class.forName(provider, false, NativeImageMetadataTest.class.getClassLoader());
      assertThat(type.getConstructor()).isNotNull();
    }
  }

  @Test
  void theServiceFilesAreKeptAsResources() throws Exception {
    String pattern =
        read("resource-config.json")
            .get("resources")
            .get("includes")
            .get(0)
            .get("pattern")
            .asText();

    for (String service : SERVICES) {
      assertThat("META-INF/services/" + service).matches(pattern);
    }
  }

  private static Set<String> providersOnClassPath() throws IOException {
    Set<String> providers = new TreeSet<>();
    for (String service : SERVICES) {
      Enumeration<URL> files =
          NativeImageMetadataTest.class
              .getClassLoader()
              .getResources("META-INF/services/" + service);
      while (files.hasMoreElements()) {
        try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
          lines
              .lines()
              .map(String::trim)
              .filter(line -> !line.isEmpty() && !line.startsWith("#"))
              .forEach(providers::add);
        }
      }
    }
    return providers;
  }

  private static JsonNode read(String file) throws IOException {
    try (InputStream in =
        NativeImageMetadataTest.class.getClassLoader().getResourceAsStream(METADATA + file)) {
      assertThat(in).as(METADATA + file).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }
}
