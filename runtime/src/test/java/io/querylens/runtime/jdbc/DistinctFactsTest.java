package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.exporter.ConnectionFacts;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DistinctFactsTest {

  private final DistinctFacts distinct = new DistinctFacts();

  @Test
  void aTenThousandSchemaCurrentSchemaStormStaysWithinTheBound() {
    Set<ConnectionFacts> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int tenant = 0; tenant < 10_000; tenant++) {
      handedOut.add(
          distinct.of(new ConnectionFacts("postgresql", "shop|tenant_" + tenant, "db", 5432)));
    }

    assertThat(handedOut).hasSize(DistinctFacts.MAX_NAMESPACES + 1);
    assertThat(handedOut)
        .filteredOn(facts -> facts.namespace() == null)
        .singleElement()
        .satisfies(
            other -> {
              assertThat(other.systemName()).isEqualTo("postgresql");
              assertThat(other.serverAddress()).isEqualTo("db");
              assertThat(other.serverPort()).isEqualTo(5432);
            });
  }

  @Test
  void theFirstNamespacesKeepTheirNameAndEqualFactsAreOneInstance() {
    ConnectionFacts first = distinct.of(new ConnectionFacts("postgresql", "shop|a", "db", 5432));
    for (int tenant = 0; tenant < 1_000; tenant++) {
      distinct.of(new ConnectionFacts("postgresql", "shop|tenant_" + tenant, "db", 5432));
    }

    assertThat(distinct.of(new ConnectionFacts("postgresql", "shop|a", "db", 5432)))
        .isSameAs(first);
    assertThat(first.namespace()).isEqualTo("shop|a");
  }

  @Test
  void serversPastTheBoundFallIntoTheirSystemsBucket() {
    Set<ConnectionFacts> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int host = 0; host < 10_000; host++) {
      handedOut.add(distinct.of(new ConnectionFacts("postgresql", "shop", "db-" + host, 5432)));
    }

    assertThat(handedOut).hasSize(2 * DistinctFacts.MAX_NAMESPACES + 1);
  }
}
