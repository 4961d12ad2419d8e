package io.querylens.core.pg;

/** A session whose transaction has been open long: holds back vacuum and may hold locks. */
public record LongTransaction(
    int pid, String user, String applicationName, String state, double ageSeconds) {}
