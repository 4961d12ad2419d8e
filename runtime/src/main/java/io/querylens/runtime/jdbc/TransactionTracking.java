package io.querylens.runtime.jdbc;

import io.querylens.exporter.StatementObserver;
import java.sql.Connection;

/**
 * Where each physical connection is in its transactions, so that the N+1 watch can key a statement
 * that runs in no application trace by its database transaction instead. The count lives in the
 * connection's {@link KnownConnection}, beside its facts: reading it at a statement's start costs
 * two volatile reads, no look-up of its own.
 */
class TransactionTracking {

  /** Nothing followed: the N+1 watch is off. */
  static final TransactionTracking OFF = new TransactionTracking();

  private TransactionTracking() {}

  static TransactionTracking on(ConnectionFactsResolver connections) {
    return new On(connections);
  }

  /** {@code setAutoCommit(autoCommit)} returned on {@code connection}. */
  void autoCommitSet(Object connection, boolean autoCommit) {}

  /** {@code commit()} or {@code rollback()} returned on {@code connection}. */
  void ended(Object connection) {}

  /** Before the execution {@code scope} stands for: tells the observer its transaction, if any. */
  void beforeExecution(KnownConnection connection, Object scope, StatementObserver observer) {}

  private static final class On extends TransactionTracking {

    private final ConnectionFactsResolver connections;

    On(ConnectionFactsResolver connections) {
      this.connections = connections;
    }

    @Override
    void autoCommitSet(Object connection, boolean autoCommit) {
      KnownConnection known = known(connection);
      if (known != null) {
        known.autoCommitSet(autoCommit);
      }
    }

    @Override
    void ended(Object connection) {
      KnownConnection known = known(connection);
      if (known != null) {
        known.transactionEnded();
      }
    }

    @Override
    void beforeExecution(KnownConnection connection, Object scope, StatementObserver observer) {
      if (connection.inTransaction()) {
        observer.inTransaction(scope, connection.number, connection.transaction());
      }
    }

    /** Null for the agent's own connections and for one whose facts cannot be read. */
    private KnownConnection known(Object connection) {
      return connection instanceof Connection ? connections.of((Connection) connection) : null;
    }
  }
}
