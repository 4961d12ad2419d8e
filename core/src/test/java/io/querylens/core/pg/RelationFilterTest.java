package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelationFilterTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "orders, orders",
    "orders_*, orders\\_%",
    "*audit*, %audit%",
    "100%, 100\\%",
    "a\\b, a\\\\b"
  })
  void turnsWildcardsIntoLikePatternsEscapingLikesOwn(String glob, String like) {
    assertThat(RelationFilter.likePattern(glob)).isEqualTo(like);
  }

  @Test
  void addsNoConditionWhenNothingIsFiltered() {
    assertThat(new RelationFilter(SamplerSettings.defaults()).conditions("s", "t")).isEmpty();
  }

  @Test
  void matchesTablesByBareOrSchemaQualifiedName() {
    SamplerSettings settings =
        SamplerSettings.defaults()
            .withSchemas(List.of("app"), List.of("tmp_*"))
            .withTables(List.of(), List.of("audit.*"));

    assertThat(new RelationFilter(settings).conditions("s", "t"))
        .isEqualTo(
            " AND s LIKE ANY (?) AND NOT s LIKE ANY (?)"
                + " AND NOT (t LIKE ANY (?) OR s || '.' || t LIKE ANY (?))");
  }
}
