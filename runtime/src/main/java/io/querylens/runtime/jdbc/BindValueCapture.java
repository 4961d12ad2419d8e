package io.querylens.runtime.jdbc;

import io.querylens.exporter.StatementObserver;

/**
 * Where the bind values of prepared statements go (opt-in). {@link #OFF}, chosen once at start-up
 * when capture is off, does nothing and holds nothing, so an execution pays one call the JIT
 * erases.
 */
interface BindValueCapture {

  BindValueCapture OFF = new Off();

  /** {@code setXxx(index, value)} on {@code statement}; index is JDBC's, 1-based. */
  void set(Object statement, int index, Object value);

  /** {@code clearParameters()} on {@code statement}. */
  void cleared(Object statement);

  /**
   * A single execution of {@code statement} started as {@code scope}: its values go on the span.
   */
  void executing(Object statement, Object scope, StatementObserver observer);

  /** Keeps each prepared statement's values, bounded, while the statement lives. */
  static BindValueCapture perStatement() {
    return new PerStatement();
  }

  /** Capture off. */
  final class Off implements BindValueCapture {
    private Off() {}

    @Override
    public void set(Object statement, int index, Object value) {}

    @Override
    public void cleared(Object statement) {}

    @Override
    public void executing(Object statement, Object scope, StatementObserver observer) {}
  }

  /** Capture on: a weak map from statement to its {@link BoundParameters}. */
  final class PerStatement implements BindValueCapture {
    private final WeakIdentityMap<Object, BoundParameters> parameters = new WeakIdentityMap<>();

    private PerStatement() {}

    @Override
    public void set(Object statement, int index, Object value) {
      BoundParameters bound = parameters.get(statement);
      if (bound == null) {
        bound = new BoundParameters();
        parameters.put(statement, bound);
      }
      bound.set(index, value);
    }

    @Override
    public void cleared(Object statement) {
      parameters.removeIfPresent(statement);
    }

    @Override
    public void executing(Object statement, Object scope, StatementObserver observer) {
      BoundParameters bound = parameters.get(statement);
      if (bound != null) {
        observer.bindValues(scope, bound.values());
      }
    }

    /** Statements whose values are held (a test's view of the bound). */
    int statements() {
      return parameters.size();
    }
  }
}
