package example.driver;

import java.sql.PreparedStatement;

/** A driver's own interface between its classes and JDBC's, as many drivers have. */
public interface OwnPreparedStatement extends PreparedStatement {}
