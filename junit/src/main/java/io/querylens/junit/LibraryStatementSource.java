package io.querylens.junit;

import io.querylens.core.insight.StatementScans;
import io.querylens.runtime.observe.StatementObservations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Library mode: the runtime built in this class loader records the statements. */
final class LibraryStatementSource implements StatementSource {

  @Override
  public AutoCloseable observe(Consumer<Map<String, Object>> listener) {
    return StatementObservations.observe(
        execution -> listener.accept(StatementObservations.asMap(execution)));
  }

  @Override
  public boolean flush(long timeoutMillis) {
    return StatementObservations.flush(timeoutMillis);
  }

  @Override
  public Optional<List<Map<String, Object>>> plan(
      String address, int port, List<String> sanitizedTexts, boolean missingIndexes) {
    return StatementObservations.plan(address, port, sanitizedTexts, missingIndexes)
        .map(
            planned -> {
              List<Map<String, Object>> maps = new ArrayList<>(planned.size());
              for (StatementScans.Planned statement : planned) {
                maps.add(StatementObservations.asMap(statement));
              }
              return maps;
            });
  }

  @Override
  public String mode() {
    return "library";
  }
}
