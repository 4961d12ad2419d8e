package io.querylens.core.pg;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread all samplers run on, at a fixed rate, modelled on the OpenTelemetry SDK's
 * {@code PeriodicMetricReader}: a run never overlaps the previous one (a late run delays the next
 * instead of stacking), and any {@link Throwable} is caught and logged so the schedule survives.
 */
final class SamplerScheduler implements AutoCloseable {

  private final ScheduledExecutorService executor;
  private final SamplerLog log;

  SamplerScheduler(SamplerLog log) {
    this.log = log;
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(1, SamplerScheduler::neutralThread);
    pool.setRemoveOnCancelPolicy(true);
    pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    // Started now, on the thread building the scheduler (the agent's own, at start-up), never
    // later inside an application's Driver.connect: see neutralThread.
    pool.prestartCoreThread();
    this.executor = pool;
  }

  /**
   * A thread that holds nothing of the application: no inherited thread-locals, the agent's own
   * context class loader, and (created at start-up) no access-control context naming the
   * application's protection domains, each of which would keep an undeployed application's class
   * loader alive for as long as the thread lives.
   */
  private static Thread neutralThread(Runnable task) {
    Thread thread = new Thread(null, task, "querylens-sampler", 0, false);
    thread.setContextClassLoader(SamplerScheduler.class.getClassLoader());
    thread.setDaemon(true);
    return thread;
  }

  ScheduledFuture<?> every(Duration interval, Duration initialDelay, Runnable run) {
    Runnable guarded = new Guarded(run, log);
    return executor.scheduleAtFixedRate(
        guarded, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  /** Catches everything: an escaped exception would silently cancel the fixed-rate task. */
  private static final class Guarded implements Runnable {
    private final Runnable run;
    private final SamplerLog log;
    private String lastError;

    Guarded(Runnable run, SamplerLog log) {
      this.run = run;
      this.log = log;
    }

    @Override
    public void run() {
      try {
        run.run();
        lastError = null;
      } catch (Throwable t) {
        String message = "QueryLens sampler run failed: " + SafeText.describe(t);
        if (message.equals(lastError)) {
          log.debug(message);
        } else {
          lastError = message;
          log.warning(message);
        }
        if (t instanceof VirtualMachineError) {
          throw (VirtualMachineError) t;
        }
      }
    }
  }
}
