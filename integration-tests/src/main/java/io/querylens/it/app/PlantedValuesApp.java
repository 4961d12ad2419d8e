package io.querylens.it.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plants personal values everywhere SQL can carry them: string literals, numbers, dollar quotes,
 * comments, JSON literals, bind values, a DDL comment, and an error message that quotes a value.
 * Prints only counts and SQLStates, so that any planted value found in its output came from the
 * agent. Then holds (prints {@code HOLD}) until the file {@code go} exists in the hold directory,
 * so the sampler can read pg_stat_statements meanwhile.
 *
 * <p>Arguments: {@code url user password holdDirectory}.
 */
public final class PlantedValuesApp {

  public static final String EMAIL = "planted.person@example.org";
  public static final String BOUND_EMAIL = "bound.person@example.org";
  public static final String CARD = "4111111111111111";
  public static final String PASSWORD = "Hunter2-Planted-Pw";

  private PlantedValuesApp() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS people");
      statement.execute(
          "CREATE TABLE people (id serial PRIMARY KEY, email text UNIQUE, card bigint,"
              + " secret text, profile jsonb)");
      statement.execute("COMMENT ON TABLE people IS 'ask " + EMAIL + " for access'");
      print(
          "literals",
          statement.executeUpdate(
              "/* password="
                  + PASSWORD
                  + " */ INSERT INTO people (email, card, secret, profile)"
                  + " VALUES ('"
                  + EMAIL
                  + "', "
                  + CARD
                  + ", $$"
                  + PASSWORD
                  + "$$,"
                  + " '{\"email\":\""
                  + EMAIL
                  + "\",\"card\":\""
                  + CARD
                  + "\"}'::jsonb)"
                  + " -- card "
                  + CARD));
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO people (email, card, secret, profile) VALUES (?, ?, ?, ?::jsonb)")) {
        insert.setString(1, BOUND_EMAIL);
        insert.setLong(2, Long.parseLong(CARD));
        insert.setString(3, PASSWORD);
        insert.setString(4, "{\"email\":\"" + BOUND_EMAIL + "\"}");
        print("bind-values", insert.executeUpdate());
        insert.setString(1, EMAIL); // already there: the error message quotes it
        try {
          insert.executeUpdate();
          print("duplicate", "none");
        } catch (SQLException e) {
          print("duplicate", e.getSQLState());
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT count(*) FROM people WHERE secret = $tag$"
                  + PASSWORD
                  + "$tag$"
                  + " OR profile @> '{\"email\":\""
                  + EMAIL
                  + "\"}' OR card = "
                  + CARD)) {
        rows.next();
        print("select", rows.getLong(1));
      }
      print(
          "update",
          statement.executeUpdate(
              "UPDATE people SET secret = E'" + PASSWORD + "' WHERE email = U&'" + EMAIL + "'"));
    }
    System.out.println("HOLD");
    System.out.flush();
    Path go = Path.of(args[3]).resolve("go");
    while (!Files.exists(go)) {
      Thread.sleep(20);
    }
    System.out.println("DONE");
  }

  private static void print(String step, Object result) {
    System.out.println("RESULT " + step + " " + result);
  }
}
