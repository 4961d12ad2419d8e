package io.querylens.core.insight;

import static io.querylens.core.insight.Snapshots.btree;
import static io.querylens.core.insight.Snapshots.index;
import static io.querylens.core.insight.Snapshots.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.LockWait;
import io.querylens.core.pg.LongTransaction;
import io.querylens.core.pg.TableStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RulesTest {

  @Test
  void anIndexWithoutScansIsUnusedAndItsUndoRebuildsItConcurrently() {
    List<Finding> findings =
        new IndexActionPlan()
            .evaluate(Snapshots.shop().index(btree("orders_status", 0, "status")).input());

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.risk()).isEqualTo(Risk.MEDIUM);
              assertThat(f.action()).isEqualTo("DROP INDEX CONCURRENTLY public.orders_status;");
              assertThat(f.undo())
                  .isEqualTo(
                      "CREATE INDEX CONCURRENTLY orders_status ON public.orders USING btree (status);");
            });
  }

  @Test
  void indexesThatEnforceSomethingAreNeverUnusedWhateverTheirScans() {
    AdvisorInput input =
        Snapshots.shop()
            .index(index("orders_pkey", 0, null, true, true, true, "id"))
            .index(index("orders_email_key", 0, null, false, true, true, "email"))
            .input();

    assertThat(new IndexActionPlan().evaluate(input)).isEmpty();
  }

  @Test
  void onPostgres16AScanOlderThanTheConfiguredAgeStillCountsAsUnused() {
    AdvisorInput input =
        Snapshots.shop()
            .index(
                index(
                    "old_scan",
                    3,
                    Snapshots.NOW.minus(Duration.ofDays(20)),
                    false,
                    false,
                    true,
                    "a"))
            .index(
                index(
                    "recent_scan",
                    3,
                    Snapshots.NOW.minus(Duration.ofDays(1)),
                    false,
                    false,
                    true,
                    "b"))
            .input();

    assertThat(new IndexActionPlan().evaluate(input))
        .extracting(f -> f.object().index())
        .containsExactly("old_scan");
  }

  @Test
  void anIndexUsedOnAStandbyIsNotUnused() {
    Snapshots primary = Snapshots.shop().index(btree("orders_status", 0, "status"));
    Snapshots standby = Snapshots.shop().index(btree("orders_status", 42, "status"));
    AdvisorInput input =
        new AdvisorInput(primary.snapshot(), List.of(standby.snapshot()), Thresholds.defaults());

    assertThat(new IndexActionPlan().evaluate(input)).isEmpty();
  }

  @Test
  void anUnscannedLeadingPrefixOfAnotherBtreeIsRedundantButNotTheLongerOne() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_customer", 0, "customer_id"))
            .index(btree("orders_customer_status", 5, "customer_id", "status"))
            .index(btree("orders_status_customer", 5, "status", "customer_id"))
            .input();

    assertThat(new IndexActionPlan().evaluate(input))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo(DuplicateIndexRule.KIND);
              assertThat(f.object().index()).isEqualTo("orders_customer");
              assertThat(f.evidence()).containsEntry("covered_by", "orders_customer_status");
              assertThat(f.risk()).isEqualTo(Risk.LOW);
              assertThat(f.action()).isEqualTo("DROP INDEX CONCURRENTLY public.orders_customer;");
            });
  }

  @Test
  void aScannedLeadingPrefixIsNamedAsCoveredButNotDropped() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_customer", 5, "customer_id"))
            .index(btree("orders_customer_status", 5, "customer_id", "status"))
            .input();

    assertThat(new IndexActionPlan().evaluate(input))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().index()).isEqualTo("orders_customer");
              assertThat(f.evidence()).containsEntry("covered_by", "orders_customer_status");
              assertThat(f.action()).isNull();
              assertThat(f.undo()).isNull();
              assertThat(f.note()).contains("in use");
            });
  }

  @Test
  void ofTwoIdenticalIndexesExactlyOneIsReported() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_a", 5, "customer_id"))
            .index(btree("orders_b", 5, "customer_id"))
            .input();

    assertThat(new IndexActionPlan().evaluate(input))
        .extracting(f -> f.object().index())
        .containsExactly("orders_b");
  }

  @Test
  void aUniqueIndexIsNeverReportedEvenWhenItRepeatsThePrimaryKey() {
    AdvisorInput input =
        Snapshots.shop()
            .index(index("orders_pkey", 5, null, true, true, true, "id"))
            .index(index("orders_id_again", 5, null, false, true, true, "id"))
            .input();

    // Dropping a unique index changes what the database enforces: the advisor leaves it be.
    assertThat(new IndexActionPlan().evaluate(input)).isEmpty();
  }

  @Test
  void anInvalidIndexIsRebuiltConcurrently() {
    AdvisorInput input =
        Snapshots.shop().index(index("orders_broken", 0, null, false, false, false, "a")).input();

    assertThat(new InvalidIndexRule().evaluate(input))
        .singleElement()
        .extracting(Finding::action)
        .isEqualTo("REINDEX INDEX CONCURRENTLY public.orders_broken;");
  }

  @Test
  void deadTuplesAreAWarningFrom20PercentAndCriticalFrom50() {
    AdvisorInput input =
        Snapshots.shop()
            .table(table("healthy", 9000, 1000, 0, 0))
            .table(table("warm", 7000, 3000, 0, 0))
            .table(table("bloated", 4000, 6000, 0, 0))
            .table(table("tiny", 10, 90, 0, 0))
            .input();

    List<Finding> findings = new DeadTuplesRule().evaluate(input);

    assertThat(findings)
        .extracting(f -> f.object().table() + " " + f.severity())
        .containsExactly("warm WARNING", "bloated CRITICAL");
  }

  @Test
  void statisticsTwiceAnAutoanalyzeBehindAreStaleAndCallForAnalyze() {
    // 10,000 live rows: autoanalyze with the defaults triggers at 50 + 1,000 changed rows.
    AdvisorInput input =
        Snapshots.shop()
            .table(changedSinceAnalyze(table("fresh", 10_000, 0, 0, 0), 1_500))
            .table(changedSinceAnalyze(table("behind", 10_000, 0, 0, 0), 2_101))
            .table(changedSinceAnalyze(table("tiny", 500, 0, 0, 0), 5_000))
            .input();

    List<Finding> findings = new StaleStatisticsRule().evaluate(input);

    assertThat(findings).extracting(f -> f.object().table()).containsExactly("behind");
    assertThat(findings.get(0).action()).isEqualTo("ANALYZE public.behind;");
    assertThat(findings.get(0).evidence())
        .containsEntry("modifications_since_analyze", 2_101L)
        .containsEntry("autoanalyze_trigger", 1_050L);
  }

  private static TableStats changedSinceAnalyze(TableStats t, long changed) {
    return new TableStats(
        t.schema(),
        t.name(),
        t.seqScans(),
        t.seqTuplesRead(),
        t.indexScans(),
        t.indexTuplesFetched(),
        t.inserts(),
        t.updates(),
        t.deletes(),
        t.hotUpdates(),
        t.liveTuples(),
        t.deadTuples(),
        t.lastVacuum(),
        t.lastAutovacuum(),
        t.lastAnalyze(),
        t.lastAutoanalyze(),
        t.vacuumCount(),
        t.autovacuumCount(),
        t.analyzeCount(),
        t.autoanalyzeCount(),
        t.heapBytes(),
        t.toastBytes(),
        t.indexBytes(),
        t.heapBlocksRead(),
        t.heapBlocksHit(),
        t.indexBlocksRead(),
        t.indexBlocksHit(),
        t.toastBlocksRead(),
        t.toastBlocksHit(),
        t.toastIndexBlocksRead(),
        t.toastIndexBlocksHit(),
        changed);
  }

  @Test
  void btreeLeavesMeasuredSparseAreIndexBloatFrom20PercentAndCriticalFrom50() {
    Snapshots shop =
        Snapshots.shop()
            .index(btree("orders_dense", 1, "a"))
            .index(btree("orders_sparse", 1, "b"))
            .index(btree("orders_hollow", 1, "c"))
            .index(btree("orders_unmeasured", 1, "d"));
    AdvisorInput input =
        shop.input()
            .withMeasuredIndexBloat(
                List.of(
                    new IndexBloat("public", "orders_dense", 80_000_000, 88.0),
                    new IndexBloat("public", "orders_sparse", 80_000_000, 63.0),
                    new IndexBloat("public", "orders_hollow", 80_000_000, 18.0)));

    List<Finding> findings = new IndexBloatRule().evaluate(input);

    assertThat(findings)
        .extracting(f -> f.object().index() + " " + f.severity())
        .containsExactly("orders_sparse WARNING", "orders_hollow CRITICAL");
    assertThat(findings.get(1).action())
        .isEqualTo("REINDEX INDEX CONCURRENTLY public.orders_hollow;");
    assertThat(findings.get(1).evidence()).containsEntry("bloat_ratio", 0.8);
  }

  @Test
  void cacheHitRatiosBelow99And90PercentAreWarningAndCritical() {
    Snapshots shop = Snapshots.shop().table(table("cold", 1000, 0, 8000, 2000));
    shop.blocksHit = 985;
    shop.blocksRead = 15;

    List<Finding> findings = new CacheHitRatioRule().evaluate(shop.input());

    assertThat(findings)
        .extracting(f -> f.object().qualifiedName() + " " + f.severity())
        .containsExactly("shop WARNING", "public.cold CRITICAL");
  }

  @Test
  void tooFewBlocksMakeNoCacheFinding() {
    Snapshots shop = Snapshots.shop();
    shop.blocksHit = 5;
    shop.blocksRead = 5;

    assertThat(new CacheHitRatioRule().evaluate(shop.input())).isEmpty();
  }

  @Test
  void connectionsAbove80PercentOfMaxAreReported() {
    Snapshots shop = Snapshots.shop();
    shop.connections = 85;

    assertThat(new ConnectionsRule().evaluate(shop.input()))
        .singleElement()
        .extracting(Finding::severity)
        .isEqualTo(Severity.WARNING);
  }

  @Test
  void locksAndTransactionsAreReportedPastTheirThresholdsOnly() {
    Snapshots shop = Snapshots.shop();
    shop.lockWaits.add(
        new LockWait(
            11, 22, "app", "shop", "relation", "AccessExclusiveLock", "public.orders", 30));
    shop.lockWaits.add(
        new LockWait(12, 22, "app", "shop", "relation", "RowExclusiveLock", "public.orders", 1));
    shop.transactions.add(new LongTransaction(33, "app", "shop", "idle in transaction", 600));
    shop.transactions.add(new LongTransaction(34, "app", "shop", "active", 2));

    assertThat(new BlockingLockRule().evaluate(shop.input()))
        .singleElement()
        .satisfies(f -> assertThat(f.evidence()).containsEntry("blocked_pid", 11));
    assertThat(new LongTransactionRule().evaluate(shop.input()))
        .singleElement()
        .satisfies(f -> assertThat(f.evidence()).containsEntry("pid", 33));
  }

  @Test
  void aWriteHeavyTableWithManyIndexesShowsEachIndexsScans() {
    Snapshots shop = Snapshots.shop();
    for (String column : new String[] {"a", "b", "c", "d"}) {
      shop.index(btree("orders_" + column, column.equals("a") ? 500 : 0, column));
    }
    // table(): 1,000 inserts, 100 updates (50 HOT), 10 deletes against 110 scans.
    shop.table(table("orders", 10_000, 0, 0, 0));

    assertThat(new WriteAmplificationRule().evaluate(shop.input()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.evidence()).containsEntry("indexes", 4).containsEntry("writes", 1110L);
              assertThat(f.evidence()).containsEntry("estimated_index_writes", (1000L + 50) * 4);
              assertThat((String) f.evidence().get("index_scans"))
                  .contains("orders_a (500 scans)", "orders_b (0 scans)");
            });
  }

  @Test
  void aTableReadMoreThanWrittenIsNotWriteAmplified() {
    Snapshots shop = Snapshots.shop();
    for (String column : new String[] {"a", "b", "c", "d", "e"}) {
      shop.index(btree("orders_" + column, 1, column));
    }
    shop.table(
        new io.querylens.core.pg.TableStats(
            "public", "orders", 5000, 0, 5000, 0, 1000, 100, 10, 50, 10_000, 0, null, null, null,
            null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));

    assertThat(new WriteAmplificationRule().evaluate(shop.input())).isEmpty();
  }

  @Test
  void theAdvisorOrdersFindingsMostSevereFirst() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_status", 0, "status"))
            .table(table("bloated", 4000, 6000, 0, 0))
            .input();

    assertThat(Advisor.standard().evaluate(input))
        .extracting(Finding::severity)
        .containsExactly(Severity.CRITICAL, Severity.WARNING);
  }
}
