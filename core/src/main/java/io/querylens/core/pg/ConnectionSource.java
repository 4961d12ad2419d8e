package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the sampler's own connection to one PostgreSQL server. The agent implements it with the
 * application's driver, URL and connection properties (held in memory only); tests use {@code
 * DriverManager}. The sampler never sees the URL or the credentials, so it cannot log them.
 */
@FunctionalInterface
public interface ConnectionSource {

  /** A new connection; the sampler owns it and closes it. */
  Connection open() throws SQLException;
}
