package io.querylens.it.hostsafety;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.RedeployApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.PostgresAndReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A servlet container deploys an application five times, each in its own class loader with the
 * PostgreSQL driver, deregistering the driver and closing the loader at undeploy. Without the agent
 * the JVM collects all five loaders; with it, nothing of the agent's (its sampler thread, the
 * sampler's session, the driver it samples through) may keep any of them alive, whether the sampler
 * connects with the agent's own pgjdbc or, where a setting names an application class, with the
 * deployment's driver.
 */
class RedeployIT {

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  private static final int DEPLOYMENTS = 5;

  @Test
  void samplingThroughTheAgentsOwnDriverKeepsNoUndeployedLoaderAlive() {
    String url = servers.postgres().jdbcUrl();
    ForkedJvm.Result without = redeploying(url).run().requireSuccess();
    ForkedJvm.Result with = withTheAgent(redeploying(url)).run().requireSuccess();

    assertThat(without.stdout()).contains("RESULT collected 5 of 5 loaders");
    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    assertThat(agentLines(with.stderr()))
        .as("the sampler sampled")
        .anyMatch(line -> line.contains("this instance samples the database now"));
    assertThat(with.stderr()).doesNotContain("NoClassDefFoundError");
  }

  @Test
  void samplingThroughADeploymentsDriverLetsEachUndeployedDriverGo() {
    // A setting naming a class of the application's keeps the sampler on the application's
    // driver; the server trusts every role, so pgjdbc never loads the plugin it names.
    String url = servers.postgres().jdbcUrl();
    url +=
        (url.contains("?") ? "&" : "?")
            + "authenticationPluginClassName=com.example.shop.VaultPasswords";
    ForkedJvm.Result without = redeploying(url).run().requireSuccess();
    ForkedJvm.Result with = withTheAgent(redeploying(url)).run().requireSuccess();

    assertThat(without.stdout()).contains("RESULT collected 5 of 5 loaders");
    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    List<String> agentLines = agentLines(with.stderr());
    assertThat(agentLines)
        .as("the sampler sampled through a deployment's driver")
        .anyMatch(line -> line.contains("this instance samples the database now"));
    assertThat(agentLines)
        .as("and noticed each undeployed driver")
        .anyMatch(line -> line.contains("was undeployed"));
    assertThat(with.stderr()).doesNotContain("NoClassDefFoundError");
  }

  private static ForkedJvm redeploying(String url) {
    return ForkedJvm.main(RedeployApp.class.getName())
        .classpath(Path.of(System.getProperty("querylens.app.classes")))
        // pgjdbc's cleaner thread lingers 30 s by default after a connection's close; it
        // would hold the last loader in both runs and say nothing about the agent.
        .systemProperty("pgjdbc.config.cleanup.thread.ttl", "100")
        .args(
            url,
            servers.postgres().user(),
            "",
            driverJar().toString(),
            String.valueOf(DEPLOYMENTS),
            "2500")
        .timeout(Duration.ofMinutes(3));
  }

  private static ForkedJvm withTheAgent(ForkedJvm app) {
    return app.javaagent(ForkedJvm.agentJar())
        .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
        .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s");
  }

  private static List<String> resultLines(String stdout) {
    return stdout.lines().filter(line -> line.startsWith("RESULT") || line.equals("DONE")).toList();
  }

  private static List<String> agentLines(String stderr) {
    return stderr.lines().filter(line -> line.startsWith("[querylens]")).toList();
  }

  private static Path driverJar() {
    return Path.of(System.getProperty("querylens.app.drivers"), "postgresql-current.jar");
  }
}
