package io.querylens.runtime.jdbc;

import io.querylens.core.log.AgentLog;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/**
 * The agent's own copy of pgjdbc (relocated in its jar), which the sampler connects with instead of
 * the application's driver whenever that is pgjdbc set up with no class of the application's.
 *
 * <p>Why not the application's driver: its code is the application's hot path. The sampler's
 * catalog queries take branches of the driver that the application's never take (other column
 * types, other messages), and each sample made the JIT throw away and recompile the driver's result
 * reader and parser: about half a second of a CPU each time, measured in the order-entry benchmark.
 * Its queries also showed in the application's {@code org.postgresql} log. The agent's copy has its
 * own classes, profile and logger.
 *
 * <p>A setting that names a class of the application's (a socket or SSL factory, a password
 * callback, an authentication plugin) keeps the application's driver, since the agent's copy cannot
 * load it ({@link ClassSettings}); so does any driver that is not pgjdbc.
 */
public final class OwnDriver {

  /** Library mode and tests: the application's driver is always used. */
  public static final OwnDriver NONE = new OwnDriver(() -> null, (own, application) -> false);

  private final Supplier<Driver> relocated;
  private final BiPredicate<String, String> sameDriver;
  private volatile Driver driver;
  private volatile boolean unavailable;

  /**
   * @param sameDriver whether the driver class named first can stand in for the one named second
   */
  OwnDriver(Supplier<Driver> relocated, BiPredicate<String, String> sameDriver) {
    this.relocated = relocated;
    this.sameDriver = sameDriver;
  }

  /**
   * @param relocated makes the agent's pgjdbc driver, on first use (loading its classes is put off
   *     until the first sample); null or a throw leaves the application's driver in use
   */
  public static OwnDriver of(Supplier<Driver> relocated) {
    return new OwnDriver(relocated, OwnDriver::samePgjdbc);
  }

  /**
   * Whether the sampler's connection to {@code url} with {@code properties}, which the application
   * opens with {@code application}, can be opened with this driver instead.
   */
  boolean standsInFor(Driver application, String url, Properties properties) {
    Driver own = driver();
    return own != null
        && sameDriver.test(own.getClass().getName(), application.getClass().getName())
        && !ClassSettings.nameAnApplicationClass(url, properties);
  }

  /** Whether {@code connection} is one this driver opened. */
  boolean opened(Connection connection) {
    Driver own = driver;
    return own != null && connection.getClass().getClassLoader() == own.getClass().getClassLoader();
  }

  /**
   * Connects with a copy of {@code properties}, pgjdbc's own classes in class settings renamed as
   * the copy's.
   */
  Connection connect(String url, Properties properties) throws SQLException {
    Driver own = driver();
    String name = own.getClass().getName();
    String prefix = name.endsWith(PGJDBC) ? name.substring(0, name.length() - PGJDBC.length()) : "";
    return own.connect(
        ClassSettings.relocated(url, prefix), ClassSettings.relocated(properties, prefix));
  }

  private Driver driver() {
    Driver made = driver;
    if (made != null || unavailable) {
      return made;
    }
    synchronized (this) {
      if (driver == null && !unavailable) {
        try {
          driver = relocated.get();
        } catch (Throwable t) {
          AgentLog.warnOnce(
              "own-driver",
              "the agent's own PostgreSQL driver cannot be loaded; the sampler connects with the"
                  + " application's: "
                  + t);
        }
        unavailable = driver == null;
      }
      return driver;
    }
  }

  /**
   * pgjdbc's driver class, joined at run time: the agent jar's relocation rewrites string constants
   * that name relocated classes, and this one must keep the application's name.
   */
  private static final String PGJDBC = String.join(".", "org", "postgresql", "Driver");

  /** Whether the application's driver is pgjdbc's and {@code own} is pgjdbc's, relocated or not. */
  static boolean samePgjdbc(String own, String application) {
    return application.equals(PGJDBC) && (own.equals(PGJDBC) || own.endsWith("." + PGJDBC));
  }
}
