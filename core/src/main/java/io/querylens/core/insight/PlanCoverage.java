package io.querylens.core.insight;

/**
 * How far the slow plan refresh covers the statement shapes seen (the agent's own and
 * pg_stat_statements'), as of its latest round: what is not planned is counted, not hidden.
 *
 * @param planned shapes whose latest attempt read a plan
 * @param waiting shapes due (never planned, or planned longer ago than the refresh interval) that
 *     the round's limit left for later rounds, this round's included
 * @param failed shapes whose latest attempt could not be planned (an untypable parameter, a table
 *     that is gone, a timeout); retried after the refresh interval
 * @param leftOut shapes beyond the {@value PlanSchedule#MAX_SHAPES} costliest, never scheduled
 */
public record PlanCoverage(int planned, int waiting, int failed, int leftOut) {}
