package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An application that bundles its own OpenTelemetry SDK and Byte Buddy, of other versions than the
 * agent's. It uses both (through reflection, so this module need not compile against them), prints
 * where each was loaded from, and runs a statement.
 *
 * <p>Arguments: {@code url user password}.
 */
public final class BundledOpenTelemetryApp {

  private BundledOpenTelemetryApp() {}

  public static void main(String[] args) throws Exception {
    Class<?> tracerProvider = Class.forName("io.opentelemetry.sdk.trace.SdkTracerProvider");
    Object provider = tracerProvider.getMethod("builder").invoke(null);
    provider = provider.getClass().getMethod("build").invoke(provider);
    Object tracer =
        tracerProvider.getMethod("get", String.class).invoke(provider, "bundled-application");
    // Call through the public API interfaces: the SDK's implementation classes are not public.
    Object spanBuilder =
        Class.forName("io.opentelemetry.api.trace.Tracer")
            .getMethod("spanBuilder", String.class)
            .invoke(tracer, "own-span");
    Object span =
        Class.forName("io.opentelemetry.api.trace.SpanBuilder")
            .getMethod("startSpan")
            .invoke(spanBuilder);
    Class.forName("io.opentelemetry.api.trace.Span").getMethod("end").invoke(span);
    System.out.println("OTEL_FROM " + codeSource(tracerProvider));

    Class<?> byteBuddy = Class.forName("net.bytebuddy.ByteBuddy");
    Object instance = byteBuddy.getConstructor().newInstance();
    Object builder = byteBuddy.getMethod("subclass", Class.class).invoke(instance, Object.class);
    Object unloaded =
        Class.forName("net.bytebuddy.dynamic.DynamicType$Builder")
            .getMethod("make")
            .invoke(builder);
    System.out.println("BYTEBUDDY_FROM " + codeSource(byteBuddy));
    System.out.println("BYTEBUDDY_MADE " + (unloaded != null));

    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2]);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 42")) {
      rows.next();
      System.out.println("RESULT select " + rows.getInt(1));
    }
    System.out.println("DONE");
  }

  private static String codeSource(Class<?> type) {
    String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
    return location.substring(location.lastIndexOf('/') + 1);
  }
}
