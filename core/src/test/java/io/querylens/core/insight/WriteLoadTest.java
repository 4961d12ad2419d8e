package io.querylens.core.insight;

import static io.querylens.core.insight.Snapshots.btree;
import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.TableStats;
import org.junit.jupiter.api.Test;

class WriteLoadTest {

  @Test
  void addingAnIndexToATableReadMoreThanWrittenIsMediumRisk() {
    Snapshots shop = Snapshots.shop().table(orders(100, 50, 0, 5_000)).index(btree("a", 1, "a"));

    assertThat(load(shop).riskOfAddingAnIndex()).isEqualTo(Risk.MEDIUM);
  }

  @Test
  void addingAnIndexToAWriteHeavyTableIsHighRisk() {
    Snapshots shop = Snapshots.shop().table(orders(40_000, 20_000, 5_000, 2_000));

    assertThat(load(shop).writeHeavy()).isTrue();
    assertThat(load(shop).riskOfAddingAnIndex()).isEqualTo(Risk.HIGH);
  }

  @Test
  void addingAFifthIndexIsHighRiskWhateverTheWrites() {
    Snapshots shop = Snapshots.shop().table(orders(10, 0, 0, 5_000));
    for (String column : new String[] {"a", "b", "c", "d"}) {
      shop.index(btree("orders_" + column, 100, column));
    }

    assertThat(load(shop).riskOfAddingAnIndex()).isEqualTo(Risk.HIGH);
  }

  @Test
  void fewWritesAreNeverHeavyEvenWithoutReads() {
    assertThat(load(Snapshots.shop().table(orders(500, 400, 0, 0))).writeHeavy()).isFalse();
  }

  private static WriteLoad load(Snapshots shop) {
    return WriteLoad.of(shop.snapshot(), "public", "orders");
  }

  private static TableStats orders(long inserts, long updates, long deletes, long scans) {
    return new TableStats(
        "public",
        "orders",
        scans / 2,
        0,
        scans - scans / 2,
        0,
        inserts,
        updates,
        deletes,
        0,
        100_000,
        0,
        null,
        null,
        null,
        null,
        0,
        0,
        0,
        0,
        8_000_000,
        0,
        1_000_000,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0);
  }
}
