package io.querylens.runtime.jdbc;

import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The classes of the connections drivers' {@code connect} returned: the physical connections that
 * pools and proxies wrap. Unwrapping a wrapper to one of them finds the driver's own connection
 * even through wrappers that answer {@code unwrap(Connection.class)} with themselves. A few classes
 * at most (one per driver, plus a wrapping driver such as p6spy's), held weakly so that an
 * undeployed driver's class loader can go.
 */
final class DriverConnectionClasses {

  /** Past this many, further classes are not learned: their connections unwrap the generic way. */
  static final int MAX_CLASSES = 8;

  @SuppressWarnings("unchecked")
  private volatile WeakReference<Class<?>>[] classes = new WeakReference[0];

  void learn(Class<?> connectionClass) {
    if (knows(connectionClass)) {
      return;
    }
    synchronized (this) {
      if (knows(connectionClass)) {
        return;
      }
      WeakReference<Class<?>>[] current = classes;
      int live = 0;
      for (WeakReference<Class<?>> known : current) {
        if (known.get() != null) {
          live++;
        }
      }
      if (live >= MAX_CLASSES) {
        return;
      }
      @SuppressWarnings("unchecked")
      WeakReference<Class<?>>[] grown = new WeakReference[live + 1];
      int i = 0;
      for (WeakReference<Class<?>> known : current) {
        if (known.get() != null) {
          grown[i++] = known;
        }
      }
      grown[i] = new WeakReference<>(connectionClass);
      classes = grown;
    }
  }

  /**
   * The driver's own connection behind {@code connection} (itself when it is one), or null when no
   * known class fits. Allocates nothing; a wrapper that fails to answer is taken as no wrapper.
   */
  Connection unwrap(Connection connection) {
    for (WeakReference<Class<?>> known : classes) {
      Class<?> type = known.get();
      if (type == null) {
        continue;
      }
      if (type.isInstance(connection)) {
        return connection;
      }
      try {
        if (connection.isWrapperFor(type)) {
          Object unwrapped = connection.unwrap(type);
          if (unwrapped instanceof Connection) {
            return (Connection) unwrapped;
          }
        }
      } catch (SQLException | RuntimeException | LinkageError e) {
        // A wrapper without (working) JDBC 4 unwrapping: try the next class, then the generic way.
      }
    }
    return null;
  }

  private boolean knows(Class<?> connectionClass) {
    for (WeakReference<Class<?>> known : classes) {
      if (known.get() == connectionClass) {
        return true;
      }
    }
    return false;
  }
}
