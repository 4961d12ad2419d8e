package io.querylens.it.app;

/**
 * {@link RoundsApp} with a shutdown that takes a while, as an application closing its own resources
 * at exit (a web server draining requests, a framework closing its context) does: the JVM's
 * process, and every socket it holds, outlives the start of the shutdown by that long.
 *
 * <p>Arguments: {@code shutdown-millis} followed by {@link RoundsApp}'s.
 */
public final class SlowShutdownApp {

  private SlowShutdownApp() {}

  public static void main(String[] args) throws Exception {
    long shutdownMillis = Long.parseLong(args[0]);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    Thread.sleep(shutdownMillis);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "slow-shutdown"));
    String[] rounds = new String[args.length - 1];
    System.arraycopy(args, 1, rounds, 0, rounds.length);
    RoundsApp.main(rounds);
  }
}
