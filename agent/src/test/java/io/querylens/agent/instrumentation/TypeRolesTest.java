package io.querylens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TypeRolesTest {

  private final TypeRoles roles = new TypeRoles();
  private final ClassLoader loader = TypeRolesTest.class.getClassLoader();

  @Test
  void theJavaSqlInterfacesAreWhatTheySayAndNoOtherJdkTypeIsAny() {
    assertThat(roles.of(loader, "java/sql/CallableStatement"))
        .isEqualTo(JdbcRoles.STATEMENT | JdbcRoles.PREPARED_STATEMENT);
    assertThat(roles.of(loader, "java/sql/Connection")).isEqualTo(JdbcRoles.CONNECTION);
    assertThat(roles.of(loader, "java/sql/Driver")).isEqualTo(JdbcRoles.DRIVER);
    assertThat(roles.of(loader, "java/sql/ResultSet")).isEqualTo(JdbcRoles.RESULT_SET);
    assertThat(roles.of(loader, "java/sql/ResultSetMetaData")).isEqualTo(JdbcRoles.NONE);
    assertThat(roles.of(loader, "java/io/Serializable")).isEqualTo(JdbcRoles.SERIALIZABLE);
    assertThat(roles.of(loader, "java/util/ArrayList")).isEqualTo(JdbcRoles.NONE);
  }

  @Test
  void aTypeOutsideTheJdkIsKnownByItsSuperTypesReadFromItsClassLoader() {
    assertThat(roles.of(loader, "example/driver/OwnPreparedStatement"))
        .isEqualTo(JdbcRoles.STATEMENT | JdbcRoles.PREPARED_STATEMENT);
    assertThat(roles.of(loader, "example/driver/TrickyStatement")).isEqualTo(JdbcRoles.STATEMENT);
    assertThat(roles.of(loader, "org/h2/jdbc/JdbcConnection")).isEqualTo(JdbcRoles.CONNECTION);
  }

  @Test
  void theClassBeingDefinedIsKnownByTheSuperTypesItDeclares() {
    int defined =
        roles.ofDefined(
            loader,
            "example/driver/NotYetLoaded",
            "example/driver/StatementStub",
            new String[] {"java/sql/Driver"});

    assertThat(defined).isEqualTo(JdbcRoles.STATEMENT | JdbcRoles.DRIVER);
    assertThat(roles.of(loader, "example/driver/NotYetLoaded")).isEqualTo(defined);
  }

  @Test
  void aSuperTypeWhoseClassFileCannotBeFoundMakesNoRole() {
    assertThat(roles.of(loader, "example/driver/Missing")).isEqualTo(JdbcRoles.NONE);
    assertThat(
            roles.ofDefined(
                loader, "example/driver/Orphan", "example/driver/Missing", new String[0]))
        .isEqualTo(JdbcRoles.NONE);
  }

  @Test
  void eachSuperTypeIsReadOncePerClassLoaderEvenWhenClassLoadersTakeTurns() {
    ClassLoader another = ClassLoader.getPlatformClassLoader();
    roles.of(loader, "example/driver/OwnPreparedStatement");
    long readForTheFirst = roles.classFilesRead();

    for (int turn = 0; turn < 3; turn++) {
      roles.of(another, "example/driver/OwnPreparedStatement");
      roles.of(loader, "example/driver/OwnPreparedStatement");
      roles.ofDefined(
          loader,
          "example/driver/Subclass" + turn,
          "example/driver/OwnPreparedStatement",
          new String[0]);
    }

    assertThat(readForTheFirst).isPositive();
    assertThat(roles.classFilesRead())
        .as("only the other loader's one (missing) class file was read since")
        .isEqualTo(readForTheFirst + 1);
  }
}
