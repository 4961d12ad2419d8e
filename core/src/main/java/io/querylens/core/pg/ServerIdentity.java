package io.querylens.core.pg;

import java.time.Instant;

/**
 * Which server and database a snapshot describes.
 *
 * @param versionNumber {@code server_version_num}, e.g. 170004
 * @param postmasterStart {@code pg_postmaster_start_time()}: changes when the server restarts
 * @param standby whether the server is a replica in recovery
 * @param fullVisibility whether the sampling role sees other roles' sessions and statements
 *     (superuser or member of {@code pg_monitor})
 */
public record ServerIdentity(
    ServerKey server,
    String database,
    int versionNumber,
    String version,
    Instant postmasterStart,
    boolean standby,
    boolean fullVisibility) {

  public int major() {
    return versionNumber / 10000;
  }
}
