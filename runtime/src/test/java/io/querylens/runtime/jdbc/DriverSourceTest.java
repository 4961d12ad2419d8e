package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriverSourceTest {

  private final DriverSource source = new DriverSource(new OwnConnections());

  @Test
  void anUndeployedDriverIsLetGoAndTheNextLiveOneTakesItsPlace() throws Exception {
    URLClassLoader first = deployment();
    source.offer(driverOf(first), "jdbc:postgresql://db/shop", new Properties());
    assertThat(source.available()).isTrue();

    first.close(); // undeployed: the loader serves no class file any more

    assertThat(source.available()).isFalse();
    try (URLClassLoader second = deployment()) {
      source.offer(driverOf(second), "jdbc:postgresql://db/shop", new Properties());
      assertThat(source.available()).isTrue();
    }
  }

  @Test
  void whileItsDriverIsLiveALaterDriverDoesNotReplaceIt() throws Exception {
    try (URLClassLoader first = deployment();
        URLClassLoader second = deployment()) {
      Driver kept = driverOf(first);
      source.offer(kept, "jdbc:postgresql://db/shop", new Properties());
      source.offer(driverOf(second), "jdbc:postgresql://db/other", new Properties());

      second.close();

      assertThat(source.available()).as("the first driver is the one kept").isTrue();
    }
  }

  @Test
  void withoutADriverThereIsNothingToOpen() {
    assertThat(source.available()).isFalse();
    assertThatThrownBy(source::open).isInstanceOf(SQLException.class);
  }

  @Test
  void whereTheAgentsOwnDriverCanStandInTheSamplerConnectsWithIt() throws Exception {
    relocated.org.postgresql.Driver agents = new relocated.org.postgresql.Driver();
    DriverSource standingIn = new DriverSource(new OwnConnections(), anyDriver(agents));
    PhysicalDriver.register();
    int applicationConnections = PhysicalDriver.opened.size();
    standingIn.offer(new PhysicalDriver(), PhysicalDriver.PREFIX + "mem:own", new Properties());

    try (Connection connection = standingIn.open()) {
      assertThat(agents.connectedTo).containsExactly(PhysicalDriver.PREFIX + "mem:own");
      assertThat(PhysicalDriver.opened).hasSize(applicationConnections);
      assertThat(standingIn.retired(connection)).isFalse();
    }
  }

  @Test
  void whenOnlyTheApplicationsDriverCanConnectItIsUsedFromThenOn() throws Exception {
    relocated.org.postgresql.Driver agents = new relocated.org.postgresql.Driver();
    agents.refuses = true;
    DriverSource standingIn = new DriverSource(new OwnConnections(), anyDriver(agents));
    PhysicalDriver.register();
    int applicationConnections = PhysicalDriver.opened.size();
    standingIn.offer(new PhysicalDriver(), PhysicalDriver.PREFIX + "mem:refused", new Properties());

    standingIn.open().close();
    agents.refuses = false;
    standingIn.open().close();

    assertThat(PhysicalDriver.opened).hasSize(applicationConnections + 2);
    assertThat(agents.connectedTo).isEmpty();
  }

  /** The agent's driver, allowed to stand in for any driver of the application's. */
  private static OwnDriver anyDriver(java.sql.Driver agents) {
    return new OwnDriver(() -> agents, (own, application) -> true);
  }

  /** pgjdbc's jar in a loader of its own, as a web application's. */
  private static URLClassLoader deployment() throws Exception {
    URL jar = org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
  }

  private static Driver driverOf(ClassLoader loader) throws Exception {
    return (Driver)
        Class.forName("org.postgresql.Driver", true, loader).getDeclaredConstructor().newInstance();
  }
}
