package io.querylens.launcher;

public final class AgentLauncher {
  public static void premain(String a, java.lang.instrument.Instrumentation i) {}
}
