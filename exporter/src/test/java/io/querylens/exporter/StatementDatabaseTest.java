package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementDatabaseTest {

  @Test
  void aStatementRunsOnTheDatabaseOfItsConnectionsNamespaceWhateverTheSystemQualifiesItWith() {
    assertThat(database("postgresql", "shop|tenant_1")).isEqualTo("shop");
    assertThat(database("postgresql", "shop")).isEqualTo("shop");
    assertThat(database("microsoft.sql_server", "SALES|crm")).isEqualTo("crm");
    assertThat(database("mysql", "shop")).isEqualTo("shop");
    assertThat(database("postgresql", null)).isNull();
  }

  private static String database(String system, String namespace) {
    return StatementAttributes.databaseOf(new ConnectionFacts(system, namespace, "db", 5432));
  }
}
