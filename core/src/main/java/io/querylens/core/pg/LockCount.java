package io.querylens.core.pg;

/**
 * How many locks of one mode and type sessions hold or wait for on one relation, as the
 * postgresqlreceiver's {@code postgresql.database.locks} counts them.
 *
 * @param relation schema-qualified name ({@code regclass} text)
 * @param mode e.g. {@code AccessExclusiveLock}
 * @param lockType {@code pg_locks.locktype}: {@code relation}, {@code tuple}, {@code page}, …
 * @param locks lock entries, granted and awaited
 */
public record LockCount(String relation, String mode, String lockType, long locks) {}
