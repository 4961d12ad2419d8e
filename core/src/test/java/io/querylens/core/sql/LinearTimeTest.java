package io.querylens.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.stepcount.StepCountingClassLoader;
import io.querylens.stepcount.Steps;
import java.lang.reflect.Method;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fingerprinter takes time linear in its input, whatever the input: adversarial texts eight
 * times longer take at most about eight times the steps. Steps, not time: the fingerprinter's
 * classes are loaded anew with a counter on every method entry and loop iteration ({@link
 * StepCountingClassLoader}), so the verdict does not depend on the machine or the JIT. A quadratic
 * path would take 64 times the steps.
 */
class LinearTimeTest {

  private static final int SHORT = 8 * 1024;
  private static final int LONG = 8 * SHORT;

  /** Steps per char of the long text over those of the short one; 1.0 is exactly linear. */
  private static final double MAX_GROWTH_PER_CHAR = 1.5;

  static Stream<Arguments> adversarialTexts() {
    return Stream.of(
        text("nested block comments", n -> "SELECT 1 " + "/*".repeat(n / 2)),
        text("comment openers and closers", n -> "SELECT 1 " + "/*/".repeat(n / 3)),
        text("doubled quotes in an open string", n -> "SELECT '" + "''".repeat(n / 2)),
        text("escaped quotes in an open E-string", n -> "SELECT E'" + "\\'".repeat(n / 2)),
        text("dollar-quote openers never closed", n -> "SELECT " + "$a$ ".repeat(n / 4)),
        text("distinct dollar tags", n -> "SELECT " + dollarTags(n)),
        text("long dollar tags", n -> "SELECT " + ("$" + "t".repeat(70) + "$ ").repeat(n / 73)),
        text("open parentheses", n -> "SELECT " + "(".repeat(n)),
        text("nested subqueries", n -> "SELECT * FROM (".repeat(n / 15) + "t"),
        text("IN list", n -> "SELECT * FROM t WHERE id IN (" + "1, ".repeat(n / 3) + "1)"),
        text("multi-row VALUES", n -> "INSERT INTO t VALUES " + "(1, 'a'), ".repeat(n / 10)),
        text("line comments", n -> "SELECT 1" + " --\n".repeat(n / 4)),
        text("quoted identifiers", n -> "SELECT " + "\"a\".".repeat(n / 4) + "x"),
        text("string concatenations", n -> "SELECT " + "'a' || ".repeat(n / 7) + "'b'"),
        text("tables", n -> "SELECT * FROM " + tables(n)),
        text("joins", n -> "SELECT * FROM t0" + " JOIN t ON a = b".repeat(n / 16)),
        text("bind markers", n -> "SELECT " + "?, ".repeat(n / 3) + "?"),
        text("numbered parameters", n -> "SELECT " + numbered(n)),
        text("statements", n -> "SELECT 1; ".repeat(n / 10)),
        text("CASE arms", n -> "SELECT CASE" + " WHEN a = 1 THEN 2".repeat(n / 18) + " END"),
        text("keywords", n -> "SELECT ".repeat(n / 7)),
        text("casts", n -> "SELECT 1" + "::int".repeat(n / 5)),
        text("JDBC escapes", n -> "SELECT " + "{fn now()}, ".repeat(n / 12) + "1"),
        text("random bytes", LinearTimeTest::randomChars));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversarialTexts")
  void stepsGrowLinearlyWithTheText(String what, IntFunction<String> texts) throws Exception {
    Method shape = countingFingerprinter();
    shape.invoke(null, texts.apply(SHORT)); // class initialization is not the text's cost

    double shortSteps = stepsPerChar(shape, texts.apply(SHORT));
    double longSteps = stepsPerChar(shape, texts.apply(LONG));

    assertThat(longSteps)
        .as("%s: steps per char at %d chars vs %d", what, LONG, SHORT)
        .isLessThanOrEqualTo(shortSteps * MAX_GROWTH_PER_CHAR);
  }

  private static double stepsPerChar(Method shape, String text) throws Exception {
    Steps.count = 0;
    shape.invoke(null, text);
    return (double) Steps.count / text.length();
  }

  private static Method countingFingerprinter() throws Exception {
    ClassLoader counting =
        new StepCountingClassLoader("io.querylens.core.", LinearTimeTest.class.getClassLoader());
    return Class.forName(SqlFingerprinter.class.getName(), true, counting)
        .getMethod("shape", String.class);
  }

  private static Arguments text(String what, IntFunction<String> texts) {
    return Arguments.of(what, texts);
  }

  private static String dollarTags(int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < length; i++) {
      text.append("$t").append(i).append("$ ");
    }
    return text.toString();
  }

  private static String tables(int length) {
    StringBuilder text = new StringBuilder("t0");
    for (int i = 1; text.length() < length; i++) {
      text.append(", t").append(i);
    }
    return text.toString();
  }

  private static String numbered(int length) {
    StringBuilder text = new StringBuilder("$1");
    for (int i = 2; text.length() < length; i++) {
      text.append(", $").append(i);
    }
    return text.toString();
  }

  private static String randomChars(int length) {
    Random random = new Random(length);
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = (char) random.nextInt(0x3000);
    }
    return new String(chars);
  }
}
