package io.querylens.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.querylens.core.log.AgentLog;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Rewrites every JDBC driver's (and pool's) {@code Statement} and {@code Connection} classes,
 * whatever class loader defines them, so that their execute methods call the bootstrap bridge.
 */
public final class JdbcInstrumentation {

  private static final String[] EXECUTE = {
    "execute", "executeQuery", "executeUpdate", "executeLargeUpdate"
  };

  /** JDBC's positional setters whose second argument is the value. */
  private static final String[] VALUE_SETTERS = {
    "setBoolean",
    "setByte",
    "setShort",
    "setInt",
    "setLong",
    "setFloat",
    "setDouble",
    "setBigDecimal",
    "setString",
    "setNString",
    "setBytes",
    "setDate",
    "setTime",
    "setTimestamp",
    "setObject",
    "setURL",
    "setArray",
    "setRef",
    "setRowId",
    "setSQLXML",
    "setBlob",
    "setClob",
    "setNClob",
    "setAsciiStream",
    "setUnicodeStream",
    "setBinaryStream",
    "setCharacterStream",
    "setNCharacterStream"
  };

  /** Packages never rewritten: the JDK's, where no driver lives, and the agent's own. */
  private static final String[] NEVER_REWRITTEN = {
    "java.", "jdk.", "sun.", "com.sun.", "io.querylens."
  };

  /** The same as internal names ({@code java/}), as a class file transformer is given them. */
  private static final String[] NEVER_REWRITTEN_INTERNAL = new String[NEVER_REWRITTEN.length];

  static {
    for (int i = 0; i < NEVER_REWRITTEN.length; i++) {
      NEVER_REWRITTEN_INTERNAL[i] = NEVER_REWRITTEN[i].replace('.', '/');
    }
  }

  private JdbcInstrumentation() {}

