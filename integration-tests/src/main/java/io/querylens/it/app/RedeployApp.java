package io.querylens.it.app;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Deploys a web-application-like unit several times, as a servlet container does: each deployment
 * gets a class loader of its own holding the PostgreSQL driver jar, runs statements on a thread
 * whose context class loader and inheritable thread-locals are the deployment's (as a request
 * thread's are), and at undeploy deregisters its driver ({@code
 * org.postgresql.Driver.deregister()}, which runs inside the deployment, as Tomcat's leak
 * prevention does), closes its loader and drops it. Then reports how many of the loaders the JVM
 * collected within a few seconds.
 *
 * <p>Arguments: {@code url user password driver-jar deployments running-millis}.
 */
public final class RedeployApp {

  /** What a framework leaves in an inheritable thread-local: here, the deployment's loader. */
  private static final InheritableThreadLocal<Object> REQUEST_CONTEXT =
      new InheritableThreadLocal<>();

  private RedeployApp() {}

  public static void main(String[] args) throws Exception {
    URL[] jar = {Path.of(args[3]).toUri().toURL()};
    int deployments = Integer.parseInt(args[4]);
    long runningMillis = Long.parseLong(args[5]);
    List<WeakReference<ClassLoader>> undeployed = new ArrayList<>();
    for (int i = 1; i <= deployments; i++) {
      undeployed.add(deployAndUndeploy(i, jar, args[0], args[1], args[2], runningMillis));
    }
    int collected = 0;
    for (int attempt = 0; attempt < 100 && collected < deployments; attempt++) {
      System.gc();
      Thread.sleep(100);
      collected = 0;
      for (WeakReference<ClassLoader> loader : undeployed) {
        if (loader.get() == null) {
          collected++;
        }
      }
    }
    System.out.println("RESULT collected " + collected + " of " + deployments + " loaders");
    System.out.println("DONE");
  }

  private static WeakReference<ClassLoader> deployAndUndeploy(
      int deployment, URL[] jar, String url, String user, String password, long runningMillis)
      throws Exception {
    URLClassLoader loader = new URLClassLoader(jar, ClassLoader.getPlatformClassLoader());
    Thread request = Thread.currentThread();
    ClassLoader containers = request.getContextClassLoader();
    request.setContextClassLoader(loader);
    REQUEST_CONTEXT.set(loader);
    try {
      Class<?> driverClass = Class.forName("org.postgresql.Driver", true, loader);
      Driver driver = (Driver) driverClass.getDeclaredConstructor().newInstance();
      Properties credentials = new Properties();
      credentials.setProperty("user", user);
      credentials.setProperty("password", password);
      try (Connection connection = driver.connect(url, credentials);
          PreparedStatement select =
              connection.prepareStatement("SELECT ? AS deployment, count(*) FROM pg_class")) {
        select.setInt(1, deployment);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          System.out.println(
              "RESULT deployment " + rows.getInt(1) + " saw pg_class " + (rows.getLong(2) > 0));
        }
      }
      // Deployed for a while: long enough for the agent's sampler to sample through its driver.
      Thread.sleep(runningMillis);
      driverClass.getMethod("deregister").invoke(null);
    } finally {
      REQUEST_CONTEXT.remove();
      request.setContextClassLoader(containers);
    }
    loader.close();
    return new WeakReference<>(loader);
  }
}
