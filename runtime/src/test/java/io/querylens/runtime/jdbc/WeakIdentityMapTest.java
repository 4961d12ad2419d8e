package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
  void removeIfPresentRemovesOnlyThatKeyAndIgnoresAKeyItNeverHeld() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object closed = new Object();
    Object open = new Object();
    map.put(closed, "SELECT 1");
    map.put(open, "SELECT 2");

    map.removeIfPresent(closed);
    map.removeIfPresent(new Object());

    assertThat(map.get(closed)).isNull();
    assertThat(map.get(open)).isEqualTo("SELECT 2");
    assertThat(map.size()).isEqualTo(1);
  }

  @Test
  void neverKeepsTheApplicationsObjectsAlive() throws InterruptedException {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object statement = new Object();
    WeakReference<Object> watcher = new WeakReference<>(statement);
    map.put(statement, "SELECT 1");
    statement = null;

    // The referent clears before the reference handler enqueues it, so wait for what the map
    // promises (it forgets the entry), not only for the clearing.
    for (int i = 0; i < 250 && (watcher.get() != null || map.size() != 0); i++) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(watcher.get()).isNull();
    assertThat(map.size()).isZero();
  }

  @Test
  void everyKeyIsFoundAgainAfterTheMapHasGrownManyTimes() {
    WeakIdentityMap<Object, Integer> map = new WeakIdentityMap<>();
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      Object key = new Object();
      keys.add(key);
      map.put(key, i);
    }

    for (int i = 0; i < keys.size(); i++) {
      assertThat(map.get(keys.get(i))).isEqualTo(i);
    }
    assertThat(map.size()).isEqualTo(20_000);
    assertThat(map.get(new Object())).isNull();
  }

  @Test
  void aLookUpAllocatesNothing() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    Object statement = new Object();
    map.put(statement, "SELECT 1");
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int found = 0;

    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 100_000; i++) {
      if (map.get(statement) != null) {
        found++;
      }
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(found).isEqualTo(100_000);
    assertThat(allocated).isLessThan(1_000); // a key object per look-up would be 1.6 MB
  }

  @Test
  void threadsPuttingAndReadingAtOnceAlwaysFindWhatTheyPut() throws Exception {
    WeakIdentityMap<Object, Integer> map = new WeakIdentityMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Object> held =
        java.util.Collections.synchronizedList(new ArrayList<>()); // keeps keys alive
    try {
      List<Future<Integer>> missed = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        missed.add(
            pool.submit(
                () -> {
                  List<Object> mine = new ArrayList<>();
                  held.add(mine);
                  int misses = 0;
                  for (int i = 0; i < 5_000; i++) {
                    Object key = new Object();
                    mine.add(key);
                    map.put(key, i);
                    for (int j = 0; j < mine.size(); j += 97) {
                      if (map.get(mine.get(j)) == null) {
                        misses++;
                      }
                    }
                  }
                  for (Object key : mine.subList(0, 2_500)) {
                    map.remove(key);
                  }
                  return misses;
                }));
      }
      for (Future<Integer> thread : missed) {
        assertThat(thread.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(map.size()).isEqualTo(4 * 2_500);
    java.lang.ref.Reference.reachabilityFence(held);
  }
}
