package io.querylens.agent.instrumentation;

import io.querylens.core.log.AgentLog;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The transformer {@code premain} registers at once, while Byte Buddy's is built on a thread of its
 * own: building it loads about a thousand classes, which the application's start need not wait for.
 * Until it is ready, a class that {@link ClassHeader} proves is no JDBC implementation passes
 * unchanged, and any other waits for it; from then on every class goes to it. So no class that
 * should be rewritten is ever defined unrewritten.
 */
final class DeferredTransformer implements ClassFileTransformer {

  /** A build never takes this long; past it the class goes on unrewritten rather than hang. */
  private static final long MAX_WAIT_SECONDS = 60;

  private final CountDownLatch settled = new CountDownLatch(1);
  private volatile ClassFileTransformer byteBuddy;

  /** Byte Buddy's transformer is built: classes waiting for it, and all later, go to it. */
  void ready(ClassFileTransformer built) {
    byteBuddy = built;
    settled.countDown();
  }

  /** It could not be built: nothing waits any more, and nothing is rewritten. */
  void failed() {
    settled.countDown();
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String name,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile) {
    try {
      ClassFileTransformer delegate = byteBuddy;
      if (delegate == null) {
        if (settled.getCount() == 0
            || JdbcInstrumentation.neverRewritten(name)
            || !ClassHeader.mayBeJdbc(classFile)) {
          return null;
        }
        if (!settled.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
          AgentLog.warnOnce(
              "deferred-transformer-timeout",
              "the JDBC instrumentation was not ready after "
                  + MAX_WAIT_SECONDS
                  + " s; "
                  + name
                  + " is not traced");
          return null;
        }
        delegate = byteBuddy;
        if (delegate == null) {
          return null;
        }
      }
      return delegate.transform(
          module, loader, name, classBeingRedefined, protectionDomain, classFile);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (Throwable t) {
      // A transformer's exception is swallowed by the JVM anyway; never let it be ours.
      AgentLog.warnOnce("deferred-transformer", "could not instrument " + name + ": " + t);
      return null;
    }
  }
}
