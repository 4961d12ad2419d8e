package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class ApplicationTracingFinderTest {

  private final ApplicationTracingFinder finder = ApplicationTracingFinder.standard();

  @Test
  void aThreadFindsTheApiItsContextClassLoaderSees() throws Throwable {
    try (URLClassLoader application = ownOpenTelemetryApi()) {
      ApplicationTracing found = onThreadWith(application);

      assertThat(found.found()).isTrue();
      assertThat(found).isSameAs(onThreadWith(application)); // remembered, not looked up again
      assertThat(found.currentSpan()).isNotNull(); // the invalid Span: no span
      assertThat(found.toParent(found.currentSpan())).isNull();
    }
  }

  @Test
  void inLibraryModeTheCurrentSpanIsReadFromOurOwnApiOnAnyThread() throws Throwable {
    ApplicationTracing tracing = ApplicationTracingFinder.sameLoader().forCurrentThread();
    SpanContext request =
        SpanContext.create(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.getDefault());

    Object captured;
    try (Scope ignored = Span.wrap(request).makeCurrent()) {
      captured = tracing.currentSpan();
    }

    assertThat(tracing).isSameAs(ApplicationTracing.SAME_LOADER);
    assertThat(tracing.toParent(captured)).isEqualTo(request);
    assertThat(tracing.toParent(tracing.currentSpan())).isNull(); // no span now
  }

  @Test
  void aLoaderWithoutTheApiGivesNone() throws Exception {
    try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
      assertThat(onThreadWith(bare)).isSameAs(ApplicationTracing.NONE);
    }
  }

  @Test
  void aDiscardedApplicationsClassLoaderIsNotKeptAlive() throws Exception {
    WeakReference<ClassLoader> discarded = useAndDiscardAnApplication();

    for (int i = 0; i < 50 && discarded.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(discarded.get()).isNull();
  }

  private WeakReference<ClassLoader> useAndDiscardAnApplication() throws Exception {
    URLClassLoader application = ownOpenTelemetryApi();
    assertThat(onThreadWith(application).found()).isTrue();
    application.close();
    return new WeakReference<>(application);
  }

  /** A class loader of its own over the OpenTelemetry API's jars, as a deployed application has. */
  private static URLClassLoader ownOpenTelemetryApi() throws ClassNotFoundException {
    return new URLClassLoader(
        new URL[] {
          jarOf(Span.class),
          jarOf(Context.class),
          jarOf(Class.forName("io.opentelemetry.common.ComponentLoader"))
        },
        ClassLoader.getPlatformClassLoader());
  }

  private ApplicationTracing onThreadWith(ClassLoader loader) throws Exception {
    ApplicationTracing[] found = new ApplicationTracing[1];
    Thread thread = new Thread(() -> found[0] = finder.forCurrentThread());
    thread.setContextClassLoader(loader);
    thread.start();
    thread.join();
    return found[0];
  }

  private static URL jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }
}
