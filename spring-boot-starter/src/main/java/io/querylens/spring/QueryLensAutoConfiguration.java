package io.querylens.spring;

import io.opentelemetry.api.OpenTelemetry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Wraps every {@code DataSource} bean with QueryLens, with no code change: add the starter, and the
 * application's statements are recorded as the agent records them. {@code querylens.enabled=false}
 * turns it off.
 */
@AutoConfiguration
@ConditionalOnClass(DataSource.class)
@ConditionalOnProperty(prefix = "querylens", name = "enabled", matchIfMissing = true)
public class QueryLensAutoConfiguration {

  /** Static: a post-processor is made before the configuration class's other beans. */
  @Bean
  static QueryLensDataSourceWrapper queryLensDataSourceWrapper(
      ObjectProvider<OpenTelemetry> openTelemetry, ConfigurableEnvironment environment) {
    return new QueryLensDataSourceWrapper(openTelemetry, environment);
  }
}
