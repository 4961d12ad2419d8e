package io.querylens.it.app;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A schema-per-tenant application: every request connects with its tenant's schema in the URL
 * ({@code currentSchema=tenant_N}, as such applications route tenants) and runs one statement, for
 * as many tenants as asked.
 *
 * <p>Arguments: the base JDBC URL, user, password, number of tenants. Prints {@code HEAP <tenants>
 * <bytes used after GC>} at a tenth and at the end, then its result line and {@code DONE}.
 */
public final class TenantSchemaStormApp {

  private TenantSchemaStormApp() {}

  public static void main(String[] args) throws Exception {
    int tenants = Integer.parseInt(args[3]);
    String separator = args[0].contains("?") ? "&" : "?";
    long sum = 0;
    for (int tenant = 1; tenant <= tenants; tenant++) {
      String url = args[0] + separator + "currentSchema=tenant_" + tenant;
      try (Connection connection = DriverManager.getConnection(url, args[1], args[2]);
          Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery("SELECT 1")) {
        row.next();
        sum += row.getInt(1);
      }
      if (tenant == tenants / 10 || tenant == tenants) {
        printHeapUsed(tenant);
      }
    }
    System.out.println("RESULT tenants=" + tenants + " sum=" + sum);
    System.out.println("DONE");
  }

  /** The heap still in use after full collections: what the process holds, not its garbage. */
  private static void printHeapUsed(int tenantsSoFar) {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    System.out.println("HEAP " + tenantsSoFar + " " + used);
  }
}
