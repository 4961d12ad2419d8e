package io.querylens.core.insight;

import io.querylens.core.pg.ConnectionStats;
import io.querylens.core.pg.DatabaseStats;
import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.LockWait;
import io.querylens.core.pg.LongTransaction;
import io.querylens.core.pg.ServerIdentity;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.TableStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Snapshots written for rule specifications: only what a rule reads is set, the rest neutral. */
final class Snapshots {

  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  final List<IndexStats> indexes = new ArrayList<>();
  final List<TableStats> tables = new ArrayList<>();
  final List<LockWait> lockWaits = new ArrayList<>();
  final List<LongTransaction> transactions = new ArrayList<>();
  long blocksHit = 1_000_000;
  long blocksRead = 0;
  int connections = 10;
  int maxConnections = 100;

  static Snapshots shop() {
    return new Snapshots();
  }

  Snapshots index(IndexStats index) {
    indexes.add(index);
    return this;
  }

  Snapshots table(TableStats table) {
    tables.add(table);
    return this;
  }

  static IndexStats btree(String name, long scans, String... columns) {
    return index(name, scans, null, false, false, true, columns);
  }

  static IndexStats index(
      String name,
      long scans,
      Instant lastScan,
      boolean primary,
      boolean unique,
      boolean valid,
      String... columns) {
    String definition =
        "CREATE "
            + (unique || primary ? "UNIQUE " : "")
            + "INDEX "
            + name
            + " ON public.orders USING btree ("
            + String.join(", ", columns)
            + ")";
    return new IndexStats(
        "public",
        "orders",
        name,
        scans,
        scans * 10,
        scans * 10,
        lastScan,
        1_000_000,
        10,
        100,
        definition,
        List.of(columns),
        "btree",
        null,
        null,
        valid,
        true,
        primary,
        unique,
        false,
        primary,
        false);
  }

  static TableStats table(String name, long live, long dead, long heapHit, long heapRead) {
    return new TableStats(
        "public", name, 10, 1000, 100, 100, 1000, 100, 10, 50, live, dead, null, null, null, null,
        0, 0, 0, 0, 8_000_000, 0, 1_000_000, heapRead, heapHit, 0, 0, 0, 0, 0, 0, 0);
  }

  AdvisorInput input() {
    return AdvisorInput.of(snapshot());
  }

  Snapshot snapshot() {
    ServerIdentity server =
        new ServerIdentity(
            new ServerKey("db.internal", 5432),
            "shop",
            170000,
            "17.0",
            NOW.minus(Duration.ofDays(30)),
            false,
            true);
    DatabaseStats database =
        new DatabaseStats(
            "shop",
            connections,
            100,
            1,
            blocksRead,
            blocksHit,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            10_000_000,
            null,
            tables.size(),
            1);
    ConnectionStats connectionStats =
        new ConnectionStats(maxConnections, Map.of("active", connections), transactions);
    return new Snapshot(
        server,
        NOW,
        Duration.ofMillis(50),
        database,
        connectionStats,
        tables,
        0,
        indexes,
        0,
        List.of(),
        0,
        null,
        lockWaits,
        List.of(),
        0,
        null,
        null,
        List.of(),
        null,
        Set.of());
  }
}
