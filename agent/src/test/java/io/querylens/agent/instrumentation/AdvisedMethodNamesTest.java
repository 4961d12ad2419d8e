package io.querylens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

class AdvisedMethodNamesTest {

  private static final int EVERY_ROLE =
      JdbcRoles.STATEMENT
          | JdbcRoles.PREPARED_STATEMENT
          | JdbcRoles.CONNECTION
          | JdbcRoles.DRIVER
          | JdbcRoles.RESULT_SET;

  @Test
  void everyJdbcMethodSomeAdviceIsGivenToIsNamed() {
    Set<String> named = JdbcMethods.advisedNames(true);
    for (Class<?> type :
        List.of(
            Statement.class,
            PreparedStatement.class,
            CallableStatement.class,
            Connection.class,
            Driver.class,
            ResultSet.class)) {
      for (Method method : type.getMethods()) {
        String descriptor = Type.getMethodDescriptor(method);
        boolean advised =
            JdbcMethods.adviceFor(
                        EVERY_ROLE,
                        Opcodes.ACC_PUBLIC,
                        method.getName(),
                        descriptor,
                        true,
                        anyType -> true)
                    != null
                || JdbcMethods.resultSetAdviceFor(Opcodes.ACC_PUBLIC, method.getName(), descriptor)
                    != null
                || JdbcMethods.pendingResultsAdviceFor(
                        Opcodes.ACC_PUBLIC, method.getName(), descriptor)
                    != null;
        if (advised) {
          assertThat(named)
              .as(type.getSimpleName() + "." + method.getName())
              .contains(method.getName());
        }
      }
    }
  }

  @Test
  void theSettersAreNamedOnlyWhenBindValuesAreCaptured() {
    assertThat(JdbcMethods.advisedNames(true)).contains("setInt", "setNull", "clearParameters");
    assertThat(JdbcMethods.advisedNames(false)).doesNotContain("setInt", "setNull");
  }

  @Test
  void namesAreMatchedInPlaceInABiggerArray() {
    AdvisedMethodNames names = new AdvisedMethodNames(Set.of("execute", "next", "close"));
    byte[] bytes = "xxexecutenextclosedcloses".getBytes(StandardCharsets.US_ASCII);

    assertThat(names.contains(bytes, 2, 7)).isTrue();
    assertThat(names.contains(bytes, 9, 4)).isTrue();
    assertThat(names.contains(bytes, 13, 5)).isTrue();
    assertThat(names.contains(bytes, 13, 6)).as("closed").isFalse();
    assertThat(names.contains(bytes, 0, 7)).as("xxexecu").isFalse();
    assertThat(names.contains(bytes, 0, 25)).as("longer than any name").isFalse();
  }
}
