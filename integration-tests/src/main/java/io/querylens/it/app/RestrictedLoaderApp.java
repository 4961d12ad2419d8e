package io.querylens.it.app;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Runs H2 from its own jar twice: once in a loader that delegates only {@code java.*} and {@code
 * javax.*} to its parent, as an OSGi bundle without boot delegation does (the framework exports
 * {@code javax.sql} to the bundles importing it; nothing else of the boot class path), and once in
 * an ordinary loader whose parent is the platform loader.
 *
 * <p>Arguments: {@code h2-jar}.
 */
public final class RestrictedLoaderApp {

  private RestrictedLoaderApp() {}

  public static void main(String[] args) throws Exception {
    URL[] h2 = {Path.of(args[0]).toUri().toURL()};
    run("restricted", new JavaOnlyLoader(h2));
    run("ordinary", new URLClassLoader(h2, ClassLoader.getPlatformClassLoader()));
    System.out.println("DONE");
  }

  private static void run(String label, ClassLoader loader) throws Exception {
    Driver driver =
        (Driver)
            Class.forName("org.h2.Driver", true, loader).getDeclaredConstructor().newInstance();
    try (Connection connection =
            driver.connect("jdbc:h2:mem:" + label + ";DB_CLOSE_DELAY=-1", new Properties());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + label + "_items (id INT PRIMARY KEY, name VARCHAR(20))");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO " + label + "_items VALUES (?, ?)")) {
        for (int id = 1; id <= 3; id++) {
          insert.setInt(1, id);
          insert.setString(2, "item-" + id);
          insert.addBatch();
        }
        System.out.println("RESULT " + label + " inserted " + insert.executeBatch().length);
      }
      try (ResultSet rows =
          statement.executeQuery("SELECT count(*), max(name) FROM " + label + "_items")) {
        rows.next();
        System.out.println("RESULT " + label + " rows " + rows.getInt(1) + " " + rows.getString(2));
      }
      try {
        statement.executeQuery("SELECT nothing FROM " + label + "_missing");
      } catch (SQLException expected) {
        System.out.println("RESULT " + label + " error " + expected.getSQLState());
      }
      System.out.println(
          "RESULT "
              + label
              + " driver from its own loader "
              + (driver.getClass().getClassLoader() == loader));
    }
  }

  /** Delegates only the JDK's public packages to its parent; everything else comes from its jar. */
  private static final class JavaOnlyLoader extends URLClassLoader {
    JavaOnlyLoader(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("java.") || name.startsWith("javax.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = findClass(name); // never the parent's: no boot delegation
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    @Override
    public URL getResource(String name) {
      return name.startsWith("java/") || name.startsWith("javax/")
          ? super.getResource(name)
          : findResource(name);
    }
  }
}
