package io.querylens.it.support;

import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.querylens.it.support.OtlpReceiver.Signal;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.util.List;

/** The three OTLP/gRPC collector services, generated stubs from opentelemetry-proto. */
final class OtlpGrpcServices {

  private OtlpGrpcServices() {}

  static List<BindableService> of(OtlpReceiver receiver) {
    return List.of(new Traces(receiver), new Metrics(receiver), new Logs(receiver));
  }

  /** Answers {@code response} after storing, or the gRPC status matching an injected fault. */
  private static <R> void answer(
      OtlpReceiver receiver,
      Signal signal,
      Runnable store,
      R response,
      StreamObserver<R> observer) {
    int httpStatus = receiver.admit(signal, Transport.GRPC);
    if (httpStatus != 200) {
      Status status =
          OtlpReceiver.grpcStatusFor(httpStatus).withDescription("fault injected by the test");
      observer.onError(status.asRuntimeException());
      return;
    }
    store.run();
    observer.onNext(response);
    observer.onCompleted();
  }

  private static final class Traces extends TraceServiceGrpc.TraceServiceImplBase {
    private final OtlpReceiver receiver;

    Traces(OtlpReceiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void export(
        ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> observer) {
      answer(
          receiver,
          Signal.TRACES,
          () -> receiver.telemetry().addSpans(request.getResourceSpansList()),
          ExportTraceServiceResponse.getDefaultInstance(),
          observer);
    }
  }

  private static final class Metrics extends MetricsServiceGrpc.MetricsServiceImplBase {
    private final OtlpReceiver receiver;

    Metrics(OtlpReceiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void export(
        ExportMetricsServiceRequest request,
        StreamObserver<ExportMetricsServiceResponse> observer) {
      answer(
          receiver,
          Signal.METRICS,
          () -> receiver.telemetry().addMetrics(request.getResourceMetricsList()),
          ExportMetricsServiceResponse.getDefaultInstance(),
          observer);
    }
  }

  private static final class Logs extends LogsServiceGrpc.LogsServiceImplBase {
    private final OtlpReceiver receiver;

    Logs(OtlpReceiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void export(
        ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> observer) {
      answer(
          receiver,
          Signal.LOGS,
          () -> receiver.telemetry().addLogs(request.getResourceLogsList()),
          ExportLogsServiceResponse.getDefaultInstance(),
          observer);
    }
  }
}
