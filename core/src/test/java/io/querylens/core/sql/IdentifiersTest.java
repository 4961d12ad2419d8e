package io.querylens.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

  @Test
  void plainLowerCaseNamesStayBare() {
    assertThat(Identifiers.quote("orders")).isEqualTo("orders");
    assertThat(Identifiers.quote("_tmp_1")).isEqualTo("_tmp_1");
  }

  @Test
  void reservedWordsUpperCaseAndOddCharactersAreQuotedAsQuoteIdentDoes() {
    assertThat(Identifiers.quote("order")).isEqualTo("\"order\"");
    assertThat(Identifiers.quote("user")).isEqualTo("\"user\"");
    assertThat(Identifiers.quote("left")).isEqualTo("\"left\"");
    assertThat(Identifiers.quote("Customers")).isEqualTo("\"Customers\"");
    assertThat(Identifiers.quote("1st")).isEqualTo("\"1st\"");
    assertThat(Identifiers.quote("a-b")).isEqualTo("\"a-b\"");
    assertThat(Identifiers.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Identifiers.qualified("public", "order")).isEqualTo("public.\"order\"");
  }

  @Test
  void foldingQuotedNamesKeepsTheirCaseAndBareNamesFoldToLowerCase() {
    assertThat(Identifiers.fold("\"customers\"")).isEqualTo("customers");
    assertThat(Identifiers.fold("Customers")).isEqualTo("customers");
    assertThat(Identifiers.fold("\"Customers\"")).isEqualTo("Customers");
    assertThat(Identifiers.fold("\"a\"\"b\"")).isEqualTo("a\"b");
  }
}
