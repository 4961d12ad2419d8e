package io.querylens.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Loads the agent's own classes and its relocated dependencies from the agent jar's hidden {@code
 * querylens/**.classdata} entries. No application class loader can see those entries, so the
 * application never sees our OpenTelemetry, ASM or pgjdbc, whatever versions it bundles.
 *
 * <p>The parent is the platform loader: the agent needs {@code java.sql} and {@code java.net.http},
 * and reaches the bootstrap bridge through it, but nothing of the application.
 */
final class AgentClassLoader extends ClassLoader {

  static final String PREFIX = "querylens/";

  static {
    registerAsParallelCapable();
  }

  private final JarFile jar;
  private final URL jarUrl;
  private final ProtectionDomain protectionDomain;

  AgentClassLoader(JarFile jar, URL jarUrl) {
    super("querylens", ClassLoader.getPlatformClassLoader());
    this.jar = jar;
    this.jarUrl = jarUrl;
    this.protectionDomain =
        new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    ZipEntry entry = jar.getEntry(PREFIX + name.replace('.', '/') + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    definePackageOf(name);
    return defineClass(name, bytes, 0, bytes.length, protectionDomain);
  }

  private void definePackageOf(String className) {
    int dot = className.lastIndexOf('.');
    if (dot <= 0) {
      return;
    }
    String packageName = className.substring(0, dot);
    if (getDefinedPackage(packageName) == null) {
      try {
        definePackage(packageName, null, null, null, null, null, null, null);
      } catch (IllegalArgumentException raced) {
        // Another thread defined it first: fine.
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    String hidden = hiddenName(name);
    if (jar.getEntry(hidden) == null) {
      return null;
    }
    try {
      return new URL("jar:" + jarUrl.toExternalForm() + "!/" + hidden);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null
        ? Collections.emptyEnumeration()
        : Collections.enumeration(java.util.List.of(url));
  }

  /**
   * Class files are stored as {@code .classdata}; code that reads classes as resources (the
   * rewriter's warm-up, a super type looked up in this loader) asks for {@code X.class}, which is
   * answered with {@code X.classdata}.
   */
  private static String hiddenName(String name) {
    if (name.endsWith(".class")) {
      return PREFIX + name.substring(0, name.length() - ".class".length()) + ".classdata";
    }
    return PREFIX + name;
  }
}
