package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * One application using two PostgreSQL servers with the same slow statement, so the agent samples
 * both while its own measurements describe the one application, and another slow statement on the
 * second server only. Arguments: {@code url1 url2 user password runMillis holdMillis}: the
 * statement runs on both for {@code runMillis}, then the connections stay open for {@code
 * holdMillis} while the samplers take several rounds.
 */
public final class TwoServersApp {

  /** Slower than the 1 ms threshold the test sets. */
  public static final String STATEMENT = "SELECT pg_sleep(0.005)";

  /** A second slow shape, run on the second server only. */
  public static final String ON_SECOND_ONLY = "SELECT pg_sleep(0.005), 2";

  private TwoServersApp() {}

  public static void main(String[] args) throws Exception {
    try (Connection first = DriverManager.getConnection(args[0], args[2], args[3]);
        Connection second = DriverManager.getConnection(args[1], args[2], args[3]);
        PreparedStatement onFirst = first.prepareStatement(STATEMENT);
        PreparedStatement onSecond = second.prepareStatement(STATEMENT);
        PreparedStatement onlyOnSecond = second.prepareStatement(ON_SECOND_ONLY)) {
      long end = System.nanoTime() + Long.parseLong(args[4]) * 1_000_000;
      while (System.nanoTime() < end) {
        onFirst.executeQuery().close();
        onSecond.executeQuery().close();
        onlyOnSecond.executeQuery().close();
      }
      Thread.sleep(Long.parseLong(args[5]));
    }
    System.out.println("DONE");
  }
}
