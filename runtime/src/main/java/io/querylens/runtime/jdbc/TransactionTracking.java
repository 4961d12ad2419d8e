package io.querylens.runtime.jdbc;

import io.querylens.exporter.StatementObserver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where each physical connection is in its transactions, so that the N+1 watch can key a statement
 * that runs in no application trace by its database transaction instead: a connection whose
 * autocommit is off is in a transaction, numbered by the {@code commit()}, {@code rollback()} and
 * {@code setAutoCommit} calls it has seen, which end one. Kept per physical connection (a pool's
 * wrapper of one checkout and the driver's connection inside it share one count), found as the
 * connection's facts are; reading it at a statement's start is a look-up and two volatile reads.
 *
 * <p>A connection never seen to turn autocommit off is taken as in autocommit: its statements are
 * keyed by nothing.
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

  /** {@code connection} was closed (a pool's wrapper at check-in, or a physical connection). */
  void closed(Object connection) {}

  /** Before the execution {@code scope} stands for: tells the observer its transaction, if any. */
  void beforeExecution(Statement statement, Object scope, StatementObserver observer) {}

  private static final class On extends TransactionTracking {

    private static final AtomicLong CONNECTIONS = new AtomicLong();

    private final ConnectionFactsResolver connections;
    private final WeakIdentityMap<Connection, Transactions> byConnection = new WeakIdentityMap<>();

    On(ConnectionFactsResolver connections) {
      this.connections = connections;
    }

    @Override
    void autoCommitSet(Object connection, boolean autoCommit) {
      if (connection instanceof Connection) {
        Transactions transactions = of((Connection) connection);
        transactions.number++; // turning autocommit on commits; turning it off begins one
        transactions.manual = !autoCommit;
      }
    }

    @Override
    void ended(Object connection) {
      if (connection instanceof Connection) {
        Transactions transactions = of((Connection) connection);
        transactions.number++;
        transactions.manual = true; // commit and rollback exist only with autocommit off
      }
    }

    @Override
    void closed(Object connection) {
      if (connection instanceof Connection) {
        byConnection.removeIfPresent((Connection) connection);
      }
    }

    @Override
    void beforeExecution(Statement statement, Object scope, StatementObserver observer) {
      try {
        Transactions transactions = of(statement.getConnection());
        if (transactions.manual) {
          observer.inTransaction(scope, transactions.connection, transactions.number);
        }
      } catch (SQLException | RuntimeException e) {
        // A closed statement (the driver is about to say so to the application), or a wrapper
        // that cannot answer: the statement is keyed by no transaction, and keeps its span.
      }
    }

    /**
     * The count of {@code connection}'s physical connection, made at first sight; the wrapper is
     * remembered beside it until closed, so that its checkout's statements skip the unwrapping.
     */
    private Transactions of(Connection handed) {
      Transactions transactions = byConnection.get(handed);
      if (transactions != null) {
        return transactions;
      }
      Connection physical = connections.physicalConnectionOf(handed);
      transactions = physical == handed ? null : byConnection.get(physical);
      if (transactions == null) {
        transactions = new Transactions(CONNECTIONS.incrementAndGet());
        byConnection.put(physical, transactions);
      }
      if (physical != handed) {
        byConnection.put(handed, transactions);
      }
      return transactions;
    }
  }

  /** One physical connection's transactions: written by the thread using it, read by it too. */
  private static final class Transactions {
    final long connection;
    volatile boolean manual;
    volatile long number;

    Transactions(long connection) {
      this.connection = connection;
    }
  }
}
