package io.querylens.it.app;

import com.sun.tools.attach.VirtualMachine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An application that has already loaded its driver and run statements when the agent is attached
 * to it through the Attach API, as an operator does to a running JVM. Needs {@code
 * -Djdk.attach.allowAttachSelf=true} to attach to itself.
 *
 * <p>Arguments: {@code url user password (agentJar|none)}.
 */
public final class LateAttachApp {

  private LateAttachApp() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
        PreparedStatement preparedBefore =
            connection.prepareStatement("SELECT count(*) AS prepared_before FROM pg_class")) {
      print("before", count(connection, "SELECT count(*) AS before_attach FROM pg_class"));
      print("prepared-before", count(preparedBefore));
      if (!args[3].equals("none")) {
        VirtualMachine self = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
        try {
          self.loadAgent(args[3]);
        } finally {
          self.detach();
        }
      }
      print("after", count(connection, "SELECT count(*) AS after_attach FROM pg_class"));
      print("prepared-before-run-after", count(preparedBefore));
      try (PreparedStatement preparedAfter =
          connection.prepareStatement("SELECT count(*) AS prepared_after FROM pg_class")) {
        print("prepared-after", count(preparedAfter));
      }
    }
    System.out.println("DONE");
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1) > 0 ? 1 : 0;
    }
  }

  private static long count(PreparedStatement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1) > 0 ? 1 : 0;
    }
  }

  private static void print(String step, long result) {
    System.out.println("RESULT " + step + " " + result);
  }
}
