package io.querylens.exporter.findings;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.querylens.core.log.AgentLog;
import io.querylens.core.pg.ActiveSession;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.trace.TraceParent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Each sample's sessions ({@link Snapshot#sessions()}) as log-record events in the shape of the
 * collector's postgresqlreceiver, {@code db.server.query_sample}: one per running, waiting or
 * in-transaction session, its sanitized text, state, wait, blocking pids and lock wait. A session
 * that carries a W3C traceparent gets its record in that trace (the record's trace and span ids),
 * and a waiter names its blockers' traces too, so a lock wait links the request that waits to the
 * one that blocks. Bounded by the sampler's cap; the sessions the cap left out are counted in
 * {@code querylens.query_samples.left_out}.
 */
public final class QuerySampleEvents implements Consumer<Snapshot> {

  static final String EVENT = "db.server.query_sample";
  static final String LEFT_OUT = "querylens.query_samples.left_out";

  /** Servers with a series of their own in the left-out counter; more share one without. */
  static final int MAX_COUNTED_SERVERS = 64;

  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> USER = AttributeKey.stringKey("user.name");
  private static final AttributeKey<Long> PID = AttributeKey.longKey("postgresql.pid");
  private static final AttributeKey<String> STATE = AttributeKey.stringKey("postgresql.state");
  private static final AttributeKey<String> APPLICATION =
      AttributeKey.stringKey("postgresql.application_name");
  private static final AttributeKey<String> PEER_ADDRESS =
      AttributeKey.stringKey("network.peer.address");
  private static final AttributeKey<Long> PEER_PORT = AttributeKey.longKey("network.peer.port");
  private static final AttributeKey<String> QUERY_START =
      AttributeKey.stringKey("postgresql.query_start");
  private static final AttributeKey<String> WAIT_EVENT =
      AttributeKey.stringKey("postgresql.wait_event");
  private static final AttributeKey<String> WAIT_EVENT_TYPE =
      AttributeKey.stringKey("postgresql.wait_event_type");
  private static final AttributeKey<Long> QUERY_ID = AttributeKey.longKey("postgresql.query_id");
  private static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<List<Long>> BLOCKING_PIDS =
      AttributeKey.longArrayKey("postgresql.blocking.pids");
  private static final AttributeKey<Long> WAIT_DURATION =
      AttributeKey.longKey("postgresql.blocking.wait_duration");
  private static final AttributeKey<String> WAIT_START =
      AttributeKey.stringKey("postgresql.blocking.start_time");
  private static final AttributeKey<String> LOCK_MODE =
      AttributeKey.stringKey("postgresql.blocking.lock.mode");
  private static final AttributeKey<String> LOCK_TYPE =
      AttributeKey.stringKey("postgresql.blocking.lock.type");
  private static final AttributeKey<String> LOCK_RELATION =
      AttributeKey.stringKey("postgresql.blocking.lock.relation");
  private static final AttributeKey<String> TRANSACTION_START =
      AttributeKey.stringKey("postgresql.blocking.transaction.start_time");
  private static final AttributeKey<String> TRACE_SOURCE =
      AttributeKey.stringKey("querylens.trace.source");
  private static final AttributeKey<List<String>> BLOCKING_TRACES =
      AttributeKey.stringArrayKey("querylens.blocking.trace_ids");

  private final Logger logger;
  private final Map<Attributes, LongAdder> leftOut = new ConcurrentHashMap<>();

  public QuerySampleEvents(OpenTelemetry openTelemetry) {
    this.logger = openTelemetry.getLogsBridge().get(FindingsExporter.INSTRUMENTATION_SCOPE);
    openTelemetry
        .getMeter(FindingsExporter.INSTRUMENTATION_SCOPE)
        .counterBuilder(LEFT_OUT)
        .setUnit("{session}")
        .setDescription(
            "Sessions not sent as db.server.query_sample events because a sample had more than"
                + " the sampler's max-query-samples.")
        .buildWithCallback(
            counter -> leftOut.forEach((server, count) -> counter.record(count.sum(), server)));
  }

  /** The snapshot's sessions as events; never throws (told once, the sample's events are lost). */
  @Override
  public void accept(Snapshot snapshot) {
    try {
      publish(snapshot);
    } catch (RuntimeException e) {
      AgentLog.warnOnce(
          "query-samples:" + e.getClass().getName(),
          "query samples could not be sent, this sample's are lost: " + e);
    }
  }

  void publish(Snapshot snapshot) {
    ServerKey server = snapshot.server().server();
    if (snapshot.sessionsLeftOut() > 0) {
      countLeftOut(server, snapshot.sessionsLeftOut());
    }
    Map<Integer, String> traceByPid = new HashMap<>();
    for (ActiveSession session : snapshot.sessions()) {
      if (session.trace() != null) {
        traceByPid.put(session.pid(), session.trace().traceId());
      }
    }
    for (ActiveSession session : snapshot.sessions()) {
      emit(snapshot, server, session, traceByPid);
    }
  }

  private void emit(
      Snapshot snapshot, ServerKey server, ActiveSession session, Map<Integer, String> traces) {
    AttributesBuilder attributes =
        Attributes.builder()
            .put(SYSTEM, "postgresql")
            .put(SERVER_ADDRESS, server.address())
            .put(SERVER_PORT, (long) server.port())
            .put(PID, (long) session.pid());
    putIfPresent(attributes, NAMESPACE, snapshot.server().database());
    putIfPresent(attributes, USER, session.user());
    putIfPresent(attributes, STATE, session.state());
    putIfPresent(attributes, APPLICATION, session.applicationName());
    putIfPresent(attributes, PEER_ADDRESS, session.clientAddress());
    if (session.clientPort() != null) {
      attributes.put(PEER_PORT, (long) session.clientPort());
    }
    putIfPresent(attributes, QUERY_START, text(session.queryStart()));
    putIfPresent(attributes, WAIT_EVENT_TYPE, session.waitEventType());
    putIfPresent(attributes, WAIT_EVENT, session.waitEvent());
    if (session.queryId() != null) {
      attributes.put(QUERY_ID, session.queryId());
    }
    putIfPresent(attributes, QUERY_TEXT, session.queryText());
    putIfPresent(attributes, TRANSACTION_START, text(session.transactionStart()));
    putLockWait(attributes, session, traces);
    if (session.traceSource() != null) {
      attributes.put(TRACE_SOURCE, session.traceSource().label());
    }
    LogRecordBuilder record =
        logger
            .logRecordBuilder()
            .setEventName(EVENT)
            .setSeverity(Severity.INFO)
            .setTimestamp(snapshot.sampledAt())
            .setAllAttributes(attributes.build());
    if (session.trace() != null) {
      record.setContext(inTrace(session.trace()));
    }
    record.emit();
  }

  private static void putLockWait(
      AttributesBuilder attributes, ActiveSession session, Map<Integer, String> traces) {
    if (!session.blockingPids().isEmpty()) {
      List<Long> pids = new ArrayList<>(session.blockingPids().size());
      List<String> blockingTraces = new ArrayList<>();
      for (int pid : session.blockingPids()) {
        pids.add((long) pid);
        String trace = traces.get(pid);
        if (trace != null && !blockingTraces.contains(trace)) {
          blockingTraces.add(trace);
        }
      }
      attributes.put(BLOCKING_PIDS, pids);
      if (!blockingTraces.isEmpty()) {
        attributes.put(BLOCKING_TRACES, blockingTraces);
      }
    }
    if (session.lockWaitSeconds() != null) {
      attributes.put(WAIT_DURATION, (long) Math.max(0, Math.floor(session.lockWaitSeconds())));
    }
    putIfPresent(attributes, WAIT_START, text(session.lockWaitStart()));
    putIfPresent(attributes, LOCK_MODE, session.lockMode());
    putIfPresent(attributes, LOCK_TYPE, session.lockType());
    putIfPresent(attributes, LOCK_RELATION, session.lockRelation());
  }

  /** A context whose span is the session's remote one, so the record carries its ids. */
  private static Context inTrace(TraceParent trace) {
    SpanContext context =
        SpanContext.createFromRemoteParent(
            trace.traceId(),
            trace.spanId(),
            TraceFlags.fromByte((byte) trace.flags()),
            TraceState.getDefault());
    return Context.root().with(Span.wrap(context));
  }

  private void countLeftOut(ServerKey server, int sessions) {
    Attributes key =
        Attributes.of(SERVER_ADDRESS, server.address(), SERVER_PORT, (long) server.port());
    if (!leftOut.containsKey(key) && leftOut.size() >= MAX_COUNTED_SERVERS) {
      key = Attributes.empty();
    }
    leftOut.computeIfAbsent(key, k -> new LongAdder()).add(sessions);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static void putIfPresent(
      AttributesBuilder attributes, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      attributes.put(key, value);
    }
  }
}
