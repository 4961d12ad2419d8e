package io.querylens.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

class SuperTypeCacheTest {

  private final SuperTypeCache cache = new SuperTypeCache();

  @Test
  void aJdkTypeParsedForOneClassLoaderIsKnownToEveryOther() {
    ClassLoader one = new URLClassLoader(new URL[0]);
    ClassLoader other = new URLClassLoader(new URL[0]);

    parse(one, "java.sql.PreparedStatement");

    assertThat(cache.locate(other).find("java.sql.PreparedStatement")).isNotNull();
  }

  @Test
  void aClassLoadersOwnTypesAreSharedBetweenItsConsecutiveMatchesOnly() {
    ClassLoader loader = getClass().getClassLoader();
    ClassLoader other = new URLClassLoader(new URL[0], loader);
    String name = SuperTypeCacheTest.class.getName();

    parse(loader, name);

    assertThat(cache.locate(loader).find(name)).isNotNull();
    assertThat(cache.locate(other).find(name)).isNull();
    assertThat(cache.locate(loader).find(name))
        .as("another class loader came in between: its cache started anew")
        .isNull();
  }

  @Test
  void aTypeThatCannotBeFoundIsNotRemembered() {
    ClassLoader loader = getClass().getClassLoader();

    assertThat(
            cache
                .typePool(ClassFileLocator.ForClassLoader.of(loader), loader)
                .describe("com.example.Missing")
                .isResolved())
        .isFalse();
    assertThat(cache.locate(loader).find("com.example.Missing")).isNull();
  }

  /** What matching a class does: describes it and reads its super types. */
  private void parse(ClassLoader loader, String name) {
    cache
        .typePool(ClassFileLocator.ForClassLoader.of(loader), loader)
        .describe(name)
        .resolve()
        .getInterfaces()
        .asErasures()
        .forEach(type -> type.getName());
  }
}
