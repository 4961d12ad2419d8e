package io.querylens.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatementShapeCacheTest {

  @Test
  void aStatementSeenTwiceIsCachedAndFromThenOnAHitThatReturnsTheSameShape() {
    StatementShapeCache cache = new StatementShapeCache(100, 10_000);
    String sql = "SELECT * FROM orders WHERE id = ?";

    cache.shapeOf(sql);
    StatementShape second = cache.shapeOf(new String(sql.toCharArray()));
    StatementShape third = cache.shapeOf(new String(sql.toCharArray()));

    assertThat(third).isSameAs(second).isEqualTo(SqlFingerprinter.shape(sql));
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void aLookupAloneFindsOnlyCachedStatementsAndNeverFingerprints() {
    StatementShapeCache cache = new StatementShapeCache(100, 10_000);
    String sql = "SELECT * FROM orders WHERE id = ?";

    assertThat(cache.cachedShapeOf(sql)).isNull();
    assertThat(cache.cachedShapeOf(null)).isNull();
    assertThat(cache.misses()).isZero();
    cache.shapeOf(sql);
    assertThat(cache.cachedShapeOf(sql)).isNull(); // seen once: not admitted yet
    StatementShape admitted = cache.shapeOf(sql);

    assertThat(cache.cachedShapeOf(new String(sql.toCharArray()))).isSameAs(admitted);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(2);
  }

  @Test
  void statementsSeenOnceAreNeverKeptSoInlinedLiteralsDoNotChurnTheCache() {
    StatementShapeCache cache = new StatementShapeCache(50, 1_000_000);

    for (int i = 0; i < 1_000; i++) {
      cache.shapeOf("SELECT * FROM t WHERE id = " + i);
    }

    assertThat(cache.size()).isZero();
    assertThat(cache.evictions()).isZero();
    assertThat(cache.misses()).isEqualTo(1_000);
  }

  @Test
  void staysWithinItsEntryBound() {
    StatementShapeCache cache = new StatementShapeCache(50, 1_000_000);

    for (int i = 0; i < 1_000; i++) {
      cache.shapeOf("SELECT * FROM t WHERE id = " + i);
      cache.shapeOf("SELECT * FROM t WHERE id = " + i);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(50);
    assertThat(cache.evictions()).isGreaterThanOrEqualTo(950);
  }

  @Test
  void staysWithinItsCharBound() {
    StatementShapeCache cache = new StatementShapeCache(10_000, 2_000);

    for (int i = 0; i < 1_000; i++) {
      cache.shapeOf("SELECT * FROM t WHERE id = " + i);
      cache.shapeOf("SELECT * FROM t WHERE id = " + i);
    }

    assertThat(cache.totalChars()).isLessThanOrEqualTo(2_000);
  }

  @Test
  void doesNotKeepAStatementLargerThanAQuarterOfItsCharBound() {
    StatementShapeCache cache = new StatementShapeCache(10, 100);

    StatementShape shape = cache.shapeOf("SELECT " + "x, ".repeat(20) + "y FROM t");

    assertThat(shape.summary()).isEqualTo("SELECT t");
    assertThat(cache.size()).isZero();
  }

  @Test
  void nullIsTheEmptyShape() {
    StatementShapeCache cache = new StatementShapeCache(10, 100);

    assertThat(cache.shapeOf(null).normalizedText()).isEmpty();
  }

  @Test
  void rejectsBoundsBelowOne() {
    assertThatThrownBy(() -> new StatementShapeCache(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxEntries");
  }
}