  /** Whether the class of {@code internalName} (null for a hidden class) is never rewritten. */
  static boolean neverRewritten(String internalName) {
    if (internalName == null) {
      return true;
    }
    for (String prefix : NEVER_REWRITTEN_INTERNAL) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static ElementMatcher.Junction<TypeDescription> neverRewrittenPackages() {
    ElementMatcher.Junction<TypeDescription> any = nameStartsWith(NEVER_REWRITTEN[0]);
    for (int i = 1; i < NEVER_REWRITTEN.length; i++) {
      any = any.or(nameStartsWith(NEVER_REWRITTEN[i]));
    }
    return any;
  }

  /**
   * @param captureBindValues also rewrite the prepared statements' setters; decided here, once, so
   *     that with capture off they are never touched and cost nothing
   * @param lateAttach the JVM is running already, so some JDBC classes may be loaded
   */
  public static void install(
      Instrumentation instrumentation, boolean captureBindValues, boolean lateAttach) {
    if (lateAttach || jdbcClassLoaded(instrumentation)) {
      // Classes already loaded are rewritten in place: Byte Buddy describes and matches each.
      builder(captureBindValues)
          .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
          .installOn(instrumentation);
      return;
    }
    DeferredTransformer deferred = new DeferredTransformer();
    instrumentation.addTransformer(deferred, true);
    Thread building =
        new Thread(
            () -> {
              try {
                deferred.ready(builder(captureBindValues).makeRaw());
              } catch (Throwable t) {
                deferred.failed();
                AgentLog.warn(
                    "the JDBC instrumentation could not be built; nothing is traced: " + t);
              }
            },
            "querylens-instrument");
    building.setDaemon(true);
    building.start();
  }

  private static AgentBuilder builder(boolean captureBindValues) {
    ClassLoader adviceLoader = JdbcInstrumentation.class.getClassLoader();
    ElementMatcher.Junction<MethodDescription> instanceMethod =
        not(isStatic()).and(not(isAbstract()));

    AgentBuilder builder =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(new SuperTypeCache())
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
            .with(new FailureLog())
            .ignore(neverRewrittenPackages().or(isSynthetic()))
            .type(not(isInterface()).and(hasSuperType(named("java.sql.Statement"))))
            .transform(
                new AgentBuilder.Transformer.ForAdvice()
                    .include(adviceLoader)
                    .advice(
                        instanceMethod.and(namedOneOf(EXECUTE)).and(takesArgument(0, String.class)),
                        StatementAdvice.ExecuteSql.class.getName())
                    .advice(
                        instanceMethod.and(namedOneOf(EXECUTE)).and(takesArguments(0)),
                        StatementAdvice.ExecutePrepared.class.getName())
                    .advice(
                        instanceMethod
                            .and(namedOneOf("executeBatch", "executeLargeBatch"))
                            .and(takesArguments(0)),
                        StatementAdvice.ExecuteBatch.class.getName())
                    .advice(
                        instanceMethod.and(named("addBatch")).and(takesArguments(String.class)),
                        StatementAdvice.AddBatchSql.class.getName())
                    .advice(
                        instanceMethod.and(named("addBatch")).and(takesArguments(0)),
                        StatementAdvice.AddBatch.class.getName())
                    .advice(
                        instanceMethod.and(named("clearBatch")).and(takesArguments(0)),
                        StatementAdvice.ClearBatch.class.getName()))
            .type(not(isInterface()).and(hasSuperType(named("java.sql.Connection"))))
            .transform(
                new AgentBuilder.Transformer.ForAdvice()
                    .include(adviceLoader)
                    .advice(
                        instanceMethod
                            .and(namedOneOf("prepareStatement", "prepareCall"))
                            .and(takesArgument(0, String.class))
                            .and(returns(hasSuperType(named("java.sql.Statement")))),
                        ConnectionAdvice.Prepare.class.getName()))
            .type(not(isInterface()).and(hasSuperType(named("java.sql.Driver"))))
            .transform(
                new AgentBuilder.Transformer.ForAdvice()
                    .include(adviceLoader)
                    .advice(
                        instanceMethod
                            .and(named("connect"))
                            .and(takesArguments(2))
                            .and(takesArgument(0, String.class))
                            .and(takesArgument(1, named("java.util.Properties"))),
                        DriverAdvice.Connect.class.getName()));
    if (captureBindValues) {
      builder = withParameterSetters(builder, instanceMethod, adviceLoader);
    }
    return builder;
  }

  /**
   * At {@code -javaagent} start no JDBC class is loaded yet (the application's {@code main} has not
   * run), unless something loaded one earlier: then the classic install, which rewrites it in
   * place.
   */
  private static boolean jdbcClassLoaded(Instrumentation instrumentation) {
    for (Class<?> loaded : instrumentation.getAllLoadedClasses()) {
      if (!loaded.isInterface()
          && (java.sql.Statement.class.isAssignableFrom(loaded)
              || java.sql.Connection.class.isAssignableFrom(loaded)
              || java.sql.Driver.class.isAssignableFrom(loaded))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A second transformation of the prepared statements (Byte Buddy applies every matching one):
   * positional setters only, as {@code setXxx(int index, value, ...)}; a callable statement's
   * setters by name are not captured.
   */
  private static AgentBuilder withParameterSetters(
      AgentBuilder builder,
      ElementMatcher.Junction<MethodDescription> instanceMethod,
      ClassLoader adviceLoader) {
    ElementMatcher.Junction<MethodDescription> positional =
        instanceMethod
            .and(takesArgument(0, int.class))
            .and(takesArguments(2).or(takesArguments(3)).or(takesArguments(4)));
    return builder
        .type(not(isInterface()).and(hasSuperType(named("java.sql.PreparedStatement"))))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(adviceLoader)
                .advice(
                    positional.and(namedOneOf(VALUE_SETTERS)),
                    ParameterAdvice.SetValue.class.getName())
                .advice(positional.and(named("setNull")), ParameterAdvice.SetNull.class.getName())
                .advice(
                    instanceMethod.and(named("clearParameters")).and(takesArguments(0)),
                    ParameterAdvice.Clear.class.getName()));
  }

  /** A class the agent could not rewrite is told once, and then runs untraced. */
  private static final class FailureLog extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(
        String typeName,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        Throwable throwable) {
      AgentLog.warnOnce(
          "transform:" + typeName,
          "could not instrument " + typeName + ", its statements are not traced: " + throwable);
    }

    @Override
    public void onTransformation(
        TypeDescription typeDescription,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      AgentLog.debug("instrumented " + typeDescription.getName());
    }
  }
}
