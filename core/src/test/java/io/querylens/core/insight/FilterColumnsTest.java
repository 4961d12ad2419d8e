package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class FilterColumnsTest {

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "/io/querylens/core/insight/filter-columns.csv", delimiter = '|')
  void readsOnlyComparisonsOfThisRelationsColumnsWithAValue(
      String filter, String alias, String equality, String range) {
    FilterColumns columns = FilterColumns.of(filter, alias);

    assertThat(columns.equality()).isEqualTo(words(equality));
    assertThat(columns.range()).isEqualTo(words(range));
  }

  private static List<String> words(String text) {
    return text == null || text.isBlank() ? List.of() : List.of(text.trim().split(" *, *"));
  }
}
