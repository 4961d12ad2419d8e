package io.querylens.junit.support;

import io.querylens.runtime.jdbc.JdbcStatementTracer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Library mode for these tests: connections whose statements reach the runtime's tracer the way the
 * library's JDBC wrappers make them (module {@code library}, which this module must not depend on).
 * Test-only, and only what the tests use: connect, prepare, execute, batches.
 */
public final class TracedConnections {

  private final JdbcStatementTracer tracer;
  private final Driver driver;
  private final String url;
  private final Properties properties;

  public TracedConnections(
      JdbcStatementTracer tracer, Driver driver, String url, Properties properties) {
    this.tracer = tracer;
    this.driver = driver;
    this.url = url;
    this.properties = properties;
  }

  public Connection open() throws SQLException {
    Connection connection = driver.connect(url, properties);
    tracer.connected(driver, url, properties, connection);
    return (Connection) proxy(Connection.class, connection, this::connectionCall);
  }

  private Object connectionCall(Object target, Method method, Object[] arguments) throws Throwable {
    Object result = invoke(target, method, arguments);
    String name = method.getName();
    if (name.equals("createStatement")) {
      return proxy(Statement.class, result, this::statementCall);
    }
    if (name.equals("prepareStatement") || name.equals("prepareCall")) {
      tracer.prepared(result, (String) arguments[0]);
      return name.equals("prepareCall")
          ? proxy(CallableStatement.class, result, this::statementCall)
          : proxy(PreparedStatement.class, result, this::statementCall);
    }
    return result;
  }

  private Object statementCall(Object target, Method method, Object[] arguments) throws Throwable {
    String name = method.getName();
    String sql =
        arguments != null && arguments.length > 0 && arguments[0] instanceof String text
            ? text
            : null;
    if (name.equals("addBatch")) {
      tracer.batchAdded(target, sql);
    } else if (name.equals("clearBatch")) {
      tracer.batchCleared(target);
    }
    if (!name.startsWith("execute")) {
      return invoke(target, method, arguments);
    }
    Object scope = tracer.start(target, sql, name.endsWith("Batch"));
    Throwable thrown = null;
    try {
      return invoke(target, method, arguments);
    } catch (Throwable t) {
      thrown = t;
      throw t;
    } finally {
      tracer.end(scope, thrown);
    }
  }

  private interface Call {
    Object on(Object target, Method method, Object[] arguments) throws Throwable;
  }

  private static Object proxy(Class<?> type, Object target, Call call) {
    InvocationHandler handler = (proxy, method, arguments) -> call.on(target, method, arguments);
    return Proxy.newProxyInstance(
        TracedConnections.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
