package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;

class DatabaseObjectAttributesTest {

  @Test
  void aTableIsNamedAsAnUnqualifiedStatementNamesItOnItsSpan() {
    Attributes orders =
        DatabaseObjectAttributes.CONVENTIONS
            .table(
                DatabaseObjectAttributes.CONVENTIONS.database(Attributes.builder(), "shop"),
                "public",
                "orders")
            .build();

    assertThat(orders.asMap())
        .containsOnly(entry("db.namespace", "shop"), entry("db.collection.name", "orders"));
  }

  @Test
  void aTableOutsidePublicCarriesItsSchemaAsAQualifiedStatementDoes() {
    Attributes invoices =
        DatabaseObjectAttributes.CONVENTIONS
            .index(Attributes.builder(), "billing", "invoices", "invoices_due_idx")
            .build();

    assertThat(invoices.asMap())
        .containsOnly(
            entry("db.collection.name", "billing.invoices"),
            entry("postgresql.index.name", "invoices_due_idx"));
  }

  @Test
  void theLegacySettingAddsTheCollectorsOlderNamesBesideTheConventions() {
    Attributes invoices =
        DatabaseObjectAttributes.withLegacy(true)
            .index(
                DatabaseObjectAttributes.WITH_LEGACY.database(Attributes.builder(), "shop"),
                "billing",
                "invoices",
                "invoices_due_idx")
            .build();

    assertThat(invoices.asMap())
        .containsOnly(
            entry("db.namespace", "shop"),
            entry("db.collection.name", "billing.invoices"),
            entry("postgresql.index.name", "invoices_due_idx"),
            entry("postgresql.database.name", "shop"),
            entry("postgresql.schema.name", "billing"),
            entry("postgresql.table.name", "invoices"));
  }

  @Test
  void anUnknownObjectAddsNothing() {
    assertThat(
            DatabaseObjectAttributes.WITH_LEGACY
                .index(
                    DatabaseObjectAttributes.WITH_LEGACY.database(Attributes.builder(), null),
                    null,
                    null,
                    null)
                .build()
                .isEmpty())
        .isTrue();
  }

  private static java.util.Map.Entry<AttributeKey<?>, Object> entry(String key, String value) {
    return java.util.Map.entry(AttributeKey.stringKey(key), value);
  }
}
