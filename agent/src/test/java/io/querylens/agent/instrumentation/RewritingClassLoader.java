package io.querylens.agent.instrumentation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Loads the classes of some packages itself, each passed through a {@link JdbcClassRewriter} as the
 * JVM would pass it, and defines the result: the JVM's verifier then checks every rewritten class.
 * Without a rewriter it defines the same classes unchanged: the baseline to compare with.
 */
final class RewritingClassLoader extends ClassLoader {

  private final JdbcClassRewriter rewriter;
  private final String[] ownPackages;
  final List<String> rewritten = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param rewriter null to define the classes as they are
   */
  RewritingClassLoader(JdbcClassRewriter rewriter, String... ownPackages) {
    super(RewritingClassLoader.class.getClassLoader());
    this.rewriter = rewriter;
    this.ownPackages = ownPackages;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!isOwn(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = define(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private boolean isOwn(String name) {
    for (String prefix : ownPackages) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private Class<?> define(String name) throws ClassNotFoundException {
    String internalName = name.replace('.', '/');
    byte[] original;
    try (InputStream in = getParent().getResourceAsStream(internalName + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      original = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    byte[] result =
        rewriter == null
            ? null
            : rewriter.transform(null, this, internalName, null, null, original);
    if (result != null) {
      rewritten.add(name);
    }
    byte[] defined = result != null ? result : original;
    return defineClass(name, defined, 0, defined.length);
  }
}
