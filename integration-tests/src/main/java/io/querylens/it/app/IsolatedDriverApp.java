package io.querylens.it.app;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;

/**
 * Loads the PostgreSQL driver the way application servers do: each driver jar in a class loader of
 * its own, either isolated (its parent knows no driver) or child-first (its parent has another
 * driver version, the jar's own wins). Connects through {@link Driver#connect}, since {@code
 * DriverManager} hands out only drivers the caller's class loader can see.
 *
 * <p>Arguments: {@code url user password (isolated|child-first):label:jar ...}.
 */
public final class IsolatedDriverApp {

  private IsolatedDriverApp() {}

  public static void main(String[] args) throws Exception {
    Properties credentials = new Properties();
    credentials.setProperty("user", args[1]);
    credentials.setProperty("password", args[2]);
    for (int i = 3; i < args.length; i++) {
      String[] loading = args[i].split(":", 3);
      ClassLoader loader = loader(loading[0], Path.of(loading[2]));
      Driver driver =
          (Driver)
              Class.forName("org.postgresql.Driver", true, loader)
                  .getDeclaredConstructor()
                  .newInstance();
      try (Connection connection = driver.connect(args[0], credentials);
          PreparedStatement select =
              connection.prepareStatement(
                  "SELECT count(*) AS " + loading[1] + " FROM pg_class WHERE relname = ?")) {
        select.setString(1, "pg_class");
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          System.out.println(
              "RESULT "
                  + loading[1]
                  + " driver "
                  + driver.getMajorVersion()
                  + "."
                  + driver.getMinorVersion()
                  + " from its own loader "
                  + (driver.getClass().getClassLoader() == loader)
                  + " rows "
                  + rows.getLong(1));
        }
      }
    }
    System.out.println("DONE");
  }

  private static ClassLoader loader(String kind, Path jar) throws IOException {
    URL[] urls = {jar.toUri().toURL()};
    if (kind.equals("isolated")) {
      return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }
    return new ChildFirstClassLoader(urls, IsolatedDriverApp.class.getClassLoader());
  }

  /** Looks in its own jar before asking its parent, as a web application's loader does. */
  private static final class ChildFirstClassLoader extends URLClassLoader {
    ChildFirstClassLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null && !name.startsWith("java.")) {
          try {
            loaded = findClass(name);
          } catch (ClassNotFoundException e) {
            // not in the jar: the parent's
          }
        }
        if (loaded == null) {
          loaded = super.loadClass(name, false);
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }
  }
}
