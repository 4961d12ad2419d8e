package io.querylens.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallDepthTest {

  @Test
  void onlyTheOutermostCallOfAThreadIsOutermost() {
    assertThat(CallDepth.enter()).isTrue();
    assertThat(CallDepth.enter()).isFalse();
    assertThat(CallDepth.enter()).isFalse();
    CallDepth.exit();
    CallDepth.exit();
    assertThat(CallDepth.enter()).as("still inside the outermost call").isFalse();
    CallDepth.exit();
    CallDepth.exit();

    assertThat(CallDepth.enter()).as("a new outermost call").isTrue();
    CallDepth.exit();
  }

  /**
   * Thousands of threads inside calls at once fill the table's probe windows: the threads that find
   * none full still tell nested from outermost calls, and every slot comes back.
   */
  @Test
  void thousandsOfThreadsInsideCallsAtOnceEachKeepTheirOwnDepth() throws Exception {
    int threads = 6_000;
    CountDownLatch allInside = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger wrong = new AtomicInteger();
    List<Thread> started = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread thread =
          new Thread(
              () -> {
                if (!CallDepth.enter()) {
                  wrong.incrementAndGet();
                }
                allInside.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                if (CallDepth.enter()) {
                  wrong.incrementAndGet(); // nested, must not be outermost
                }
                CallDepth.exit();
                CallDepth.exit();
                if (!CallDepth.enter()) {
                  wrong.incrementAndGet(); // outermost again
                }
                CallDepth.exit();
              },
              "caller-" + i);
      thread.setDaemon(true);
      thread.start();
      started.add(thread);
    }
    allInside.await();
    release.countDown();
    for (Thread thread : started) {
      thread.join();
    }

    assertThat(wrong).hasValue(0);
    assertThat(CallDepth.enter()).isTrue();
    CallDepth.exit();
  }

  @Test
  void aCallAllocatesNothing() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < 10_000; i++) { // warmed up: the JIT's own first steps allocate
      CallDepth.enter();
      CallDepth.exit();
    }

    long before = threads.getThreadAllocatedBytes(thread);
    int outermost = 0;
    for (int i = 0; i < 100_000; i++) {
      if (CallDepth.enter()) {
        outermost++;
      }
      CallDepth.enter();
      CallDepth.exit();
      CallDepth.exit();
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(outermost).isEqualTo(100_000);
    assertThat(allocated).isLessThan(1_000);
  }
}
