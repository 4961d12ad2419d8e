package relocated.org.postgresql;

import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * Stands for the agent's relocated pgjdbc, as the agent jar names it: connects to H2 and keeps the
 * URLs it was asked for, or refuses every connection when told to.
 */
public final class Driver implements java.sql.Driver {

  public final List<String> connectedTo = new CopyOnWriteArrayList<>();
  public volatile boolean refuses;

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (refuses) {
      throw new SQLException("authentication method 42 not supported");
    }
    connectedTo.add(url);
    return new org.h2.Driver().connect("jdbc:h2:mem:relocated", info);
  }

  @Override
  public boolean acceptsURL(String url) {
    return true;
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 42;
  }

  @Override
  public int getMinorVersion() {
    return 7;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() {
    return Logger.getGlobal();
  }
}
