package io.querylens.it.agent;

import static io.querylens.it.support.OtlpAttributes.attr;
import static io.querylens.it.support.OtlpAttributes.longAttr;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.querylens.it.app.LockWaitApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpAttributes;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.PostgresAndReceiver;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Active sessions with their traces: while one request holds a row lock and another waits on it,
 * each sample sends both sessions as {@code db.server.query_sample} events, each in the trace its
 * session named in {@code application_name}, the waiter with its wait, its blocker's pid and trace,
 * and no literal of either statement; QueryLens's own sampler session is never among them.
 */
class QuerySamplesIT {

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String HOLDER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String WAITER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String HOLDER_SPAN = "00f067aa0ba902b7";
  private static final String WAITER_SPAN = "b7ad6b7169203331";

  @Test
  void aRowLockWaitArrivesAsTwoQuerySamplesLinkedToTheWaitingAndTheBlockingTrace() {
    ForkedJvm.Result run =
        ForkedJvm.main(LockWaitApp.class.getName())
            .sampleAppClasspath()
            .javaagent(ForkedJvm.agentJar())
            .args(
                servers.postgres().jdbcUrl(),
                servers.postgres().user(),
                "unused-password",
                "6000",
                "00-" + HOLDER_TRACE + "-" + HOLDER_SPAN + "-01",
                "00-" + WAITER_TRACE + "-" + WAITER_SPAN + "-01")
            .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "500ms")
            .systemProperty("otel.blrp.schedule.delay", "200")
            .timeout(Duration.ofMinutes(2))
            .run()
            .requireSuccess();
    int holderPid = pidIn(run.stdout(), "HOLDER_PID");
    int waiterPid = pidIn(run.stdout(), "WAITER_PID");

    LogRecord waiting =
        servers
            .receiver()
            .awaitLogRecords(
                querySample()
                    .and(r -> Long.valueOf(waiterPid).equals(longAttr(r, "postgresql.pid")))
                    .and(r -> "Lock".equals(attr(r, "postgresql.wait_event_type"))),
                1,
                WAIT)
            .get(0);
    assertThat(hex(waiting.getTraceId())).isEqualTo(WAITER_TRACE);
    assertThat(hex(waiting.getSpanId())).isEqualTo(WAITER_SPAN);
    assertThat(attr(waiting, "postgresql.wait_event")).isEqualTo("transactionid");
    assertThat(attr(waiting, "postgresql.state")).isEqualTo("active");
    assertThat(longs(waiting, "postgresql.blocking.pids")).containsExactly((long) holderPid);
    assertThat(strings(waiting, "querylens.blocking.trace_ids")).containsExactly(HOLDER_TRACE);
    assertThat(longAttr(waiting, "postgresql.blocking.wait_duration")).isNotNull();
    assertThat(attr(waiting, "postgresql.blocking.lock.mode")).isEqualTo("ShareLock");
    assertThat(attr(waiting, "db.query.text"))
        .isEqualTo("UPDATE wallets SET balance = ? WHERE id = ?");
    assertThat(longAttr(waiting, "postgresql.query_id")).isNotNull();
    assertThat(attr(waiting, "querylens.trace.source")).isEqualTo("application_name");
    assertThat(attr(waiting, "db.system.name")).isEqualTo("postgresql");
    assertThat(attr(waiting, "db.namespace")).isEqualTo("postgres");

    LogRecord holding =
        servers
            .receiver()
            .awaitLogRecords(
                querySample()
                    .and(r -> Long.valueOf(holderPid).equals(longAttr(r, "postgresql.pid"))),
                1,
                WAIT)
            .get(0);
    assertThat(hex(holding.getTraceId())).isEqualTo(HOLDER_TRACE);
    assertThat(hex(holding.getSpanId())).isEqualTo(HOLDER_SPAN);
    assertThat(attr(holding, "postgresql.state")).isEqualTo("idle in transaction");
    assertThat(attr(holding, "db.query.text"))
        .isEqualTo("UPDATE wallets SET balance = balance + ?, note = ? WHERE id = ?");

    List<LogRecord> samples =
        servers.receiver().logRecords().stream().filter(querySample()).toList();
    assertThat(samples)
        .as("only the two requests' sessions: neither the sampler's own nor an idle one")
        .allSatisfy(
            r -> assertThat(longAttr(r, "postgresql.pid")).isIn((long) holderPid, (long) waiterPid))
        .noneSatisfy(
            r -> assertThat(attr(r, "postgresql.application_name")).isEqualTo("querylens"));
    assertThat(samples)
        .as("no literal of either statement in any event")
        .allSatisfy(
            r ->
                assertThat(OtlpAttributes.toMap(r.getAttributesList()).toString())
                    .doesNotContain(LockWaitApp.HOLDER_LITERAL)
                    .doesNotContain(LockWaitApp.WAITER_LITERAL)
                    .doesNotContain("Jane Doe")
                    .doesNotContain("card-4111"));
  }

  private static Predicate<LogRecord> querySample() {
    return r -> r.getEventName().equals("db.server.query_sample");
  }

  private static int pidIn(String stdout, String name) {
    Matcher matcher = Pattern.compile(name + "=(\\d+)").matcher(stdout);
    assertThat(matcher.find()).as("%s in %s", name, stdout).isTrue();
    return Integer.parseInt(matcher.group(1));
  }

  private static String hex(ByteString id) {
    return HexFormat.of().formatHex(id.toByteArray());
  }

  private static List<Long> longs(LogRecord record, String key) {
    return values(record, key).stream().map(AnyValue::getIntValue).toList();
  }

  private static List<String> strings(LogRecord record, String key) {
    return values(record, key).stream().map(AnyValue::getStringValue).toList();
  }

  private static List<AnyValue> values(LogRecord record, String key) {
    for (KeyValue attribute : record.getAttributesList()) {
      if (attribute.getKey().equals(key)) {
        return attribute.getValue().getArrayValue().getValuesList();
      }
    }
    throw new AssertionError("no attribute " + key + " in " + record.getAttributesList());
  }
}
