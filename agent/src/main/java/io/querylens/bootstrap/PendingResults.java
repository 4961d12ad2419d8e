package io.querylens.bootstrap;

/**
 * What the agent adds to a driver's {@code Statement} class when it defines it: one field holding
 * the execution whose result set the application has not fetched yet. {@code execute(..)} returns
 * only whether there is a result set; frameworks (jOOQ, JDBC templates reading generic SQL) then
 * call {@code getResultSet()}, and that result set's rows belong to the execution. Kept in the
 * statement itself, so linking the two allocates nothing and looks nothing up.
 *
 * <p>Every rewritten class of one hierarchy that declares {@code getResultSet()} implements it
 * again over its own field, so calls made from a super class's code reach the most derived class's
 * field: one pending execution per statement object.
 */
public interface PendingResults {

  /**
   * Makes {@code scope} (null: none) the execution whose result set is pending, and returns the one
   * that was: straight-line field swap, the decisions are the bridge's.
   */
  Object querylens$swapPending(Object scope);
}
