package io.querylens.core.pg;

import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a family with exact sizes; when a relation is locked (an ALTER TABLE, VACUUM FULL or
 * REINDEX in progress) and {@code lock_timeout} expires, reads again with sizes from {@code
 * relpages}, so a migration costs the sample precision, not the family. Told once per family.
 */
final class LockFallback {

  /** A family's query, given whether it may open relations to measure exact sizes. */
  interface SizedRead<T> {
    T read(boolean exactSizes) throws SQLException;
  }

  private final SamplerLog log;
  private final Set<StatsFamily> noted = EnumSet.noneOf(StatsFamily.class);

  LockFallback(SamplerLog log) {
    this.log = log;
  }

  <T> T read(StatsFamily family, String where, SizedRead<T> read) throws SQLException {
    try {
      return read.read(true);
    } catch (SQLException e) {
      if (!SqlErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        throw e;
      }
      String message =
          where
              + ": a relation was locked past lock_timeout while reading "
              + family.source()
              + "; sizes in this sample come from pg_class.relpages";
      if (noted.add(family)) {
        log.info(message);
      } else {
        log.debug(message);
      }
      return read.read(false);
    }
  }
}
