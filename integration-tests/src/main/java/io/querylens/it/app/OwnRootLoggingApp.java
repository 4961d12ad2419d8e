package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * An application that routes java.util.logging to a logger of its own, as an SLF4J bridge handler
 * does: it replaces the root logger's handlers with one that prints {@code APP-LOG level logger:
 * message} on standard output for every record at any level, then runs statements for a while.
 *
 * <p>Arguments: {@code url user password}. {@code own.app.run-millis}: how long it keeps running
 * statements (default 2000).
 */
public final class OwnRootLoggingApp {

  private OwnRootLoggingApp() {}

  public static void main(String[] args) throws Exception {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    root.setLevel(Level.ALL);
    root.addHandler(new PrintingHandler());

    long until = System.currentTimeMillis() + Long.getLong("own.app.run-millis", 2000);
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
        Statement statement = connection.createStatement()) {
      while (System.currentTimeMillis() < until) {
        try (ResultSet rows = statement.executeQuery("SELECT 42")) {
          rows.next();
        }
        Thread.sleep(50);
      }
    }
    System.out.println("DONE");
  }

  private static final class PrintingHandler extends Handler {
    @Override
    public void publish(LogRecord record) {
      System.out.println(
          "APP-LOG "
              + record.getLevel()
              + " "
              + record.getLoggerName()
              + ": "
              + record.getMessage());
    }

    @Override
    public void flush() {
      System.out.flush();
    }

    @Override
    public void close() {}
  }
}
