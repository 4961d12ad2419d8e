package io.querylens.core.insight;

import static io.querylens.core.insight.PlanReaderTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index each wasteful access path asks for, derived from real generic plans of PostgreSQL 15
 * (the planted schemas of {@code MissingIndexIT}'s access-path tests).
 */
class CandidateColumnsTest {

  private static final List<String> EVENTS_KEY = List.of("tenant_id", "device_id", "event_id");
  private static final List<String> READINGS_KEY = List.of("tenant_id", "device_id", "reading_id");
  private static final List<String> MEMBERSHIPS_KEY = List.of("group_id", "user_id");

  private static CandidateColumns derived(String plan, List<String> indexKeys) {
    WastefulScans.Found found = WastefulScans.in(plan(plan)).get(0);
    return CandidateColumns.of(found, indexKeys);
  }

  @Test
  void anIndexScanThroughTheKeyPrefixWithAResidualFilterExtendsThePrefixWithTheFilteredColumn() {
    CandidateColumns derived = derived("index-scan-residual-filter.json", EVENTS_KEY);

    assertThat(derived.path()).isEqualTo(AccessPath.RESIDUAL_FILTER);
    assertThat(derived.columns()).containsExactly("tenant_id", "device_id", "kind");
  }

  @Test
  void aBitmapHeapScanWithAResidualFilterExtendsItsBitmapIndexScansPrefix() {
    CandidateColumns derived = derived("bitmap-residual-filter.json", READINGS_KEY);

    assertThat(derived.path()).isEqualTo(AccessPath.RESIDUAL_FILTER);
    assertThat(derived.columns()).containsExactly("tenant_id", "device_id", "status");
  }

  @Test
  void anIndexOnlyScanSearchingTheKeysSecondColumnAsksForAnIndexLeadingWithIt() {
    CandidateColumns derived = derived("index-only-non-leading.json", MEMBERSHIPS_KEY);

    assertThat(derived.path()).isEqualTo(AccessPath.NON_LEADING_COLUMN);
    assertThat(derived.columns()).containsExactly("user_id");
  }

  @Test
  void aFilteredSequentialScanKeepsItsEqualityThenRangeColumns() {
    CandidateColumns derived = derived("seq-scan-and-range.json", List.of());

    assertThat(derived.path()).isEqualTo(AccessPath.SEQUENTIAL_SCAN);
    assertThat(derived.columns()).containsExactly("customer_id", "status", "created_at");
  }

  @Test
  void anIndexScanOnItsLeadingColumnWithoutAFilterWastesNothing() {
    assertThat(derived("index-scan.json", List.of("id"))).isNull();
  }

  @Test
  void anIndexWhoseKeysAreUnknownOrNotPlainIsNotExtended() {
    assertThat(derived("index-scan-residual-filter.json", List.of())).isNull();
  }

  @Test
  void aConditionRangeOnTheNextKeyColumnFollowsTheFilteredEqualityColumns() {
    PlanNode scan =
        new PlanNode(
            "Index Scan",
            "public",
            "events",
            "e",
            "(e.kind = $3)",
            List.of(),
            "events_pkey",
            "((e.tenant_id = $1) AND (e.event_id > $2))",
            5,
            100,
            List.of());

    CandidateColumns derived =
        CandidateColumns.of(
            new WastefulScans.Found(scan, scan, null), List.of("tenant_id", "event_id"));

    assertThat(derived.columns()).containsExactly("tenant_id", "kind", "event_id");
  }

  @Test
  void theCandidateIsANamedConcurrentIndexOnTheExtendedPrefix() {
    WastefulScans.Found found = WastefulScans.in(plan("bitmap-residual-filter.json")).get(0);
    IndexCandidate candidate =
        IndexCandidate.withColumns(
            found.scan(), CandidateColumns.of(found, READINGS_KEY), Set.of("readings_pkey"));

    assertThat(candidate.createSql())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY readings_tenant_id_device_id_status_idx"
                + " ON public.readings (tenant_id, device_id, status);");
    assertThat(candidate.path()).isEqualTo(AccessPath.RESIDUAL_FILTER);
  }
}
