package io.querylens.core.pg;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One sampler per database among all application instances: the sampling session holds a
 * session-level advisory lock. PostgreSQL releases it when the session ends, however the instance
 * died, and another instance's next attempt takes it over.
 */
final class SamplerElection {

  /** FNV-1a 64-bit hash of "querylens": fixed across versions, instances and machines. */
  static final long LOCK_KEY = fnv1a64("querylens");

  private SamplerElection() {}

  /** True if this session holds (or now takes) the sampler lock of its database. */
  static boolean tryLead(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT /* querylens */ pg_try_advisory_lock(?)")) {
      statement.setLong(1, LOCK_KEY);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    }
  }

  /** Hands the lock back so another instance takes over at its next tick. */
  static void resign(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT /* querylens */ pg_advisory_unlock(?)")) {
      statement.setLong(1, LOCK_KEY);
      statement.executeQuery().close();
    }
  }

  static long fnv1a64(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
