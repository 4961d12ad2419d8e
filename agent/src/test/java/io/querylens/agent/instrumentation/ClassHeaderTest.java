package io.querylens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.sql.Statement;
import java.util.AbstractList;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClassHeaderTest {

  private static final AdvisedMethodNames ADVISED =
      new AdvisedMethodNames(JdbcMethods.advisedNames(true));

  @Test
  void aClassWhoseSuperTypesAreJdkTypesOutsideJavaSqlIsNoJdbcImplementation() throws Exception {
    assertThat(mayNeedRewriting(classFile(PlainValue.class))).isFalse();
    assertThat(mayNeedRewriting(classFile(JdkList.class))).isFalse();
    assertThat(mayNeedRewriting(classFile(ConstantsOfEveryKind.class))).isFalse();
  }

  @Test
  void aClassImplementingAJavaSqlInterfaceNeedsRewritingWhereItDeclaresAnAdvisedMethod()
      throws Exception {
    assertThat(mayNeedRewriting(classFile(ExecutingStatement.class))).isTrue();
    assertThat(mayNeedRewriting(classFile(DriverStatement.class)))
        .as("declares nothing, and Object gives it nothing to inherit")
        .isFalse();
  }

  @Test
  void aClassInheritingFromOutsideTheJdkMayNeedRewritingWhenItDeclaresAnAdvisedMethod()
      throws Exception {
    assertThat(mayNeedRewriting(classFile(SubclassExecuting.class))).isTrue();
    assertThat(mayNeedRewriting(classFile(ThroughOwnInterfaceClosing.class))).isTrue();
  }

  @Test
  void aClassDeclaringNoAdvisedMethodHasNothingToRewriteUnlessItCouldInheritOne() throws Exception {
    assertThat(mayNeedRewriting(classFile(Subclass.class)))
        .as("its role comes from its super class, which is rewritten where it declares methods")
        .isFalse();
    assertThat(mayNeedRewriting(classFile(ThroughOwnInterface.class)))
        .as("its role comes from an interface, but its super class is Object")
        .isFalse();
    assertThat(ClassHeader.verdict(classFile(InheritingThroughOwnInterface.class), ADVISED))
        .as("an interface may give it a role its super class lacks, whose methods it inherits")
        .isEqualTo(ClassHeader.ONLY_THROUGH_INTERFACES);
  }

  @Test
  void anInterfaceIsNeverRewrittenSoItIsNoImplementation() throws Exception {
    assertThat(mayNeedRewriting(classFile(OwnStatement.class))).isFalse();
  }

  @Test
  void aClassFileItCannotReadMayBeOne() throws Exception {
    byte[] whole = classFile(PlainValue.class);
    assertThat(mayNeedRewriting(new byte[] {1, 2, 3})).isTrue();
    assertThat(mayNeedRewriting(Arrays.copyOf(whole, whole.length / 2))).isTrue();
    for (int cut = 0; cut < whole.length; cut += 7) {
      mayNeedRewriting(Arrays.copyOf(whole, cut)); // never throws
    }
  }

  private static boolean mayNeedRewriting(byte[] classFile) {
    return ClassHeader.mayNeedRewriting(classFile, ADVISED);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    String resource = type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  static final class PlainValue implements Serializable, Comparable<PlainValue> {
    private static final long serialVersionUID = 1L;

    @Override
    public int compareTo(PlainValue other) {
      return 0;
    }
  }

  abstract static class JdkList extends AbstractList<String> {}

  /** Long, double, string, method handle and invokedynamic constants before its header. */
  static final class ConstantsOfEveryKind {
    static final long BIG = 1L << 40;
    static final double HALF = 0.5;

    Runnable task() {
      return () -> System.out.println("constants " + BIG + HALF);
    }
  }

  abstract static class DriverStatement implements Statement {}

  abstract static class ExecutingStatement implements Statement {
    @Override
    public int executeUpdate(String sql) {
      return sql.length();
    }
  }

  abstract static class Subclass extends DriverStatement {}

  interface OwnStatement extends Statement {}

  abstract static class ThroughOwnInterface implements OwnStatement {}

  abstract static class SubclassExecuting extends DriverStatement {
    private int counter;

    @Override
    public boolean execute(String sql) {
      return ++counter > 0;
    }
  }

  abstract static class ThroughOwnInterfaceClosing implements OwnStatement {
    @Override
    public void close() {}
  }

  /** Like sqlite-jdbc's statements: the methods from a plain class, the role from an interface. */
  static class PlainExecutor {
    public boolean execute(String sql) {
      return sql.isEmpty();
    }
  }

  abstract static class InheritingThroughOwnInterface extends PlainExecutor
      implements OwnStatement {}
}
