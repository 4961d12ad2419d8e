package io.querylens.it.demo;

import io.querylens.core.insight.Advice;
import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.Finding;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.report.Report;
import io.querylens.it.app.ShopWorkload;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The README's main command: starts PostgreSQL, runs a shop's workload with the agent attached as a
 * user would ({@code -javaagent}, zero code changes), and prints what the agent saw. With {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} set, the telemetry goes to that collector instead.
 */
public final class Demo {

  private Demo() {}

  private static void enableStatementStatistics(EmbeddedPostgresServer postgres) {
    try (java.sql.Connection connection = postgres.connect();
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not enable pg_stat_statements", e);
    }
  }

  /**
   * What the advisor finds in the shop's database, as {@code querylens-agent.jar report} prints it.
   */
  private static List<Finding> advise(EmbeddedPostgresServer postgres, PrintStream out) {
    try (Sampler sampler =
        new Sampler(
            new ServerKey("127.0.0.1", postgres.port()),
            postgres::connect,
            SamplerSettings.defaults(),
            Clock.systemUTC(),
            SamplerLog.javaUtilLogging())) {
      Snapshot snapshot = sampler.sampleOnce().orElseThrow();
      Advice advice;
      try (java.sql.Connection connection = postgres.connect()) {
        advice =
            Advisor.standard().evaluateOnce(connection, snapshot, SamplerLog.javaUtilLogging());
      } catch (java.sql.SQLException e) {
        throw new IllegalStateException("could not plan the shop's statements", e);
      }
      out.print(
          new Report(
                  "127.0.0.1:" + postgres.port(),
                  snapshot.statements(),
                  advice.findings(),
                  advice.health())
              .toText(10));
      return advice.findings();
    }
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    run(rounds, System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT"), System.out);
  }

  /**
   * Runs the demo, printing to {@code out}.
   *
   * @param collector the user's OTLP endpoint, or null to receive and summarise the spans here
   * @return what the advisor found in the shop's database
   */
  static List<Finding> run(int rounds, String collector, PrintStream out) {
    out.println("QueryLens demo: starting PostgreSQL 18 and the shop workload ...");
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(18);
        OtlpReceiver receiver = OtlpReceiver.start()) {
      enableStatementStatistics(postgres);
      ForkedJvm workload =
          ForkedJvm.main(ShopWorkload.class.getName())
              .sampleAppClasspath()
              .javaagent(ForkedJvm.agentJar())
              .args(postgres.jdbcUrl(), postgres.user(), "", Integer.toString(rounds))
              .timeout(Duration.ofMinutes(10));
      if (collector != null) {
        // The user's own OTEL_* configuration, passed on as it is.
        System.getenv().entrySet().stream()
            .filter(variable -> variable.getKey().startsWith("OTEL_"))
            .forEach(variable -> workload.env(variable.getKey(), variable.getValue()));
        if (System.getenv("OTEL_SERVICE_NAME") == null) {
          workload.env("OTEL_SERVICE_NAME", "shop-demo");
        }
      } else {
        workload
            .systemProperties(receiver.exporterSettings(OtlpReceiver.Transport.HTTP))
            .systemProperties(Map.of("otel.service.name", "shop-demo"));
      }
      ForkedJvm.Result result = workload.run().requireSuccess();
      out.println(
          "The workload ran " + rounds + " rounds in " + result.wallTime().toMillis() + " ms.");
      if (collector != null) {
        out.println("Spans and metrics were exported to " + collector + ".");
      } else {
        out.println();
        out.print(StatementReport.of(receiver.spans()).render(15));
      }
      out.println();
      return advise(postgres, out);
    }
  }
}
