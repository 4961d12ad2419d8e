package io.querylens.spring;

import io.opentelemetry.api.OpenTelemetry;
import io.querylens.library.QueryLens;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Wraps each {@code DataSource} bean once it is initialized (a pool's configuration is complete
 * then); a bean wrapped already is left as it is. The QueryLens behind the wrappers is built at the
 * first {@code DataSource}, from the Environment's settings and the application's {@code
 * OpenTelemetry} bean when it has exactly one, and closed with the context.
 */
final class QueryLensDataSourceWrapper implements BeanPostProcessor, DisposableBean {

  private final ObjectProvider<OpenTelemetry> openTelemetry;
  private final ConfigurableEnvironment environment;
  private QueryLens queryLens;

  QueryLensDataSourceWrapper(
      ObjectProvider<OpenTelemetry> openTelemetry, ConfigurableEnvironment environment) {
    this.openTelemetry = openTelemetry;
    this.environment = environment;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof DataSource)) {
      return bean;
    }
    return queryLens().wrapDataSource((DataSource) bean);
  }

  private synchronized QueryLens queryLens() {
    if (queryLens == null) {
      QueryLens.Builder builder = QueryLens.builder().settings(SpringSettings.from(environment));
      OpenTelemetry application = openTelemetry.getIfUnique();
      if (application != null) {
        builder.openTelemetry(application);
      }
      queryLens = builder.build();
    }
    return queryLens;
  }

  @Override
  public synchronized void destroy() {
    if (queryLens != null) {
      queryLens.close();
    }
  }
}
