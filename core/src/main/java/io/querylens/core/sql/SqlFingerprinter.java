package io.querylens.core.sql;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Turns any SQL string into its {@link StatementShape}. Never throws, takes time linear in the
 * input, and keeps its outputs bounded, because it runs inside the application's JDBC calls.
 *
 * <p>Builders (a few KiB of buffers each) are reused through a small lock-free pool rather than a
 * ThreadLocal: with thousands of (virtual) threads a ThreadLocal would keep one per thread. A
 * thread whose slot is taken tries the others, and builds with a fresh builder only when all are.
 */
public final class SqlFingerprinter {

  private static final StatementShape EMPTY =
      new StatementShape("", "", Fingerprint.of(emptyHash()), "", null, List.of(), false);

  private static final int POOL_SIZE = poolSize();

  /**
   * A flag per slot, not the builders themselves in an atomic array: handing a builder back there
   * was a reference store with the garbage collector's barrier (a fence) on every call, a few
   * percent of a short statement's time; freeing a flag is a plain store.
   */
  private static final AtomicIntegerArray IN_USE = new AtomicIntegerArray(POOL_SIZE);

  private static final ShapeBuilder[] BUILDERS = new ShapeBuilder[POOL_SIZE];

  private SqlFingerprinter() {}

  /** The shape of {@code sql}; an empty shape for null. Never throws. */
  public static StatementShape shape(String sql) {
    if (sql == null || sql.isEmpty()) {
      return EMPTY;
    }
    try {
      return shapeOrThrow(sql);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable bug) {
      // A bug here must not fail the application's query; the statement keeps no text at all.
      return failed();
    }
  }

  /** As {@link #shape}, but lets a bug surface: for tests that hunt for such bugs. */
  static StatementShape shapeOrThrow(String sql) {
    int home = (int) (Thread.currentThread().getId() & (POOL_SIZE - 1));
    for (int i = 0; i < POOL_SIZE; i++) {
      int slot = (home + i) & (POOL_SIZE - 1);
      if (IN_USE.compareAndSet(slot, 0, 1)) {
        return buildInSlot(slot, sql);
      }
    }
    return new ShapeBuilder().build(sql);
  }

  /**
   * With the slot taken: builds with its builder and frees it. (A thread whose home slot is busy
   * tries the others first: two threads whose ids share a slot would otherwise allocate a fresh
   * builder whenever they fingerprint at once.)
   */
  private static StatementShape buildInSlot(int slot, String sql) {
    try {
      // The slot's flag guards its builder: set and read only between taking and freeing it.
      ShapeBuilder builder = BUILDERS[slot];
      if (builder == null) {
        builder = new ShapeBuilder();
        BUILDERS[slot] = builder;
      }
      StatementShape shape = builder.build(sql);
      if (!builder.worthPooling()) {
        BUILDERS[slot] = null;
      }
      return shape;
    } catch (RuntimeException | Error bug) {
      // A builder that failed half-way is not trusted again.
      BUILDERS[slot] = null;
      throw bug;
    } finally {
      IN_USE.lazySet(slot, 0);
    }
  }

  private static StatementShape failed() {
    return new StatementShape("", "", Fingerprint.of(0), "", null, List.of(), true);
  }

  private static int poolSize() {
    int wanted = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    int size = 1;
    while (size < wanted && size < 64) {
      size <<= 1;
    }
    return size;
  }

  /** The fingerprint of the empty statement, computed like any other. */
  private static long emptyHash() {
    NormalizedText text = new NormalizedText();
    text.reset();
    return text.fingerprint();
  }
}
