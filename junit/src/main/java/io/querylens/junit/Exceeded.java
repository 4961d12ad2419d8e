package io.querylens.junit;

import java.util.List;

/**
 * One budget a test exceeded, told the way a developer fixing it wants to read it.
 *
 * @param budget the budget and its limit: {@code maxExecutionsPerShape = 10}
 * @param what what happened: {@code "SELECT orders" ran 50 times}
 * @param evidence the statement's text and, where it matters, its plan's line
 * @param fix what usually fixes it
 */
record Exceeded(String budget, String what, List<String> evidence, String fix) {

  Exceeded {
    evidence = List.copyOf(evidence);
  }
}
