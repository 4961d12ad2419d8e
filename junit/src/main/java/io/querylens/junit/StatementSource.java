package io.querylens.junit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where the extension reads the statements a test ran: the agent's bootstrap facade when the JVM
 * runs with {@code -javaagent}, else the runtime in the extension's own class loader (library
 * mode). Both speak in maps of JDK types, so one code path reads either.
 */
interface StatementSource {

  /** Tells {@code listener} of each recorded execution until the handle is closed. */
  AutoCloseable observe(Consumer<Map<String, Object>> listener);

  /**
   * Waits until every execution ended so far has been told to the listeners.
   *
   * @return false when nothing records statements here (or did not start in time)
   */
  boolean flush(long timeoutMillis);

  /**
   * The planned scans of each text on that server (with the indexes the advisor proposes, when
   * {@code missingIndexes}); empty when the server cannot be reached.
   */
  Optional<List<Map<String, Object>>> plan(
      String address, int port, List<String> sanitizedTexts, boolean missingIndexes);

  /** {@code agent} or {@code library}, for the report. */
  String mode();

  /** The agent's facade when the agent runs in this JVM, else the library runtime's registry. */
  static StatementSource find() {
    StatementSource agent = AgentStatementSource.findInstalled();
    return agent != null ? agent : new LibraryStatementSource();
  }
}
