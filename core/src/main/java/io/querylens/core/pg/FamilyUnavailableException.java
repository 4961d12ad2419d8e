package io.querylens.core.pg;

import java.sql.SQLException;

/** A family cannot be read on this server at all, for a reason its message tells the user. */
final class FamilyUnavailableException extends SQLException {

  private static final long serialVersionUID = 1L;

  FamilyUnavailableException(String reason) {
    super(reason);
  }
}
