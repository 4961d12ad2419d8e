package io.querylens.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

  /** Equal by value, as some drivers' objects are: the map must still tell them apart. */
  private record Handle(String name) {}

  @Test
  void keysAreComparedByIdentityNotEquals() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Handle first = new Handle("same");
    Handle second = new Handle("same");

    map.put(first, "one");
    map.put(second, "two");

    assertThat(map.get(first)).isEqualTo("one");
    assertThat(map.get(second)).isEqualTo("two");
    assertThat(map.remove(first)).isEqualTo("one");
    assertThat(map.get(first)).isNull();
  }

  @Test
  void neverKeepsTheApplicationsObjectsAlive() throws InterruptedException {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object statement = new Object();
    WeakReference<Object> watcher = new WeakReference<>(statement);
    map.put(statement, "SELECT 1");
    statement = null;

    for (int i = 0; i < 50 && watcher.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(watcher.get()).isNull();
    assertThat(map.size()).isZero();
  }
}
