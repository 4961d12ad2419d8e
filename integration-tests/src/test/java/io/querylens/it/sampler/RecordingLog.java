package io.querylens.it.sampler;

import io.querylens.core.pg.SamplerLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the sampler logged, to check what it says and that it says it once. */
final class RecordingLog implements SamplerLog {

  final List<String> warnings = new CopyOnWriteArrayList<>();
  final List<String> infos = new CopyOnWriteArrayList<>();

  @Override
  public void warning(String message) {
    warnings.add(message);
  }

  @Override
  public void info(String message) {
    infos.add(message);
  }

  @Override
  public void debug(String message) {}

  long warningsContaining(String text) {
    return warnings.stream().filter(w -> w.contains(text)).count();
  }
}
