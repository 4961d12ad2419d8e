package io.querylens.exporter;

/**
 * Told of each execution once it has been recorded, on the recording thread (never the
 * application's). The JUnit extension listens to read what one test's statements did; nobody else
 * does, so the recorder holds {@link #NONE} and builds nothing for it.
 */
@FunctionalInterface
public interface ExecutionListener {

  /** Listens to nothing: the recorder checks for it and skips building the description. */
  ExecutionListener NONE = execution -> {};

  /** Must not throw and must return quickly: the recording thread waits for it. */
  void executed(CompletedExecution execution);
}
