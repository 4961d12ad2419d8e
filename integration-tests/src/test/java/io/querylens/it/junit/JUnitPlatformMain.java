package io.querylens.it.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A test run as a build tool starts one, in the forked JVM the agent is attached to: the JUnit
 * Platform over the class named by the first argument. Prints one block per test: {@code RESULT
 * <method> PASSED}, or {@code RESULT <method> FAILED} followed by the failure's message and {@code
 * END}.
 */
public final class JUnitPlatformMain {

  private JUnitPlatformMain() {}

  public static void main(String[] args) throws ClassNotFoundException {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(Class.forName(args[0])))
            .build();
    List<String> results = new ArrayList<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(
        request,
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (!test.isTest()) {
              return;
            }
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
              results.add("RESULT " + test.getDisplayName() + " PASSED");
            } else {
              results.add(
                  "RESULT "
                      + test.getDisplayName()
                      + " FAILED\n"
                      + result.getThrowable().map(Throwable::getMessage).orElse("")
                      + "\nEND");
            }
          }
        });
    results.forEach(System.out::println);
  }
}
