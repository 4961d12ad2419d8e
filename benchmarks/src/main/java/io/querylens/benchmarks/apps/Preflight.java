package io.querylens.benchmarks.apps;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** What both application benchmarks need before their first run. */
final class Preflight {

  private Preflight() {}

  /** Exits, saying how to build them, when a jar the benchmark runs is missing. */
  static void requireBuilt(String buildCommand, Path... jars) {
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        System.err.println("missing " + jar + ": build with " + buildCommand);
        System.exit(2);
      }
    }
  }

  /** PostgreSQL 18 from the embedded binaries, on a free port. */
  static EmbeddedPostgres postgres() throws IOException {
    return EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
  }
}
