package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JavaagentSuppressionTest {

  @Test
  void withoutTheOpenTelemetryAgentARunIsJustRunOnTheCallersThread() {
    JavaagentSuppression suppression = new JavaagentSuppression();
    AtomicInteger runs = new AtomicInteger();
    Thread caller = Thread.currentThread();

    suppression.execute(
        () -> {
          assertThat(Thread.currentThread()).isSameAs(caller);
          runs.incrementAndGet();
        });

    assertThat(runs).hasValue(1);
    assertThat(suppression.active()).isFalse();
  }
}
