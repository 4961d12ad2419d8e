package io.querylens.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.stepcount.StepCountingClassLoader;
import io.querylens.stepcount.Steps;
import java.lang.reflect.Method;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading a traceparent back from a sampled session's query text, and writing one into a
 * statement's, take steps linear in the text, whatever it holds: the sampler reads every active
 * session's text each sample, and the writer runs on the application's thread. Counted as in the
 * fingerprinter's {@code LinearTimeTest}, not timed.
 */
class TraceparentLinearTimeTest {

  private static final int SHORT = 8 * 1024;
  private static final int LONG = 8 * SHORT;
  private static final double MAX_GROWTH_PER_CHAR = 1.5;
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private static final String VALUE = "00-" + TRACE + "-" + SPAN + "-01";

  static Stream<Arguments> adversarialTexts() {
    return Stream.of(
        text("dashes in the comment", n -> "SELECT 1 /*traceparent='" + "0-".repeat(n / 2) + "*/"),
        text("near-traceparents", n -> "SELECT 1 /*traceparent=" + nearMisses(n) + "*/"),
        text("keys without value", n -> "SELECT 1 /*" + "traceparent=".repeat(n / 12) + "*/"),
        text("comment openers", n -> "SELECT 1 " + "/*".repeat(n / 2) + "*/"),
        text("a long statement", n -> "SELECT " + "a, ".repeat(n / 3) + "b /*x='y'*/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversarialTexts")
  void readingTheTrailingCommentIsLinear(String what, IntFunction<String> texts) throws Exception {
    Method read = counted(TraceParent.class, "inTrailingComment", String.class);
    assertLinear(what, texts, text -> read.invoke(null, text));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("adversarialTexts")
  void writingTheCommentIsLinear(String what, IntFunction<String> texts) throws Exception {
    Method write =
        counted(
            TraceparentComment.class,
            "appendedTo",
            String.class,
            String.class,
            String.class,
            boolean.class);
    assertLinear(what, texts, text -> write.invoke(null, text, TRACE, SPAN, true));
  }

  private interface Call {
    void on(String text) throws Exception;
  }

  private static void assertLinear(String what, IntFunction<String> texts, Call call)
      throws Exception {
    call.on(texts.apply(SHORT)); // class initialization is not the text's cost
    double shortSteps = stepsPerChar(call, texts.apply(SHORT));
    double longSteps = stepsPerChar(call, texts.apply(LONG));

    assertThat(longSteps)
        .as("%s: steps per char at %d chars vs %d", what, LONG, SHORT)
        .isLessThanOrEqualTo(shortSteps * MAX_GROWTH_PER_CHAR);
  }

  private static double stepsPerChar(Call call, String text) throws Exception {
    Steps.count = 0;
    call.on(text);
    return (double) Math.max(1, Steps.count) / text.length();
  }

  private static Method counted(Class<?> type, String name, Class<?>... parameters)
      throws Exception {
    ClassLoader counting =
        new StepCountingClassLoader(
            "io.querylens.core.", TraceparentLinearTimeTest.class.getClassLoader());
    return Class.forName(type.getName(), true, counting).getMethod(name, parameters);
  }

  /** Valid traceparents but for their last char, back to back. */
  private static String nearMisses(int length) {
    String miss = VALUE.substring(0, VALUE.length() - 1) + "x";
    return miss.repeat(length / miss.length());
  }

  private static Arguments text(String what, IntFunction<String> texts) {
    return Arguments.of(what, texts);
  }
}
