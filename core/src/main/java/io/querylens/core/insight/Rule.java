package io.querylens.core.insight;

import java.util.List;

/** One kind of finding: reads the advisor's input, says what it finds. Pure: no I/O, no clock. */
public interface Rule {

  List<Finding> evaluate(AdvisorInput input);
}
