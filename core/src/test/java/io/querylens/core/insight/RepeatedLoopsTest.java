package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedLoopsTest {

  private final List<String> told = new ArrayList<>();
  private final RepeatedLoops.Teller<String> teller =
      (latest, count) -> told.add(latest + "x" + count);

  @Test
  void withNoIntervalEveryOccurrenceIsTold() {
    RepeatedLoops<String> loops = new RepeatedLoops<>(0);
    loops.occurred("loop", "a", 0, teller);
    loops.occurred("loop", "b", 1, teller);

    assertThat(told).containsExactly("ax1", "bx1");
  }

  @Test
  void anOccurrenceAfterTheIntervalIsToldAtOnceWithThoseHeldBack() {
    RepeatedLoops<String> loops = new RepeatedLoops<>(100);
    loops.occurred("loop", "a", 0, teller);
    loops.occurred("loop", "b", 50, teller);
    loops.occurred("loop", "c", 100, teller);
    loops.occurred("loop", "d", 150, teller);

    assertThat(told).containsExactly("ax1", "cx2");

    loops.tick(199, teller);
    assertThat(told).hasSize(2); // d waits for its interval

    loops.tick(200, teller);
    assertThat(told).containsExactly("ax1", "cx2", "dx1");
  }

  @Test
  void pastTheBoundTheLeastRecentlySeenLoopIsToldAndForgotten() {
    RepeatedLoops<String> loops = new RepeatedLoops<>(1_000);
    loops.occurred("first", "a", 0, teller);
    loops.occurred("first", "b", 1, teller); // held back
    for (int i = 1; i < RepeatedLoops.MAX_LOOPS; i++) {
      loops.occurred("loop" + i, "l" + i, 2, teller);
    }
    told.clear();

    loops.occurred("one too many", "z", 3, teller);

    assertThat(told).containsExactly("bx1", "zx1");
    loops.occurred("first", "again", 4, teller); // forgotten: told at once as new
    assertThat(told).endsWith("againx1");
  }
}
