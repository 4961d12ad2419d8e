package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/**
 * A snapshot of only the tables and indexes of the connection's database, read on request (a test's
 * end) rather than by the sampler: what the missing-index rules need to find candidates and the
 * indexes that already serve them. Sizes from {@code relpages}, which opens no relation, so the
 * read never waits behind the application's locks; every other family is marked skipped.
 */
public final class CatalogSnapshot {

  private CatalogSnapshot() {}

  public static Snapshot read(Connection connection, ServerKey server) throws SQLException {
    SamplerSettings settings = SamplerSettings.defaults();
    RelationFilter filter = new RelationFilter(settings);
    ServerIdentity identity = SamplingSession.identify(connection, server);
    Bounded<TableStats> tables = TableQuery.read(connection, settings, filter, false);
    Bounded<IndexStats> indexes =
        IndexQuery.read(connection, settings, filter, identity.versionNumber(), false);
    EnumSet<StatsFamily> skipped = EnumSet.allOf(StatsFamily.class);
    skipped.remove(StatsFamily.TABLES);
    skipped.remove(StatsFamily.INDEXES);
    return new Snapshot(
        identity,
        Instant.now(),
        Duration.ZERO,
        null,
        null,
        tables.kept(),
        tables.leftOut(),
        indexes.kept(),
        indexes.leftOut(),
        List.of(),
        0,
        null,
        List.of(),
        List.of(),
        0,
        null,
        null,
        List.of(),
        null,
        skipped);
  }
}
