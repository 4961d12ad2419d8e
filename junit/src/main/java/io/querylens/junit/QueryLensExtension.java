package io.querylens.junit;

import io.querylens.core.config.InvalidSettingException;
import io.querylens.core.config.Settings;
import io.querylens.core.log.AgentLog;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * Reads the statements each test method ran (through the QueryLens agent, or the runtime of library
 * mode) and fails the test when they exceed its budgets ({@link QueryLens}). Only the test method's
 * own body counts: its {@code @BeforeEach} setup does not.
 */
public final class QueryLensExtension
    implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

  static final String REPORT_DIR = Budgets.PREFIX + "report-dir";
  static final String DEFAULT_REPORT_DIR = "target/querylens";

  /** How long a test's end waits for its executions to be recorded (the SDK still starting). */
  static final long FLUSH_MILLIS = 10_000;

  private static final Namespace NAMESPACE = Namespace.create(QueryLensExtension.class);
  private static final String RUNNING = "running";
  private static final String REPORT = "report";

  @Override
  public void beforeTestExecution(ExtensionContext context) {
    Budgets budgets = budgetsOf(context);
    StatementSource source;
    TestStatements statements;
    AutoCloseable listening;
    try {
      source = StatementSource.find();
      statements = new TestStatements(System.nanoTime());
      listening = source.observe(statements);
    } catch (RuntimeException e) {
      tellOnce("observe", "cannot read the tests' statements, budgets are not checked: " + e);
      return;
    }
    context.getStore(NAMESPACE).put(RUNNING, new Running(budgets, source, statements, listening));
  }

  @Override
  public void afterTestExecution(ExtensionContext context) throws Exception {
    Running running = context.getStore(NAMESPACE).remove(RUNNING, Running.class);
    if (running == null) {
      return;
    }
    running.statements.endAt(System.nanoTime());
    boolean recorded;
    try {
      recorded = running.source.flush(FLUSH_MILLIS);
    } finally {
      running.listening.close();
      running.statements.seal();
    }
    if (!recorded) {
      tellOnce(
          "nothing-recorded",
          "QueryLens records no statements in this JVM (no agent, no library runtime, or its"
              + " OpenTelemetry SDK could not start), so @QueryLens budgets are not checked (run"
              + " the tests with -javaagent:querylens-agent.jar, or wrap the DataSource with"
              + " QueryLens.wrap)");
      return;
    }
    ShapePlans plans = plansOf(running);
    List<Exceeded> exceeded = BudgetCheck.check(running.budgets, running.statements, plans);
    boolean failedAlready = context.getExecutionException().isPresent();
    RunReport report = reportOf(context);
    if (report != null) {
      report.add(
          nameOf(context),
          running.source.mode(),
          failedAlready ? "failed" : exceeded.isEmpty() ? "passed" : "over budget",
          running.statements,
          plans,
          exceeded);
    }
    if (!exceeded.isEmpty() && !failedAlready) {
      throw new AssertionFailedError(FailureMessage.of(nameOf(context), exceeded));
    }
  }

  private static ShapePlans plansOf(Running running) {
    boolean missingIndexes = running.budgets.limitsMissingIndexes();
    if (!running.budgets.limitsSeqScans() && !missingIndexes) {
      return ShapePlans.NONE;
    }
    try {
      ShapePlans plans = ShapePlans.of(running.statements.shapes(), running.source, missingIndexes);
      for (String server : plans.notPlanned()) {
        tellOnce(
            "not-planned:" + server,
            "cannot plan the statements run on "
                + server
                + " (QueryLens has no session to it), so maxSeqScanRows and maxMissingIndexes"
                + " are not checked there");
      }
      return plans;
    } catch (RuntimeException e) {
      tellOnce(
          "plans",
          "cannot plan the tests' statements, maxSeqScanRows and maxMissingIndexes are not"
              + " checked: "
              + e);
      return ShapePlans.NONE;
    }
  }

  /** Settings, then each enclosing class's and the test class's annotation, then the method's. */
  static Budgets budgetsOf(ExtensionContext context) {
    try {
      Budgets budgets =
          Budgets.fromSettings(context::getConfigurationParameter, Settings.fromSystem());
      List<Class<?>> classes = new ArrayList<>();
      for (Class<?> type = context.getRequiredTestClass(); type != null; ) {
        classes.add(type);
        type = type.isMemberClass() && !isStatic(type) ? type.getEnclosingClass() : null;
      }
      Collections.reverse(classes);
      for (Class<?> type : classes) {
        budgets =
            budgets.overriddenBy(
                AnnotationSupport.findAnnotation(type, QueryLens.class).orElse(null),
                type.getName());
      }
      Method method = context.getRequiredTestMethod();
      return budgets.overriddenBy(
          AnnotationSupport.findAnnotation(method, QueryLens.class).orElse(null),
          method.getDeclaringClass().getName() + "." + method.getName());
    } catch (InvalidSettingException e) {
      throw new ExtensionConfigurationException("[querylens] " + e.getMessage(), e);
    }
  }

  private static boolean isStatic(Class<?> type) {
    return java.lang.reflect.Modifier.isStatic(type.getModifiers());
  }

  private static String nameOf(ExtensionContext context) {
    String method = context.getRequiredTestMethod().getName() + "()";
    String name = context.getRequiredTestClass().getSimpleName() + "." + method;
    String display = context.getDisplayName();
    return display.equals(method) ? name : name + " [" + display + "]";
  }

  /** The run's report, written when the run ends; null when the setting turns it off. */
  private static RunReport reportOf(ExtensionContext context) {
    String directory =
        context
            .getConfigurationParameter(REPORT_DIR)
            .orElseGet(() -> Settings.fromSystem().getString(REPORT_DIR, DEFAULT_REPORT_DIR));
    if (Budgets.NO_LIMIT.equalsIgnoreCase(directory.trim())) {
      return null;
    }
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            REPORT,
            key -> new ReportAtRunEnd(new RunReport(Path.of(directory))),
            ReportAtRunEnd.class)
        .report;
  }

  static void tellOnce(String key, String message) {
    AgentLog.warnOnce("junit:" + key, message);
  }

  private record Running(
      Budgets budgets,
      StatementSource source,
      TestStatements statements,
      AutoCloseable listening) {}

  /**
   * Writes the report when JUnit closes the run's root store. Both interfaces: JUnit before 5.13
   * closes only its own {@code CloseableResource}, later versions any {@code AutoCloseable}.
   */
  @SuppressWarnings("deprecation")
  private static final class ReportAtRunEnd
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final RunReport report;

    ReportAtRunEnd(RunReport report) {
      this.report = report;
    }

    @Override
    public void close() {
      report.write();
    }
  }
}
