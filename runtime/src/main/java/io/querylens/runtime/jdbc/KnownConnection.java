package io.querylens.runtime.jdbc;

import io.querylens.exporter.ConnectionFacts;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the tracer knows of one physical connection, found with one look-up per statement: its facts
 * (shared with every connection to the same place), when transactions are followed, where it is in
 * them, and, when the trace context is propagated, its session's {@code application_name}. A
 * connection whose autocommit is off is in a transaction, numbered by the {@code commit()}, {@code
 * rollback()} and {@code setAutoCommit} calls it has seen, which end one. It holds no reference to
 * the connection: it is the value of a map weak in its connections.
 */
final class KnownConnection {

  private static final AtomicLong NUMBERS = new AtomicLong();

  final ConnectionFacts facts;

  /** Names the connection in transaction keys: unique in this JVM. */
  final long number;

  // Written by the thread using the connection, read by it too; volatile for a pool's next user.
  private volatile boolean manualCommit;
  private volatile long transaction;

  /** Its session's application_name as set by the trace-context propagation; null until set. */
  volatile ApplicationNamePropagation.SessionName sessionName;

  KnownConnection(ConnectionFacts facts) {
    this.facts = facts;
    this.number = NUMBERS.incrementAndGet();
  }

  /** {@code setAutoCommit(autoCommit)} returned: turning it on commits, turning it off begins. */
  void autoCommitSet(boolean autoCommit) {
    transaction++;
    manualCommit = !autoCommit;
  }

  /** {@code commit()} or {@code rollback()} returned, which exist only with autocommit off. */
  void transactionEnded() {
    transaction++;
    manualCommit = true;
  }

  /** A connection never seen to turn autocommit off is taken as in autocommit. */
  boolean inTransaction() {
    return manualCommit;
  }

  /** The number of the transaction it is in, when {@link #inTransaction}. */
  long transaction() {
    return transaction;
  }
}
