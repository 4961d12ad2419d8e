package io.querylens.core.baseline;

/** A baseline file that cannot be read, with one sentence saying why. */
public final class InvalidBaselineException extends Exception {

  private static final long serialVersionUID = 1L;

  InvalidBaselineException(String message) {
    super(message);
  }
}
