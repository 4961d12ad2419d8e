package io.querylens.runtime;

import io.querylens.core.log.AgentLog;
import io.querylens.core.pg.SamplerLog;

/** The sampler speaks in the agent's one-line voice, not through the application's logging. */
final class AgentSamplerLog implements SamplerLog {

  @Override
  public void warning(String message) {
    AgentLog.warn(message);
  }

  @Override
  public void info(String message) {
    AgentLog.info(message);
  }

  @Override
  public void debug(String message) {
    AgentLog.debug(message);
  }
}
