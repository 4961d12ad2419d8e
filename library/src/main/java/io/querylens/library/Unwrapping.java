package io.querylens.library;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * JDBC's {@code unwrap}/{@code isWrapperFor} for our wrappers: they see through to the driver's (or
 * pool's) objects first, so an application that unwraps to {@code HikariDataSource} or {@code
 * PGConnection} gets what it got without QueryLens; only a type that just our wrapper is answers
 * with the wrapper.
 */
final class Unwrapping {

  private Unwrapping() {}

  static <T> T unwrap(Object wrapper, Wrapper delegate, Class<T> type) throws SQLException {
    if (type.isInstance(delegate)) {
      return type.cast(delegate);
    }
    if (delegate.isWrapperFor(type)) {
      return delegate.unwrap(type);
    }
    if (type.isInstance(wrapper)) {
      return type.cast(wrapper);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  static boolean isWrapperFor(Object wrapper, Wrapper delegate, Class<?> type) throws SQLException {
    return type.isInstance(delegate) || delegate.isWrapperFor(type) || type.isInstance(wrapper);
  }
}
