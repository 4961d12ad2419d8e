package io.querylens.it.app;

import com.mchange.v2.c3p0.ComboPooledDataSource;
import com.p6spy.engine.spy.P6DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.apache.commons.dbcp2.BasicDataSource;

/**
 * Statements through a connection pool or a JDBC wrapper, a checkout per unit of work, as a web
 * application runs them: each pool hands out its own wrapper around the driver's connection, and
 * p6spy and datasource-proxy wrap the driver's statements too.
 *
 * <p>Arguments: {@code hikaricp|dbcp2|tomcat-jdbc|c3p0|p6spy|datasource-proxy url user password}.
 */
public final class PoolsApp {

  public static final int CHECKOUTS = 5;

  /** The spans its statements give, in execution order. */
  public static List<String> spanNames() {
    List<String> names = new ArrayList<>();
    names.add("DROP TABLE pool_items");
    names.add("CREATE TABLE pool_items");
    for (int i = 0; i < CHECKOUTS; i++) {
      names.add("INSERT pool_items");
      names.add("SELECT pool_items");
    }
    names.add("SELECT pool_items");
    return names;
  }

  private PoolsApp() {}

  public static void main(String[] args) throws Exception {
    List<AutoCloseable> toClose = new ArrayList<>();
    try {
      DataSource dataSource = open(args[0], args[1], args[2], args[3], toClose);
      run(dataSource);
    } finally {
      for (int i = toClose.size() - 1; i >= 0; i--) {
        toClose.get(i).close();
      }
    }
    System.out.println("DONE");
  }

  private static void run(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS pool_items");
      statement.execute("CREATE TABLE pool_items (id INT PRIMARY KEY, name VARCHAR(50))");
    }
    for (int id = 1; id <= CHECKOUTS; id++) {
      try (Connection connection = dataSource.getConnection()) {
        try (PreparedStatement insert =
            connection.prepareStatement("INSERT INTO pool_items (id, name) VALUES (?, ?)")) {
          insert.setInt(1, id);
          insert.setString(2, "item" + id);
          print("insert", insert.executeUpdate());
        }
        try (PreparedStatement select =
            connection.prepareStatement("SELECT name FROM pool_items WHERE id = ?")) {
          select.setInt(1, id);
          try (ResultSet rows = select.executeQuery()) {
            print("select", rows.next() ? rows.getString(1) : "none");
          }
        }
      }
    }
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pool_items")) {
      print("count", rows.next() ? rows.getLong(1) : -1);
    }
  }

  private static DataSource open(
      String pool, String url, String user, String password, List<AutoCloseable> toClose)
      throws Exception {
    switch (pool) {
      case "hikaricp":
        return hikari(url, user, password, toClose);
      case "dbcp2":
        BasicDataSource dbcp2 = new BasicDataSource();
        dbcp2.setUrl(url);
        dbcp2.setUsername(user);
        dbcp2.setPassword(password);
        dbcp2.setMaxTotal(2);
        toClose.add(dbcp2);
        return dbcp2;
      case "tomcat-jdbc":
        org.apache.tomcat.jdbc.pool.DataSource tomcat =
            new org.apache.tomcat.jdbc.pool.DataSource();
        tomcat.setDriverClassName("org.postgresql.Driver");
        tomcat.setUrl(url);
        tomcat.setUsername(user);
        tomcat.setPassword(password);
        tomcat.setMaxActive(2);
        tomcat.setInitialSize(1);
        toClose.add(tomcat::close);
        return tomcat;
      case "c3p0":
        ComboPooledDataSource c3p0 = new ComboPooledDataSource();
        c3p0.setJdbcUrl(url);
        c3p0.setUser(user);
        c3p0.setPassword(password);
        c3p0.setMinPoolSize(1);
        c3p0.setInitialPoolSize(1);
        c3p0.setMaxPoolSize(2);
        toClose.add(c3p0::close);
        return c3p0;
      case "p6spy":
        // Logging to spy.log in the working directory is p6spy's default: off, it is not tested.
        System.setProperty("p6spy.config.modulelist", "com.p6spy.engine.spy.P6SpyFactory");
        return new P6DataSource(hikari(url, user, password, toClose));
      case "datasource-proxy":
        return ProxyDataSourceBuilder.create(hikari(url, user, password, toClose))
            .name("proxied")
            .build();
      default:
        throw new IllegalArgumentException("unknown pool " + pool);
    }
  }

  private static DataSource hikari(
      String url, String user, String password, List<AutoCloseable> toClose) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(2);
    HikariDataSource hikari = new HikariDataSource(config);
    toClose.add(hikari);
    return hikari;
  }

  private static void print(String step, Object result) {
    System.out.println("RESULT " + step + " " + result);
  }
}
