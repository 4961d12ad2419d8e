package io.querylens.core.pg;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One sampler per PostgreSQL server the application reaches (primary and replicas alike), all on
 * one daemon thread. The agent calls {@link #ensureSampling} for each connection's server; the
 * metric producer reads {@link #latestSnapshots()}.
 */
public final class SamplerRegistry implements AutoCloseable {

  /** Servers sampled at most; beyond it a server is ignored, with one log line. */
  public static final int MAX_SERVERS = 32;

  private final SamplerSettings settings;
  private final Clock clock;
  private final SamplerLog log;
  private final Map<ServerKey, Sampler> samplers = new ConcurrentHashMap<>();
  private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private final SamplerScheduler scheduler;
  private final ApplicationSchemas applicationSchemas = new ApplicationSchemas();
  private boolean tooManyNoted;
  private boolean closed;

  /** What each sample and each sampler's close run inside; by default, nothing. */
  private volatile Executor sessionsRunThrough = Runnable::run;

  public SamplerRegistry(SamplerSettings settings, Clock clock, SamplerLog log) {
    this.settings = settings;
    this.clock = clock;
    this.log = log;
    // Its thread is created here, on the agent's start-up thread, not on the application's thread
    // whose first connection starts the first sampler.
    this.scheduler = new SamplerScheduler(log);
  }

  /** The schemas the application's connections name, per server, for the advisor's planning. */
  public ApplicationSchemas applicationSchemas() {
    return applicationSchemas;
  }

  /**
   * Starts sampling {@code server} unless it is already sampled. The first call per server wins:
   * later calls with another source are ignored, so the source is opened only by its sampler.
   *
   * @return true if this call started a sampler
   */
  public boolean ensureSampling(ServerKey server, ConnectionSource source) {
    if (samplers.containsKey(server)) {
      return false;
    }
    synchronized (lock) {
      if (closed || samplers.containsKey(server)) {
        return false;
      }
      if (samplers.size() >= MAX_SERVERS) {
        if (!tooManyNoted) {
          tooManyNoted = true;
          log.warning(
              "QueryLens samples at most " + MAX_SERVERS + " servers; not sampling " + server);
        }
        return false;
      }
      Sampler sampler = new Sampler(server, source, settings, clock, log);
      samplers.put(server, sampler);
      Duration interval = settings.interval();
      Duration firstRun =
          interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(10);
      scheduler.every(interval, firstRun, () -> sessionsRunThrough.execute(() -> run(sampler)));
      return true;
    }
  }

  /**
   * Runs every sample (connection, catalog reads, the snapshot's listeners) and every sampler's
   * close inside {@code through}: how the agent hides its own sessions from another agent's JDBC
   * instrumentation, which would otherwise trace them as the application's.
   */
  public void runSessionsThrough(Executor through) {
    sessionsRunThrough = through;
  }

  /** Called after each snapshot this instance takes (on the sampler thread). */
  public void onSnapshot(Consumer<Snapshot> listener) {
    listeners.add(listener);
  }

  /** The newest snapshot of every server this instance currently samples. */
  public List<Snapshot> latestSnapshots() {
    List<Snapshot> snapshots = new ArrayList<>(samplers.size());
    for (Sampler sampler : samplers.values()) {
      sampler.latest().ifPresent(snapshots::add);
    }
    return snapshots;
  }

  /** How often each server is sampled. */
  public Duration interval() {
    return settings.interval();
  }

  /** The sampler of {@code server}, if one was started. */
  public Optional<Sampler> sampler(ServerKey server) {
    return Optional.ofNullable(samplers.get(server));
  }

  private void run(Sampler sampler) {
    sampler
        .sampleOnce()
        .ifPresent(
            snapshot -> {
              for (Consumer<Snapshot> listener : listeners) {
                listener.accept(snapshot);
              }
            });
  }

  /**
   * Stops every sampler as the JVM exits: each hands its lock back, so another instance takes over
   * at its next tick, and keeps its last snapshot for the exporters' final export.
   */
  public void stopAtExit() {
    synchronized (lock) {
      closed = true;
      scheduler.close();
      for (Sampler sampler : samplers.values()) {
        // Its unlock is a statement like any sample's: hidden from another agent's tracing too.
        sessionsRunThrough.execute(sampler::stopAtExit);
      }
    }
  }

  /** Stops every sampler: each hands its lock back so another instance takes over. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      scheduler.close();
      for (Sampler sampler : samplers.values()) {
        sessionsRunThrough.execute(sampler::close);
      }
    }
  }
}
