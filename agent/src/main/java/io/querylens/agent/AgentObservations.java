package io.querylens.agent;

import io.querylens.bootstrap.QueryLensObservations;
import io.querylens.core.insight.StatementScans;
import io.querylens.runtime.observe.StatementObservations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The runtime's observations behind the bootstrap facade, in JDK types only: the JUnit extension in
 * the application's class loader reads the agent's statements through it.
 */
final class AgentObservations implements QueryLensObservations.Source {

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
  public List<Map<String, Object>> plan(
      String address, int port, List<String> sanitizedTexts, boolean missingIndexes) {
    return StatementObservations.plan(address, port, List.copyOf(sanitizedTexts), missingIndexes)
        .map(
            planned -> {
              List<Map<String, Object>> maps = new ArrayList<>(planned.size());
              for (StatementScans.Planned statement : planned) {
                maps.add(StatementObservations.asMap(statement));
              }
              return maps;
            })
        .orElse(null);
  }
}
