package io.querylens.core.pg;

/**
 * One link of a blocking chain: a session waiting for a lock that another session holds. No query
 * text: it may hold literals.
 */
public record LockWait(
    int blockedPid,
    int blockingPid,
    String blockedUser,
    String blockedApplication,
    String lockType,
    String mode,
    String relation,
    double waitSeconds) {}
