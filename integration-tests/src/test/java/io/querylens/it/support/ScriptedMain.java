package io.querylens.it.support;

/**
 * A tiny application for {@link ForkedJvmIT}: it performs its arguments in order, each {@code
 * verb:operand} — {@code out:text}, {@code err:text}, {@code env:NAME} and {@code prop:name} (print
 * {@code name=value}, or {@code name unset}), {@code sleep:millis}, {@code exit:code}.
 */
public final class ScriptedMain {

  private ScriptedMain() {}

  public static void main(String[] args) throws InterruptedException {
    for (String step : args) {
      int colon = step.indexOf(':');
      String verb = step.substring(0, colon);
      String operand = step.substring(colon + 1);
      switch (verb) {
        case "out":
          System.out.println(operand);
          break;
        case "err":
          System.err.println(operand);
          break;
        case "env":
          print(operand, System.getenv(operand));
          break;
        case "prop":
          print(operand, System.getProperty(operand));
          break;
        case "class":
          printLocation(operand);
          break;
        case "sleep":
          Thread.sleep(Long.parseLong(operand));
          break;
        case "exit":
          System.exit(Integer.parseInt(operand));
          break;
        default:
          throw new IllegalArgumentException("unknown step " + step);
      }
      System.out.flush();
    }
  }

  private static void printLocation(String className) {
    try {
      Class<?> type = Class.forName(className, false, ScriptedMain.class.getClassLoader());
      System.out.println(
          className + " from " + type.getProtectionDomain().getCodeSource().getLocation());
    } catch (ClassNotFoundException e) {
      System.out.println(className + " missing");
    }
  }

  private static void print(String name, String value) {
    System.out.println(value == null ? name + " unset" : name + "=" + value);
  }
}
