package io.querylens.agent.cli;

import io.querylens.core.pg.SamplerLog;
import java.io.PrintStream;

/** A command's warnings (a missing grant or extension) go to standard error, one line each. */
final class CommandLineLog implements SamplerLog {

  private final String command;
  private final PrintStream err;

  CommandLineLog(String command, PrintStream err) {
    this.command = command;
    this.err = err;
  }

  @Override
  public void warning(String message) {
    err.println("querylens " + command + ": " + message);
  }

  @Override
  public void info(String message) {}

  @Override
  public void debug(String message) {}
}
