package io.querylens.exporter.metrics;

import io.querylens.core.pg.BgWriterStats;
import io.querylens.core.pg.ConnectionStats;
import io.querylens.core.pg.DatabaseStats;
import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.LockCount;
import io.querylens.core.pg.ServerIdentity;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.StatementStats;
import io.querylens.core.pg.StatsFamily;
import io.querylens.core.pg.TableStats;
import io.querylens.core.pg.WalStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Snapshots as a sampler would take them, with the few values a test cares about. */
final class TestSnapshots {

  static final ServerKey SERVER = new ServerKey("db.example", 5432);
  static final Instant SERVER_START = Instant.parse("2026-03-01T08:00:00Z");

  private TestSnapshots() {}

  static Snapshot snapshot(Instant sampledAt, Instant statsReset, long commits, long indexScans) {
    return snapshot(sampledAt, statsReset, SERVER_START, commits, indexScans);
  }

  static Snapshot snapshot(
      Instant sampledAt, Instant statsReset, Instant serverStart, long commits, long indexScans) {
    return new Snapshot(
        new ServerIdentity(SERVER, "shop", 170004, "17.4", serverStart, false, true),
        sampledAt,
        Duration.ofMillis(42),
        new DatabaseStats(
            "shop",
            3,
            commits,
            1,
            10,
            90,
            100,
            50,
            5,
            4,
            3,
            0,
            0,
            0,
            0,
            8_000_000,
            statsReset,
            12,
            3),
        new ConnectionStats(100, Map.of("active", 2, "idle", 5), List.of()),
        List.of(table()),
        7,
        List.of(index(indexScans)),
        0,
        List.of(new StatementStats(-42L, "SELECT $1", 10, 25.0, 2.5, 10, 100, 3)),
        0,
        null,
        List.of(),
        List.of(
            new LockCount("public.orders", "RowExclusiveLock", "relation", 4),
            new LockCount("public.orders", "AccessExclusiveLock", "relation", 1)),
        2,
        null,
        new BgWriterStats(4, 1, 120.0, 8.0, 400, 30, 0, null, null, 900, statsReset, statsReset),
        List.of(),
        new WalStats(1000, 20, 5_000_000, statsReset),
        Set.of(StatsFamily.IO));
  }

  static TableStats table() {
    return new TableStats(
        "public", "orders", 2, 2000, 30, 30, 1000, 40, 0, 12, 1000, 40, null, null, null, null, 0,
        0, 0, 0, 65536, 0, 32768, 5, 95, 1, 60, 0, 0, 0, 0, 0);
  }

  static IndexStats index(long scans) {
    return new IndexStats(
        "public",
        "orders",
        "orders_customer",
        scans,
        scans,
        scans,
        null,
        16384,
        1,
        60,
        "CREATE INDEX orders_customer ON public.orders USING btree (customer)",
        List.of("customer"),
        "btree",
        null,
        null,
        true,
        true,
        false,
        false,
        false,
        false,
        false);
  }
}
