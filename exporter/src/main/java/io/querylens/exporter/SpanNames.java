package io.querylens.exporter;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Reads the name of an application's span, on the recording thread, for the N+1 finding. The
 * OpenTelemetry API's {@code Span} has no name getter; the SDK's spans implement {@code
 * ReadableSpan}, which has one: the application's own SDK, Spring Boot's Micrometer bridge to it,
 * and the OpenTelemetry Java agent's SDK (its bootstrap {@code Span.current()} answers with it).
 * Found by the interface's simple name, so a relocated copy counts too; looked up once per span
 * class and kept by that class, so an application's class loader is never held by us.
 */
final class SpanNames {

  private SpanNames() {}

  /** The name of {@code span}, or null when it is no {@code ReadableSpan} or cannot be read. */
  static String of(Object span) {
    if (span == null) {
      return null;
    }
    try {
      Method getter = GETTERS.get(span.getClass()).getter;
      Object name = getter == null ? null : getter.invoke(span);
      return name instanceof String ? (String) name : null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static final ClassValue<NameGetter> GETTERS =
      new ClassValue<>() {
        @Override
        protected NameGetter computeValue(Class<?> type) {
          return new NameGetter(readableSpanGetName(type));
        }
      };

  /** {@code ReadableSpan.getName()} as {@code type} implements it, or null. */
  private static Method readableSpanGetName(Class<?> type) {
    for (Class<?> current = type; current != null; current = current.getSuperclass()) {
      Method found = inInterfaces(current.getInterfaces());
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Method inInterfaces(Class<?>[] interfaces) {
    for (Class<?> implemented : interfaces) {
      if (implemented.getSimpleName().equals("ReadableSpan")
          && Modifier.isPublic(implemented.getModifiers())) {
        try {
          Method getName = implemented.getMethod("getName");
          if (getName.getReturnType() == String.class) {
            return getName;
          }
        } catch (NoSuchMethodException | SecurityException e) {
          // not the SDK's interface after all
        }
      }
      Method inherited = inInterfaces(implemented.getInterfaces());
      if (inherited != null) {
        return inherited;
      }
    }
    return null;
  }

  /** Holds the getter, or null when the class has none (a class value is never null). */
  private static final class NameGetter {
    final Method getter;

    NameGetter(Method getter) {
      this.getter = getter;
    }
  }
}
