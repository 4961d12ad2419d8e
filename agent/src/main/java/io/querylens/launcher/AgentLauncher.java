package io.querylens.launcher;

import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point. It does one thing: put the tiny bridge on the bootstrap class
 * path and hand the {@link Instrumentation} to the installer inside the agent's isolated class
 * loader. Whatever fails here is reported in one line, and the application starts as if the agent
 * were absent.
 */
public final class AgentLauncher {

  private AgentLauncher() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    launch(agentArgs, instrumentation);
  }

  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    launch(agentArgs, instrumentation);
  }

  private static void launch(String agentArgs, Instrumentation instrumentation) {
    try {
      AgentJar jar = AgentJar.locate();
      instrumentation.appendToBootstrapClassLoaderSearch(jar.jarFile());
      ClassLoader agentLoader = jar.newAgentClassLoader();
      Class<?> installer = Class.forName("io.querylens.agent.AgentInstaller", true, agentLoader);
      installer
          .getMethod("install", Instrumentation.class, String.class, long.class)
          .invoke(null, instrumentation, agentArgs, System.nanoTime());
    } catch (Throwable t) {
      Throwable cause = t.getCause() != null ? t.getCause() : t;
      System.err.println(
          "[querylens] the agent could not start and is inactive; the application runs without it: "
              + cause);
    }
  }
}
