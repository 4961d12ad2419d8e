package io.querylens.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's own
 * keytool (a fresh machine has a JDK, not necessarily openssl), written as the PEM files servers
 * and clients read: {@link #certificatePem()} (its own trust anchor) and {@link #privateKeyPem()}
 * (PKCS#8, readable by its owner only, as PostgreSQL demands).
 */
public final class SelfSignedCertificate {

  private static final String ALIAS = "server";
  private static final char[] PASSWORD = "changeit".toCharArray();

  private final KeyStore keyStore;
  private final Path certificatePem;
  private final Path privateKeyPem;

  private SelfSignedCertificate(KeyStore keyStore, Path certificatePem, Path privateKeyPem) {
    this.keyStore = keyStore;
    this.certificatePem = certificatePem;
    this.privateKeyPem = privateKeyPem;
  }

  /** Creates the key pair and certificate in {@code directory}. */
  public static SelfSignedCertificate create(Path directory) {
    try {
      Files.createDirectories(directory);
      Path store = directory.resolve("server.p12");
      Files.deleteIfExists(store);
      keytool(
          "-genkeypair",
          "-alias",
          ALIAS,
          "-keyalg",
          "RSA",
          "-keysize",
          "2048",
          "-dname",
          "CN=localhost",
          "-ext",
          "san=dns:localhost,ip:127.0.0.1",
          "-validity",
          "2",
          "-storetype",
          "PKCS12",
          "-keystore",
          store.toString(),
          "-storepass",
          new String(PASSWORD),
          "-keypass",
          new String(PASSWORD));
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keyStore.load(in, PASSWORD);
      }
      Path certificate = directory.resolve("server.crt");
      Files.writeString(
          certificate,
          pem("CERTIFICATE", keyStore.getCertificate(ALIAS).getEncoded()),
          StandardCharsets.US_ASCII);
      Path key = directory.resolve("server.key");
      Files.deleteIfExists(key);
      Files.createFile(
          key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          key,
          pem("PRIVATE KEY", keyStore.getKey(ALIAS, PASSWORD).getEncoded()),
          StandardCharsets.US_ASCII);
      return new SelfSignedCertificate(keyStore, certificate, key);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write a test certificate in " + directory, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not read the test certificate keytool made", e);
    }
  }

  public Path certificatePem() {
    return certificatePem;
  }

  public Path privateKeyPem() {
    return privateKeyPem;
  }

  /** A server-side TLS context presenting this certificate. */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not build a TLS context from the test certificate", e);
    }
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static void keytool(String... args) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
  }
}
