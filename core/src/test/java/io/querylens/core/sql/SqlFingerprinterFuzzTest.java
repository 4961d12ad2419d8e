package io.querylens.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds the fingerprinter millions of random and mutated statements. Whatever the input, it must
 * return (never throw), keep its outputs within their caps, flag truncation, keep literals out, and
 * give the same answer twice. Seeded, so a failure reproduces; the failing input is printed as a
 * JSON string, ready to paste into {@code fuzz-regressions.jsonl}.
 *
 * <p>It calls {@code shapeOrThrow}, which lets a bug surface instead of returning the safe fallback
 * shape that {@link SqlFingerprinter#shape} would.
 */
class SqlFingerprinterFuzzTest {

  private static final long SEED = Long.getLong("querylens.fuzz.seed", 20260522L);
  private static final int MUTATIONS = Integer.getInteger("querylens.fuzz.mutations", 2_000_000);
  private static final int RANDOM = Integer.getInteger("querylens.fuzz.random", 1_000_000);
  private static final int CAP = StatementShape.MAX_TEXT_CHARS;

  /** Chars that steer the lexer, drawn more often than their share of Unicode. */
  private static final String SHARP =
      "'\"`$?-/*()[]{},;.:_eEuU&bBxXnN0123456789 \n\t\r\\+=<>!~@#%^|";

  private static final String[] SECRET_LITERALS = {
    "'SECRET'",
    "E'SE\\'CRET'",
    "U&'SECRET'",
    "$$SECRET$$",
    "$q$SECRET$q$",
    "'SECRET'::text",
    "DATE 'SECRET'",
    "N'SECRET'",
    "'SE''CRET'",
    "'SECRET'\n'SECRET'",
    "{d 'SECRET'}",
    "{ts 'SECRET'}"
  };

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void mutatedCorpusStatementsAlwaysGiveABoundedShape() {
    List<String> seeds = new ArrayList<>();
    for (StatementCorpus.Case c : StatementCorpus.load()) {
      seeds.add(c.sql);
    }
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < MUTATIONS; i++) {
      String sql = seeds.get(random.nextInt(seeds.size()));
      int rounds = 1 + random.nextInt(4);
      for (int r = 0; r < rounds; r++) {
        sql = mutate(sql, random);
      }
      check(sql, i % 64 == 0);
    }
  }

  @Test
  void randomTextAlwaysGivesABoundedShape() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    for (int i = 0; i < RANDOM; i++) {
      int length = random.nextInt(random.nextInt(8) == 0 ? 2_000 : 80);
      StringBuilder sql = new StringBuilder(length);
      for (int k = 0; k < length; k++) {
        sql.append(randomChar(random));
      }
      check(sql.toString(), i % 64 == 0);
    }
  }

  @Test
  void literalsNeverReachTheOutputWhateverTheirForm() {
    SplittableRandom random = new SplittableRandom(SEED + 2);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sql = new StringBuilder("SELECT a FROM t WHERE ");
      int terms = 1 + random.nextInt(4);
      for (int k = 0; k < terms; k++) {
        if (k > 0) {
          sql.append(random.nextBoolean() ? " AND " : " OR ");
        }
        sql.append("c").append(k).append(random.nextBoolean() ? " = " : " IN (");
        String literal = SECRET_LITERALS[random.nextInt(SECRET_LITERALS.length)];
        sql.append(literal);
        if (sql.charAt(sql.length() - 1) != ')' && sql.indexOf("IN (", sql.length() - 30) >= 0) {
          sql.append(", ").append(literal).append(')');
        }
      }
      StatementShape shape = check(sql.toString(), false);
      assertThat(shape.sanitizedText()).as(sql.toString()).doesNotContain("SECRET", "CRET");
      assertThat(shape.normalizedText()).as(sql.toString()).doesNotContain("SECRET", "CRET");
      assertThat(shape.summary()).as(sql.toString()).doesNotContain("SECRET");
    }
  }

  /**
   * Ten-megabyte inputs built to trip a careless lexer into quadratic work. The timeout only guards
   * the build against a hang; it asserts nothing about speed.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void tenMegabyteAdversarialInputsComplete() {
    String[] units = {
      "(",
      "'",
      "$a$ ",
      "/*",
      "--\n",
      "IN (1, ",
      "VALUES (1), ",
      "a.",
      "x'",
      "E'\\",
      "SELECT * FROM t, ",
      "$",
      "\"",
      "WITH a AS (SELECT 1), ",
      "ARRAY[",
      "1.5e",
      "{oj "
    };
    for (String unit : units) {
      String sql = unit.repeat(10 * 1024 * 1024 / unit.length());

      StatementShape shape = check(sql, false);

      // "''''..." is one string literal and "/*/*..." one comment: short and whole. The rest are
      // cut.
      boolean wholeIsOneToken = unit.equals("'") || unit.equals("/*");
      assertThat(shape.truncated()).as(unit).isEqualTo(!wholeIsOneToken);
    }
  }

  /** A pooled builder must forget the previous statement: each shape equals a fresh builder's. */
  @Test
  void aStatementsShapeDoesNotDependOnTheOneBefore() {
    List<StatementCorpus.Case> cases = StatementCorpus.load();
    SplittableRandom random = new SplittableRandom(SEED + 3);
    ShapeBuilder reused = new ShapeBuilder();
    for (int i = 0; i < 200_000; i++) {
      String sql = mutate(cases.get(random.nextInt(cases.size())).sql, random);
      StatementShape fresh = new ShapeBuilder().build(sql);
      if (!reused.build(sql).equals(fresh)) {
        fail("state leaked into " + quote(sql));
      }
    }
  }

  @Test
  void everyRecordedRegressionStillGivesABoundedShape() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("fuzz-regressions.jsonl");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int count = 0;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          check(JSON.readValue(line, String.class), true);
          count++;
        }
      }
      assertThat(count).isPositive();
    }
  }

  private static StatementShape check(String sql, boolean checkDeterminism) {
    StatementShape shape;
    try {
      shape = SqlFingerprinter.shapeOrThrow(sql);
    } catch (RuntimeException | StackOverflowError e) {
      throw new AssertionError("add to fuzz-regressions.jsonl: " + quote(sql), e);
    }
    if (shape.sanitizedText().length() > CAP
        || shape.normalizedText().length() > CAP
        || shape.summary().length() > StatementShape.MAX_SUMMARY_CHARS
        || shape.fingerprint().toHex().length() != 16
        || shape.collectionNames() == null
        || (sql.length() <= CAP / 2 && shape.truncated())
        || (shape.sanitizedText().length() < CAP
            && shape.normalizedText().length() < CAP
            && shape.truncated())) {
      fail("bounds broken for " + quote(sql) + " -> " + shape);
    }
    if (checkDeterminism && !SqlFingerprinter.shapeOrThrow(sql).equals(shape)) {
      fail("different shape on the second call for " + quote(sql));
    }
    return shape;
  }

  private static String mutate(String sql, SplittableRandom random) {
    if (sql.isEmpty()) {
      return String.valueOf(randomChar(random));
    }
    int at = random.nextInt(sql.length() + 1);
    int to = Math.min(sql.length(), at + random.nextInt(12));
    switch (random.nextInt(7)) {
      case 0: // delete a range
        return sql.substring(0, at) + sql.substring(to);
      case 1: // insert a steering char
        return sql.substring(0, at)
            + SHARP.charAt(random.nextInt(SHARP.length()))
            + sql.substring(at);
      case 2: // duplicate a range
        return sql.substring(0, to) + sql.substring(at, to) + sql.substring(to);
      case 3: // cut short
        return sql.substring(0, at);
      case 4: // replace a char with any char, surrogates included
        if (at == sql.length()) {
          return sql + randomChar(random);
        }
        return sql.substring(0, at) + randomChar(random) + sql.substring(at + 1);
      case 5: // splice in a piece of itself elsewhere
        int from = random.nextInt(sql.length());
        return sql.substring(0, at)
            + sql.substring(from, Math.min(sql.length(), from + 20))
            + sql.substring(at);
      default: // swap case of a range
        StringBuilder b = new StringBuilder(sql);
        for (int i = at; i < to; i++) {
          char c = b.charAt(i);
          b.setCharAt(
              i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return b.toString();
    }
  }

  private static char randomChar(SplittableRandom random) {
    switch (random.nextInt(4)) {
      case 0:
      case 1:
        return SHARP.charAt(random.nextInt(SHARP.length()));
      case 2:
        return (char) (' ' + random.nextInt(95));
      default:
        return (char) random.nextInt(Character.MAX_VALUE + 1);
    }
  }

  private static String quote(String sql) {
    try {
      String json = JSON.writeValueAsString(sql);
      return json.length() > 2000
          ? json.substring(0, 2000) + "...(" + sql.length() + " chars)"
          : json;
    } catch (IOException e) {
      return sql;
    }
  }
}
