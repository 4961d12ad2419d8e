package io.querylens.exporter.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.querylens.core.insight.ShapePlan;
import io.querylens.core.pg.ServerKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryPlanEventsTest {

  private static final ServerKey SHOP_DB = new ServerKey("db", 5432);

  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final FindingsExporter exporter =
      new FindingsExporter(
          OpenTelemetrySdk.builder()
              .setLoggerProvider(
                  SdkLoggerProvider.builder()
                      .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                      .build())
              .build());

  @Test
  void eachNewOrChangedPlanIsOneEventWithItsJsonFingerprintQueryIdHashAndIndexes() {
    ShapePlan plan =
        new ShapePlan(
            "78cf6bc0e6e8df45",
            -42L,
            "00ff00ff00ff00ff",
            List.of("public.orders_pkey"),
            List.of("Index Scan on public.orders using orders_pkey"),
            8.31,
            "[{\"Plan\": {\"Node Type\": \"Index Scan\"}}]");

    exporter.publishPlans(SHOP_DB, "shop", List.of(plan));

    assertThat(logs.getFinishedLogRecordItems())
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.getEventName()).isEqualTo("querylens.query_plan");
              assertThat(record.getBodyValue().asString()).contains("\"Index Scan\"");
              assertThat(attribute(record, "querylens.query.fingerprint"))
                  .isEqualTo("78cf6bc0e6e8df45");
              assertThat(record.getAttributes().get(AttributeKey.longKey("postgresql.query_id")))
                  .isEqualTo(-42L);
              assertThat(attribute(record, "querylens.plan.hash")).isEqualTo("00ff00ff00ff00ff");
              assertThat(
                      record
                          .getAttributes()
                          .get(AttributeKey.stringArrayKey("querylens.plan.indexes")))
                  .containsExactly("public.orders_pkey");
              assertThat(attribute(record, "db.namespace")).isEqualTo("shop");
            });
  }

  @Test
  void aPlanTooLargeToKeepIsSentWithoutBodyAndSaysSo() {
    ShapePlan plan = new ShapePlan("f", null, "0000000000000001", List.of(), List.of(), 1.0, null);

    exporter.publishPlans(SHOP_DB, "shop", List.of(plan));

    LogRecordData record = logs.getFinishedLogRecordItems().get(0);
    assertThat(record.getBodyValue()).isNull();
    assertThat(record.getAttributes().get(AttributeKey.booleanKey("querylens.plan.too_large")))
        .isTrue();
    assertThat(record.getAttributes().get(AttributeKey.longKey("postgresql.query_id"))).isNull();
  }

  private static String attribute(LogRecordData record, String key) {
    return record.getAttributes().get(AttributeKey.stringKey(key));
  }
}
