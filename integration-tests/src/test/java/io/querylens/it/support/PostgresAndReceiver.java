package io.querylens.it.support;

import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What most agent specifications stand on: an embedded PostgreSQL and an OTLP receiver, started
 * once for the class and closed after it, the receiver forgetting what arrived before each test.
 *
 * <pre>
 * {@literal @}RegisterExtension
 * static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);
 * </pre>
 */
public final class PostgresAndReceiver
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  private final int major;
  private final Map<String, String> serverConfig;
  private final Supplier<OtlpReceiver> receiverStarter;
  private EmbeddedPostgresServer postgres;
  private OtlpReceiver receiver;

  private PostgresAndReceiver(
      int major, Map<String, String> serverConfig, Supplier<OtlpReceiver> receiverStarter) {
    this.major = major;
    this.serverConfig = serverConfig;
    this.receiverStarter = receiverStarter;
  }

  /** PostgreSQL {@code major} with pg_stat_statements preloaded, and a plain OTLP receiver. */
  public static PostgresAndReceiver postgres(int major) {
    return new PostgresAndReceiver(major, Map.of(), OtlpReceiver::start);
  }

  /** The same, with {@code config} added to the server's settings. */
  public PostgresAndReceiver withServerConfig(Map<String, String> config) {
    return new PostgresAndReceiver(major, config, receiverStarter);
  }

  /** The same, with the receiver {@code starter} starts (say, one serving TLS). */
  public PostgresAndReceiver withReceiver(Supplier<OtlpReceiver> starter) {
    return new PostgresAndReceiver(major, serverConfig, starter);
  }

  public EmbeddedPostgresServer postgres() {
    return postgres;
  }

  public OtlpReceiver receiver() {
    return receiver;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    postgres = EmbeddedPostgresServer.start(major, serverConfig);
    receiver = receiverStarter.get();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    receiver.reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (receiver != null) {
      receiver.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }
}
