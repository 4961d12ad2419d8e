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

  @Test
  void aClassWhoseSuperTypesAreJdkTypesOutsideJavaSqlIsNoJdbcImplementation() throws Exception {
    assertThat(ClassHeader.mayBeJdbc(classFile(PlainValue.class))).isFalse();
    assertThat(ClassHeader.mayBeJdbc(classFile(JdkList.class))).isFalse();
    assertThat(ClassHeader.mayBeJdbc(classFile(ConstantsOfEveryKind.class))).isFalse();
  }

  @Test
  void aClassImplementingAJavaSqlInterfaceMayBeOne() throws Exception {
    assertThat(ClassHeader.mayBeJdbc(classFile(DriverStatement.class))).isTrue();
  }

  @Test
  void aClassWithASuperClassOrInterfaceOutsideTheJdkMayBeOne() throws Exception {
    assertThat(ClassHeader.mayBeJdbc(classFile(Subclass.class))).isTrue();
    assertThat(ClassHeader.mayBeJdbc(classFile(ThroughOwnInterface.class))).isTrue();
  }

  @Test
  void anInterfaceIsNeverRewrittenSoItIsNoImplementation() throws Exception {
    assertThat(ClassHeader.mayBeJdbc(classFile(OwnStatement.class))).isFalse();
  }

  @Test
  void aClassFileItCannotReadMayBeOne() throws Exception {
    byte[] whole = classFile(PlainValue.class);
    assertThat(ClassHeader.mayBeJdbc(new byte[] {1, 2, 3})).isTrue();
    assertThat(ClassHeader.mayBeJdbc(Arrays.copyOf(whole, whole.length / 2))).isTrue();
    for (int cut = 0; cut < whole.length; cut += 7) {
      ClassHeader.mayBeJdbc(Arrays.copyOf(whole, cut)); // never throws
    }
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

  abstract static class Subclass extends DriverStatement {}

  interface OwnStatement extends Statement {}

  abstract static class ThroughOwnInterface implements OwnStatement {}
}
