package io.querylens.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlFingerprinterTest {

  @Test
  void replacesLiteralsAndKeepsEverythingElseAsWritten() {
    StatementShape shape =
        SqlFingerprinter.shape("select *  from Orders where id = 42 and note = 'it''s' -- why\n");

    assertThat(shape.sanitizedText())
        .isEqualTo("select *  from Orders where id = ? and note = ? \n");
    assertThat(shape.normalizedText()).isEqualTo("SELECT * FROM orders WHERE id = ? AND note = ?");
  }

  @Test
  void statementsDifferingOnlyInLiteralsSpacingCommentsAndCaseShareAFingerprint() {
    StatementShape a = SqlFingerprinter.shape("SELECT * FROM orders WHERE id = 1");
    StatementShape b = SqlFingerprinter.shape("select *\n  FROM orders /* hint */ where ID=999");

    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    assertThat(a.fingerprint().toHex()).hasSize(16).matches("[0-9a-f]{16}");
  }

  @Test
  void statementsOfDifferentShapeDoNot() {
    StatementShape a = SqlFingerprinter.shape("SELECT * FROM orders WHERE id = 1");
    StatementShape b = SqlFingerprinter.shape("SELECT * FROM orders WHERE customer_id = 1");

    assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
  }

  @Test
  void inListsOfAnyLengthGroupTogether() {
    StatementShape one = SqlFingerprinter.shape("SELECT * FROM t WHERE id IN (1)");
    StatementShape three = SqlFingerprinter.shape("SELECT * FROM t WHERE id IN (1, 2, 3)");
    StatementShape bound = SqlFingerprinter.shape("SELECT * FROM t WHERE id IN (?,?,?,?)");

    assertThat(three.normalizedText()).isEqualTo("SELECT * FROM t WHERE id IN (?)");
    assertThat(one.fingerprint()).isEqualTo(three.fingerprint()).isEqualTo(bound.fingerprint());
  }

  @Test
  void multiRowValuesGroupWhateverTheRowCount() {
    StatementShape two = SqlFingerprinter.shape("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')");
    StatementShape one = SqlFingerprinter.shape("INSERT INTO t (a, b) VALUES (3, 'z')");

    assertThat(two.normalizedText()).isEqualTo("INSERT INTO t(a, b) VALUES (?, ?)");
    assertThat(two.fingerprint()).isEqualTo(one.fingerprint());
  }

  @Test
  void summarizesOperationsAndTargetsInOrder() {
    StatementShape shape =
        SqlFingerprinter.shape(
            "INSERT INTO shipping_details (order_id, address)"
                + " SELECT order_id, address FROM orders o JOIN public.customers c ON c.id = o.cid");

    assertThat(shape.summary()).isEqualTo("INSERT shipping_details SELECT orders public.customers");
    assertThat(shape.operationName()).isEqualTo("INSERT");
    assertThat(shape.collectionNames())
        .containsExactly("shipping_details", "orders", "public.customers");
  }

  @Test
  void theOperationNameIsUpperCasedWhileTheSummaryAndFingerprintKeepTheirRules() {
    StatementShape lower = SqlFingerprinter.shape("select name from customers where id = ?");
    StatementShape upper = SqlFingerprinter.shape("SELECT name FROM customers WHERE id = ?");
    StatementShape ddl = SqlFingerprinter.shape("create table audit (id int)");

    assertThat(lower.operationName()).isEqualTo("SELECT").isEqualTo(upper.operationName());
    assertThat(lower.summary()).isEqualTo("select customers");
    assertThat(lower.fingerprint()).isEqualTo(upper.fingerprint());
    assertThat(ddl.operationName()).isEqualTo("CREATE TABLE");
  }

  @Test
  void handlesJdbcEscapes() {
    StatementShape call = SqlFingerprinter.shape("{call refresh_totals(?, 'x')}");
    StatementShape date =
        SqlFingerprinter.shape("SELECT {fn ucase(name)} FROM customers WHERE d > {d '2020-01-01'}");

    assertThat(call.summary()).isEqualTo("call refresh_totals");
    assertThat(call.operationName()).isEqualTo("CALL");
    assertThat(call.sanitizedText()).isEqualTo("{call refresh_totals(?, ?)}");
    assertThat(date.sanitizedText())
        .isEqualTo("SELECT {fn ucase(name)} FROM customers WHERE d > {d ?}");
    assertThat(date.summary()).isEqualTo("SELECT customers");
  }

  @Test
  void nullAndEmptyGiveAnEmptyShape() {
    StatementShape shape = SqlFingerprinter.shape(null);

    assertThat(shape.sanitizedText()).isEmpty();
    assertThat(shape.normalizedText()).isEmpty();
    assertThat(shape.summary()).isEmpty();
    assertThat(shape.operationName()).isNull();
    assertThat(shape.collectionNames()).isEmpty();
    assertThat(shape.truncated()).isFalse();
    assertThat(SqlFingerprinter.shape("")).isEqualTo(shape);
  }

  @Test
  void capsLongStatementsAndSaysSo() {
    StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE a IN (");
    for (int i = 0; i < 200_000; i++) {
      sql.append("col").append(i).append(", ");
    }
    sql.append("0)");

    StatementShape shape = SqlFingerprinter.shape(sql.toString());

    assertThat(shape.truncated()).isTrue();
    assertThat(shape.sanitizedText()).hasSize(StatementShape.MAX_TEXT_CHARS);
    assertThat(shape.normalizedText()).hasSize(StatementShape.MAX_TEXT_CHARS);
    assertThat(shape.summary()).isEqualTo("SELECT t");
  }

  @Test
  void textBeyondTheCapStillDecidesTheFingerprint() {
    String head = "SELECT " + "a, ".repeat(20_000);
    StatementShape one = SqlFingerprinter.shape(head + "b FROM t");
    StatementShape other = SqlFingerprinter.shape(head + "c FROM t");

    assertThat(one.normalizedText()).isEqualTo(other.normalizedText());
    assertThat(one.fingerprint()).isNotEqualTo(other.fingerprint());
  }
}
