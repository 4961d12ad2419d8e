package io.querylens.core.sql;

import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Turns any SQL string into its {@link StatementShape}. Never throws, takes time linear in the
 * input, and keeps its outputs bounded, because it runs inside the application's JDBC calls.
 *
 * <p>Builders (a few KiB of buffers each) are reused through a small lock-free pool rather than a
 * ThreadLocal: with thousands of (virtual) threads a ThreadLocal would keep one per thread.
 */
public final class SqlFingerprinter {

  private static final StatementShape EMPTY =
      new StatementShape("", "", Fingerprint.of(emptyHash()), "", null, List.of(), false);

  private static final int POOL_SIZE = poolSize();
  private static final AtomicReferenceArray<ShapeBuilder> POOL =
      new AtomicReferenceArray<>(POOL_SIZE);

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
    int slot = (int) (Thread.currentThread().getId() & (POOL_SIZE - 1));
    ShapeBuilder builder = POOL.getAndSet(slot, null);
    if (builder == null) {
      builder = new ShapeBuilder();
    }
    StatementShape shape = builder.build(sql);
    if (builder.worthPooling()) {
      POOL.lazySet(slot, builder);
    }
    return shape;
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
