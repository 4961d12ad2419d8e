package io.querylens.it.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Our fingerprint must group statements the way PostgreSQL 18's pg_stat_statements does: two corpus
 * statements share a fingerprint exactly when they share a {@code queryid}. PostgreSQL 18 squashes
 * constant IN lists like we do; where it still differs on purpose (one-element IN lists, VALUES row
 * counts), the corpus line says why and the test checks the difference is real.
 */
class PostgresGroupingAgreementIT {

  private static final String[] SCHEMA = {
    "CREATE EXTENSION IF NOT EXISTS pg_stat_statements",
    "CREATE SCHEMA shop",
    "CREATE TABLE customers (id bigserial PRIMARY KEY, name text, email text,"
        + " created_at timestamptz DEFAULT now(), active boolean DEFAULT true, country text,"
        + " tier int)",
    "CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id bigint, total numeric,"
        + " status text, created_at timestamptz DEFAULT now(), note text, tags text[])",
    "CREATE TABLE order_items (order_id bigint, product_id bigint, quantity int, price numeric)",
    "CREATE TABLE products (id bigserial PRIMARY KEY, name text, price numeric, category text,"
        + " sku text, data jsonb)",
    "CREATE TABLE \"Order Items\" (\"Order ID\" bigint, \"Quantity\" int)",
    "CREATE TABLE shop.invoices (id bigserial PRIMARY KEY, order_id bigint, amount numeric)",
    "SELECT pg_stat_statements_reset()"
  };

  @Test
  void fingerprintsPartitionTheCorpusExactlyAsQueryIdDoes() throws Exception {
    List<CorpusStatement> corpus = CorpusStatement.load();
    List<CorpusStatement> ran = new ArrayList<>();
    List<Long> queryIds = new ArrayList<>();
    List<Long> fingerprints = new ArrayList<>();
    List<String> failures = new ArrayList<>();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(18);
        Connection connection = server.connect()) {
      createSchema(connection);
      QueryIdProbe probe = new QueryIdProbe(connection);
      for (CorpusStatement statement : corpus) {
        if (statement.skipped()) {
          continue;
        }
        try {
          queryIds.add(probe.queryIdOf(statement.sql));
          fingerprints.add(SqlFingerprinter.shape(statement.sql).fingerprint().asLong());
          ran.add(statement);
        } catch (SQLException e) {
          failures.add(statement + " -> " + e.getMessage());
        }
      }
    }

    Agreement agreement = Agreement.of(ran, fingerprints, queryIds);
    System.out.println(agreement.report(corpus.size()));

    assertThat(failures).as("statements PostgreSQL could not run").isEmpty();
    assertThat(ran).hasSizeGreaterThanOrEqualTo(300);
    assertThat(agreement.unexplainedDisagreements())
        .as("statement pairs grouped differently, with neither side a documented difference")
        .isEmpty();
    assertThat(agreement.documentedButAgreeing())
        .as("documented differences that PostgreSQL in fact groups like us (stale notes)")
        .isEmpty();
  }

  private static void createSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String ddl : SCHEMA) {
        statement.execute(ddl);
      }
    }
  }

  /** How the two partitions of the statements that ran compare, pair by pair. */
  static final class Agreement {
    private final List<CorpusStatement> statements;
    private final boolean[] agrees;
    private final List<String> unexplained = new ArrayList<>();
    private long pairs;
    private long agreeingPairs;
    private long undocumentedPairs;
    private long agreeingUndocumentedPairs;
    private final boolean[] agreesOutsideDocumented;

    private Agreement(List<CorpusStatement> statements) {
      this.statements = statements;
      this.agrees = new boolean[statements.size()];
      this.agreesOutsideDocumented = new boolean[statements.size()];
      java.util.Arrays.fill(agrees, true);
      java.util.Arrays.fill(agreesOutsideDocumented, true);
    }

    static Agreement of(List<CorpusStatement> statements, List<Long> ours, List<Long> theirs) {
      Agreement agreement = new Agreement(statements);
      int n = statements.size();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          boolean sameForUs = ours.get(i).equals(ours.get(j));
          boolean sameForPostgres = theirs.get(i).equals(theirs.get(j));
          CorpusStatement a = statements.get(i);
          CorpusStatement b = statements.get(j);
          boolean documented = a.differsOnPurpose() || b.differsOnPurpose();
          boolean agrees = sameForUs == sameForPostgres;
          agreement.pairs++;
          agreement.agreeingPairs += agrees ? 1 : 0;
          if (!documented) {
            agreement.undocumentedPairs++;
            agreement.agreeingUndocumentedPairs += agrees ? 1 : 0;
          }
          if (agrees) {
            continue;
          }
          agreement.agrees[i] = false;
          agreement.agrees[j] = false;
          if (!documented) {
            agreement.agreesOutsideDocumented[i] = false;
            agreement.agreesOutsideDocumented[j] = false;
            agreement.unexplained.add(
                (sameForUs ? "same fingerprint, different queryid: " : "same queryid only: ")
                    + a
                    + "  <->  "
                    + b);
          }
        }
      }
      return agreement;
    }

    List<String> unexplainedDisagreements() {
      return unexplained;
    }

    Set<String> documentedButAgreeing() {
      Set<String> stale = new LinkedHashSet<>();
      for (int i = 0; i < statements.size(); i++) {
        if (statements.get(i).differsOnPurpose() && agrees[i]) {
          stale.add(statements.get(i).toString());
        }
      }
      return stale;
    }

    String report(int corpusSize) {
      int agreeing = 0;
      int documented = 0;
      int agreeingOutsideDocumented = 0;
      for (int i = 0; i < agrees.length; i++) {
        agreeing += agrees[i] ? 1 : 0;
        documented += statements.get(i).differsOnPurpose() ? 1 : 0;
        boolean undocumented = !statements.get(i).differsOnPurpose();
        agreeingOutsideDocumented += undocumented && agreesOutsideDocumented[i] ? 1 : 0;
      }
      int n = statements.size();
      return "Fingerprint vs PostgreSQL 18 queryid, "
          + n
          + " of "
          + corpusSize
          + " corpus statements run:"
          + "\n  statements grouped exactly as queryid groups them: "
          + agreeing
          + " ("
          + percent(agreeing, n)
          + "); pairs agreeing: "
          + percent(agreeingPairs, pairs)
          + " of "
          + pairs
          + "\n  leaving out the "
          + documented
          + " documented deliberate differences: statements "
          + agreeingOutsideDocumented
          + " of "
          + (n - documented)
          + " ("
          + percent(agreeingOutsideDocumented, n - documented)
          + "), pairs "
          + percent(agreeingUndocumentedPairs, undocumentedPairs)
          + " of "
          + undocumentedPairs
          + (unexplained.isEmpty() ? "" : "\nUnexplained:\n  " + String.join("\n  ", unexplained));
    }

    private static String percent(long part, long whole) {
      if (whole == 0) {
        return "n/a";
      }
      long basisPoints = Math.round(part * 10000.0 / whole);
      return basisPoints / 100
          + "."
          + (basisPoints % 100 < 10 ? "0" : "")
          + basisPoints % 100
          + "%";
    }
  }
}
