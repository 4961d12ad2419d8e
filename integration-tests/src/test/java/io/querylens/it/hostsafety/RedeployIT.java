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
 * sampler's session, the driver it samples through) may keep any of them alive.
 */
class RedeployIT {

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  private static final int DEPLOYMENTS = 5;

  @Test
  void everyUndeployedApplicationsLoaderIsCollectedWithTheAgentAsWithout() {
    ForkedJvm app =
        ForkedJvm.main(RedeployApp.class.getName())
            .classpath(Path.of(System.getProperty("querylens.app.classes")))
            // pgjdbc's cleaner thread lingers 30 s by default after a connection's close; it
            // would hold the last loader in both runs and say nothing about the agent.
            .systemProperty("pgjdbc.config.cleanup.thread.ttl", "100")
            .args(
                servers.postgres().jdbcUrl(),
                servers.postgres().user(),
                "",
                driverJar().toString(),
                String.valueOf(DEPLOYMENTS),
                "2500")
            .timeout(Duration.ofMinutes(3));
    ForkedJvm.Result without = app.run().requireSuccess();
    ForkedJvm.Result with =
        app.javaagent(ForkedJvm.agentJar())
            .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
            .run()
            .requireSuccess();

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
