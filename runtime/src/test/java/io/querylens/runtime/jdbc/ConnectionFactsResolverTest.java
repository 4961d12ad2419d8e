package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.querylens.exporter.ConnectionFacts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pools hand the application a new wrapper at every checkout, and some (DBCP2, Tomcat JDBC) answer
 * {@code unwrap(Connection.class)} with that wrapper: whatever the pool or proxy, the facts of a
 * physical connection are computed once, never again at the next checkout.
 */
class ConnectionFactsResolverTest {

  /** Checkouts of a pool of one physical connection. */
  private static final int CHECKOUTS = 10;

  private final ConnectionFactsResolver resolver =
      new ConnectionFactsResolver(new OwnConnections());
  private final List<AutoCloseable> pools = new ArrayList<>();

  @BeforeAll
  static void quietP6spy() {
    // No spy.log in the working directory: the statement wrappers are what is under test.
    System.setProperty("p6spy.config.modulelist", "com.p6spy.engine.spy.P6SpyFactory");
    PhysicalDriver.register();
  }

  @BeforeEach
  void tellTheResolverOfEveryPhysicalConnection() {
    PhysicalDriver.opened.clear();
    PhysicalDriver.onConnect = resolver::connected;
  }

  @AfterEach
  void closePools() throws Exception {
    for (AutoCloseable pool : pools) {
      pool.close();
    }
    PhysicalDriver.onConnect = connection -> {};
  }

  enum Pool {
    HIKARICP,
    COMMONS_DBCP2,
    TOMCAT_JDBC,
    C3P0,
    P6SPY_THROUGH_HIKARICP,
    DATASOURCE_PROXY_AROUND_HIKARICP
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Pool.class)
  void factsAreComputedOncePerPhysicalConnectionNotAtEveryCheckout(Pool pool) throws Exception {
    DataSource dataSource = open(pool, "facts_" + pool.name().toLowerCase());
    List<ConnectionFacts> seen = new ArrayList<>();

    for (int i = 0; i < CHECKOUTS; i++) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement();
          PreparedStatement prepared = connection.prepareStatement("select ?")) {
        statement.execute("select 1");
        seen.add(resolver.of(statement).facts);
        seen.add(resolver.of(prepared).facts);
      }
    }

    assertThat(PhysicalDriver.opened).isNotEmpty(); // DBCP2 opens (and closes) one to validate
    assertThat(resolver.computations()).isEqualTo(1);
    assertThat(seen)
        .hasSize(2 * CHECKOUTS)
        .allSatisfy(
            facts -> {
              assertThat(facts.systemName()).isEqualTo("h2database");
              assertThat(facts.namespace()).isEqualTo("FACTS_" + pool.name());
              assertThat(facts.serverAddress()).isNull();
            });
  }

  @Test
  void aPoolsWrapperIsRememberedForItsCheckoutAndForgottenWhenItIsClosed() throws Exception {
    DataSource dataSource = open(Pool.HIKARICP, "facts_wrapper");

    Connection wrapper = dataSource.getConnection();
    try (Statement first = wrapper.createStatement();
        Statement second = wrapper.createStatement()) {
      ConnectionFacts facts = resolver.of(first).facts;
      assertThat(resolver.of(second).facts).isSameAs(facts);
      assertThat(resolver.connectionsHeld()).isEqualTo(2); // the physical one and the wrapper
    }
    wrapper.close();
    resolver.closed(wrapper); // what the rewritten close() tells

    assertThat(resolver.connectionsHeld()).isEqualTo(1);
    assertThat(resolver.computations()).isEqualTo(1);
  }

  @Test
  void theAgentsOwnConnectionHasNoFactsAndIsLookedUpNotUnwrappedAgain() throws Exception {
    OwnConnections own = new OwnConnections();
    ConnectionFactsResolver withOwn = new ConnectionFactsResolver(own);
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:facts_own");
        Statement statement = connection.createStatement()) {
      own.add(connection);

      assertThat(withOwn.of(statement)).isNull();
      assertThat(withOwn.of(statement)).isNull();
      assertThat(withOwn.of(connection)).isNull(); // nor are its transactions followed
      assertThat(withOwn.connectionsHeld()).isEqualTo(1);
      assertThat(withOwn.computations()).isZero();
    }
  }

  private DataSource open(Pool pool, String database) {
    String url = PhysicalDriver.PREFIX + "mem:" + database + ";DB_CLOSE_DELAY=-1";
    switch (pool) {
      case HIKARICP:
        return hikari(url);
      case COMMONS_DBCP2:
        BasicDataSource dbcp2 = new BasicDataSource();
        dbcp2.setUrl(url);
        dbcp2.setMaxTotal(1);
        pools.add(dbcp2);
        return dbcp2;
      case TOMCAT_JDBC:
        org.apache.tomcat.jdbc.pool.DataSource tomcat =
            new org.apache.tomcat.jdbc.pool.DataSource();
        tomcat.setDriverClassName(PhysicalDriver.class.getName());
        tomcat.setUrl(url);
        tomcat.setMaxActive(1);
        tomcat.setMaxIdle(1);
        tomcat.setInitialSize(1);
        pools.add(tomcat::close);
        return tomcat;
      case C3P0:
        ComboPooledDataSource c3p0 = new ComboPooledDataSource();
        c3p0.setJdbcUrl(url);
        c3p0.setMaxPoolSize(1);
        c3p0.setMinPoolSize(1);
        c3p0.setInitialPoolSize(1);
        pools.add(c3p0::close);
        return c3p0;
      case P6SPY_THROUGH_HIKARICP:
        return hikari("jdbc:p6spy:" + url.substring("jdbc:".length()));
      case DATASOURCE_PROXY_AROUND_HIKARICP:
        return ProxyDataSourceBuilder.create(hikari(url)).name("proxied").build();
      default:
        throw new IllegalArgumentException(pool.name());
    }
  }

  private DataSource hikari(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    HikariDataSource hikari = new HikariDataSource(config);
    pools.add(hikari);
    return hikari;
  }
}
