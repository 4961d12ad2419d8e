package io.querylens.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Checks what each test's statements did against budgets, and fails a test that exceeds one. On a
 * class, its budgets apply to every test in it; on a method, they override the class's for that
 * test; an attribute left out takes the class's value, then the setting's ({@code
 * otel.instrumentation.querylens.junit.*}, see docs/junit.md).
 *
 * <pre>{@code
 * @QueryLens(maxExecutionsPerShape = 5)
 * class OrderRepositoryTest {
 *   @Test
 *   @QueryLens(maxStatements = 3)
 *   void listsACustomersOrders() { ... }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(QueryLensExtension.class)
public @interface QueryLens {

  /** An attribute left out: the class's value, then the setting's. */
  int INHERIT = -1;

  /** No limit. */
  int UNLIMITED = Integer.MAX_VALUE;

  /** Statements (executions) the test may run in all. */
  int maxStatements() default INHERIT;

  /** Executions of any one statement shape: more is usually an N+1 loop. */
  int maxExecutionsPerShape() default INHERIT;

  /**
   * Rows a sequential scan in the generic plan of one of the test's statements may read (the
   * table's rows, whatever its filter keeps).
   */
  long maxSeqScanRows() default INHERIT;

  /**
   * Indexes the advisor's missing-index rules may propose for the test's statements (from their
   * generic plans, as in docs/advisor.md); 0 fails a test whose statements want an index.
   */
  int maxMissingIndexes() default INHERIT;

  /**
   * The longest one execution may take, such as {@code "250ms"} or {@code "2s"}; {@code "none"}.
   */
  String maxStatementDuration() default "";
}
