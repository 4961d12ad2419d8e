package io.querylens.runtime.jdbc;

import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * pgjdbc's settings whose values name a class (a socket or SSL factory, a hostname verifier, a
 * password callback, an authentication plugin), as the agent's relocated copy of pgjdbc must see
 * them. A class of pgjdbc's own, such as {@code org.postgresql.ssl.NonValidatingFactory} (common in
 * development), is renamed into the copy's package; a class of the application's the copy cannot
 * load, so such a setting keeps the application's driver.
 */
final class ClassSettings {

  /**
   * The settings, lower case: pgjdbc's spelling varies ({@code socketFactory}, {@code sslfactory}).
   */
  private static final List<String> NAMES =
      List.of(
          "socketfactory",
          "sslfactory",
          "sslhostnameverifier",
          "sslpasswordcallback",
          "authenticationpluginclassname");

  /**
   * pgjdbc's package, joined at run time: the agent jar's relocation rewrites string constants that
   * name relocated packages, and this one must keep the application's name.
   */
  private static final String PGJDBC_PACKAGE = String.join(".", "org", "postgresql", "");

  private ClassSettings() {}

  /** Whether the URL's parameters or the properties name a class outside pgjdbc. */
  static boolean nameAnApplicationClass(String url, Properties properties) {
    for (String parameter : parameters(url)) {
      int equals = parameter.indexOf('=');
      if (equals > 0
          && isClassSetting(parameter.substring(0, equals))
          && !parameter.startsWith(PGJDBC_PACKAGE, equals + 1)) {
        return true;
      }
    }
    for (String name : properties.stringPropertyNames()) {
      if (isClassSetting(name) && !properties.getProperty(name).startsWith(PGJDBC_PACKAGE)) {
        return true;
      }
    }
    return false;
  }

  /** {@code url} with pgjdbc's classes in its class settings renamed under {@code prefix}. */
  static String relocated(String url, String prefix) {
    int query = url.indexOf('?');
    if (query < 0 || prefix.isEmpty()) {
      return url;
    }
    StringBuilder relocated = new StringBuilder(url.length() + 32).append(url, 0, query + 1);
    String separator = "";
    for (String parameter : parameters(url)) {
      relocated.append(separator);
      separator = "&";
      int equals = parameter.indexOf('=');
      if (equals > 0
          && isClassSetting(parameter.substring(0, equals))
          && parameter.startsWith(PGJDBC_PACKAGE, equals + 1)) {
        relocated
            .append(parameter, 0, equals + 1)
            .append(prefix)
            .append(parameter, equals + 1, parameter.length());
      } else {
        relocated.append(parameter);
      }
    }
    return relocated.toString();
  }

  /**
   * A copy of {@code properties} with pgjdbc's classes in its class settings renamed under {@code
   * prefix}.
   */
  static Properties relocated(Properties properties, String prefix) {
    Properties relocated = DriverSource.copy(properties);
    for (String name : relocated.stringPropertyNames()) {
      if (isClassSetting(name) && relocated.getProperty(name).startsWith(PGJDBC_PACKAGE)) {
        relocated.setProperty(name, prefix + relocated.getProperty(name));
      }
    }
    return relocated;
  }

  private static boolean isClassSetting(String name) {
    return NAMES.contains(name.toLowerCase(Locale.ROOT));
  }

  private static String[] parameters(String url) {
    int query = url.indexOf('?');
    return query < 0 ? new String[0] : url.substring(query + 1).split("&");
  }
}
