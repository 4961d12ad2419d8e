package io.querylens.launcher;

/**
 * {@code java -jar querylens-agent.jar <command> ...}: runs the command line inside the agent's
 * class loader, where the relocated dependencies live.
 */
public final class CommandLineLauncher {

  private CommandLineLauncher() {}

  public static void main(String[] args) throws Exception {
    ClassLoader agentLoader = AgentJar.locate().newAgentClassLoader();
    Class<?> commandLine = Class.forName("io.querylens.agent.cli.CommandLine", true, agentLoader);
    int status;
    try {
      status = (int) commandLine.getMethod("run", String[].class).invoke(null, (Object) args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
    System.exit(status);
  }
}
