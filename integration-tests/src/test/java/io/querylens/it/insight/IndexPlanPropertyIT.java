package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.AdvisorInput;
import io.querylens.core.insight.Finding;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A property of the index plan on a real PostgreSQL: for random index sets (twins, prefixes,
 * composites, partial and expression indexes, some created only after the workload ran) and a
 * random workload, applying every recommended action together leaves each workload statement's plan
 * at most as costly, by EXPLAIN, as before. The plans' index usage is given to the advisor as the
 * agent's plans per statement will give it; an index no plan uses and no scan counts is what the
 * plan may drop.
 */
class IndexPlanPropertyIT {

  private static final int ROUNDS = 6;

  private static final String[] INDEXES = {
    "(a)", "(a)", "(a, b)", "(b)", "(b, a)", "(c)", "(a, b, c)", "(c) WHERE a = 1", "(lower(d))"
  };

  private static final String[] WORKLOAD = {
    "SELECT count(*) FROM %s WHERE a = 7",
    "SELECT count(*) FROM %s WHERE b = 42",
    "SELECT count(*) FROM %s WHERE a = 7 AND b = 107",
    "SELECT count(*) FROM %s WHERE c = 500",
    "SELECT count(*) FROM %s WHERE lower(d) = 'd77'",
    "SELECT c FROM %s WHERE a = 1 AND c = 3"
  };

  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void start() {
    postgres = EmbeddedPostgresServer.start(17);
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void applyingEveryRecommendedActionTogetherMakesNoWorkloadPlanCostlier() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Random random = new Random(20_2026L + round);
      String table = "t" + round;
      try (Connection connection = postgres.connect();
          Statement sql = connection.createStatement()) {
        List<String> workload = plant(sql, table, random);
        Map<String, Double> before = costs(sql, workload);
        Map<String, List<String>> users = indexUsers(sql, workload);

        List<Finding> findings = advise(table, users);
        List<String> actions = new ArrayList<>();
        for (Finding finding : findings) {
          if (finding.action() != null && finding.action().startsWith("DROP INDEX")) {
            actions.add(finding.action());
            sql.execute(finding.action());
          }
        }
        Map<String, Double> after = costs(sql, workload);

        for (String statement : workload) {
          assertThat(after.get(statement))
              .as("round %d, %s after %s", round, statement, actions)
              .isLessThanOrEqualTo(before.get(statement) * 1.0001);
        }
      }
    }
  }

  /** A table, a random index set (part created after the workload ran) and a random workload. */
  private static List<String> plant(Statement sql, String table, Random random)
      throws SQLException {
    sql.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, a int, b int, c int, d text)");
    sql.execute(
        "INSERT INTO "
            + table
            + " SELECT g, g % 50, g % 200, g % 1000, 'd' || (g % 300)"
            + " FROM generate_series(1, 20000) g");
    List<String> early = new ArrayList<>();
    List<String> late = new ArrayList<>();
    for (int i = 0; i < INDEXES.length; i++) {
      if (random.nextInt(10) < 6) {
        String ddl = "CREATE INDEX " + table + "_i" + i + " ON " + table + " " + INDEXES[i];
        (random.nextBoolean() ? early : late).add(ddl);
      }
    }
    List<String> workload = new ArrayList<>();
    for (String statement : WORKLOAD) {
      if (random.nextInt(10) < 6) {
        workload.add(String.format(statement, table));
      }
    }
    Collections.shuffle(early, random);
    for (String ddl : early) {
      sql.execute(ddl);
    }
    sql.execute("ANALYZE " + table);
    for (int i = 0; i < 10; i++) {
      for (String statement : workload) {
        sql.executeQuery(statement).close();
      }
    }
    for (String ddl : late) {
      sql.execute(ddl);
    }
    sql.execute("ANALYZE " + table);
    sql.execute("SELECT pg_stat_force_next_flush()");
    return workload;
  }

  private static List<Finding> advise(String table, Map<String, List<String>> users) {
    try (Sampler sampler =
        new Sampler(
            new ServerKey("127.0.0.1", postgres.port()),
            postgres::connect,
            SamplerSettings.defaults(),
            Clock.systemUTC(),
            SamplerLog.javaUtilLogging())) {
      AdvisorInput input =
          AdvisorInput.of(sampler.sampleOnce().orElseThrow()).withIndexUsers(users);
      List<Finding> mine = new ArrayList<>();
      for (Finding finding : Advisor.standard().evaluate(input)) {
        if (table.equals(finding.object().table())) {
          mine.add(finding);
        }
      }
      return mine;
    }
  }

  private static Map<String, Double> costs(Statement sql, List<String> workload)
      throws SQLException {
    Map<String, Double> costs = new LinkedHashMap<>();
    for (String statement : workload) {
      String plan = plan(sql, statement);
      int at = plan.indexOf("\"Total Cost\": ") + "\"Total Cost\": ".length();
      int end = at;
      while (Character.isDigit(plan.charAt(end)) || plan.charAt(end) == '.') {
        end++;
      }
      costs.put(statement, Double.parseDouble(plan.substring(at, end)));
    }
    return costs;
  }

  /** {@code public.index} to the statements whose current plan uses it. */
  private static Map<String, List<String>> indexUsers(Statement sql, List<String> workload)
      throws SQLException {
    Map<String, List<String>> users = new HashMap<>();
    String marker = "\"Index Name\": \"";
    for (String statement : workload) {
      String plan = plan(sql, statement);
      for (int at = plan.indexOf(marker); at >= 0; at = plan.indexOf(marker, at + 1)) {
        int start = at + marker.length();
        String index = plan.substring(start, plan.indexOf('"', start));
        users.computeIfAbsent("public." + index, k -> new ArrayList<>()).add(statement);
      }
    }
    return users;
  }

  private static String plan(Statement sql, String statement) throws SQLException {
    try (ResultSet rows = sql.executeQuery("EXPLAIN (FORMAT JSON) " + statement)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
