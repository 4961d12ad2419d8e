package io.querylens.stepcount;

/** The counter that {@link StepCountingClassLoader}'s classes add to; one thread at a time. */
public final class Steps {

  public static long count;

  private Steps() {}
}
