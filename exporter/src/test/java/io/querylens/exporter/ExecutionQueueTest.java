package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutionQueueTest {

  @Test
  void executionsAreRecordedInTheOrderTheyWereQueued() {
    List<Long> recorded = Collections.synchronizedList(new ArrayList<>());
    try (ExecutionQueue queue = started(16, e -> recorded.add(e.startNanos))) {
      for (long i = 0; i < 10; i++) {
        assertThat(queue.offer(execution(i))).isTrue();
      }
      queue.drain();
      assertThat(recorded).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }
  }

  @Test
  void aFullQueueRefusesSoTheCallerRecordsInPlaceAndNothingIsLost() throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Long> recorded = Collections.synchronizedList(new ArrayList<>());
    ExecutionQueue.Recorder slow =
        e -> {
          blocked.countDown();
          await(release);
          recorded.add(e.startNanos);
        };
    try (ExecutionQueue queue = started(4, slow)) {
      assertThat(queue.offer(execution(0))).isTrue();
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue(); // the thread holds execution 0
      for (long i = 1; i <= 4; i++) {
        assertThat(queue.offer(execution(i))).isTrue();
      }

      assertThat(queue.offer(execution(5))).isFalse();

      release.countDown();
    }
    assertThat(recorded).containsExactly(0L, 1L, 2L, 3L, 4L);
  }

  @Test
  void closingRecordsWhatIsLeftAndLaterOffersAreRefused() {
    List<Long> recorded = Collections.synchronizedList(new ArrayList<>());
    ExecutionQueue queue = started(1024, e -> recorded.add(e.startNanos));
    for (long i = 0; i < 1000; i++) {
      queue.offer(execution(i));
    }

    queue.close();

    assertThat(recorded).hasSize(1000);
    assertThat(queue.offer(execution(1000))).isFalse();
  }

  @Test
  void manyThreadsQueueingAtOnceHaveEachExecutionRecordedExactlyOnce() throws Exception {
    int threads = 4;
    int perThread = 25_000;
    Set<Long> recorded = ConcurrentHashMap.newKeySet();
    List<Long> inPlace = Collections.synchronizedList(new ArrayList<>());
    try (ExecutionQueue queue = started(256, e -> recorded.add(e.startNanos))) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long first = (long) t * perThread;
        Thread worker =
            new Thread(
                () -> {
                  for (long i = first; i < first + perThread; i++) {
                    if (!queue.offer(execution(i))) {
                      inPlace.add(i);
                    }
                  }
                });
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join();
      }
    }
    assertThat(recorded.size() + inPlace.size()).isEqualTo(threads * perThread);
    assertThat(inPlace).doesNotContainAnyElementsOf(recorded);
  }

  private static ExecutionQueue started(int capacity, ExecutionQueue.Recorder recorder) {
    ExecutionQueue queue = new ExecutionQueue(capacity);
    queue.start(recorder);
    return queue;
  }

  @Test
  void executionsWaitForTheRecorderAndNoneIsLost() {
    List<Long> recorded = Collections.synchronizedList(new ArrayList<>());
    ExecutionQueue queue = new ExecutionQueue(8);
    for (long i = 0; i < 8; i++) {
      assertThat(queue.offer(execution(i))).isTrue();
    }
    assertThat(queue.offer(execution(8))).isFalse();
    assertThat(queue.drain()).isZero();

    queue.start(e -> recorded.add(e.startNanos));
    queue.close();

    assertThat(recorded).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
  }

  private static StatementExecution execution(long id) {
    return new StatementExecution(null, id, StatementObserver.NOT_A_BATCH);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
