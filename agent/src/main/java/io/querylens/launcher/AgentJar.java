package io.querylens.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.jar.JarFile;

/** The agent jar this launcher was loaded from, and the isolated class loader over it. */
final class AgentJar {

  private final Path path;
  private final JarFile jarFile;

  private AgentJar(Path path, JarFile jarFile) {
    this.path = path;
    this.jarFile = jarFile;
  }

  static AgentJar locate() throws IOException {
    CodeSource source = AgentJar.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      throw new IOException("cannot tell which jar QueryLens was loaded from");
    }
    try {
      Path path = Path.of(source.getLocation().toURI());
      return new AgentJar(path, new JarFile(path.toFile(), false));
    } catch (URISyntaxException e) {
      throw new IOException("cannot read the QueryLens jar location " + source.getLocation(), e);
    }
  }

  JarFile jarFile() {
    return jarFile;
  }

  Path path() {
    return path;
  }

  ClassLoader newAgentClassLoader() throws IOException {
    URL url = path.toUri().toURL();
    return new AgentClassLoader(jarFile, url);
  }
}
