package io.querylens.core.sql;

import java.util.List;
import java.util.Objects;

/**
 * What QueryLens knows about one SQL string: its text with the literals taken out, the shape it
 * groups under, and the operation and tables it touches. Immutable; only {@link #operationName()}
 * may be null.
 */
public final class StatementShape {

  /** The longest sanitized or normalized text kept; longer statements are cut and flagged. */
  public static final int MAX_TEXT_CHARS = 32 * 1024;

  /** The longest summary, per the OpenTelemetry {@code db.query.summary} rules. */
  public static final int MAX_SUMMARY_CHARS = 255;

  private final String sanitizedText;
  private final String normalizedText;
  private final Fingerprint fingerprint;
  private final String summary;
  private final String operationName;
  private final List<String> collectionNames;
  private final boolean truncated;

  StatementShape(
      String sanitizedText,
      String normalizedText,
      Fingerprint fingerprint,
      String summary,
      String operationName,
      List<String> collectionNames,
      boolean truncated) {
    this.sanitizedText = sanitizedText;
    this.normalizedText = normalizedText;
    this.fingerprint = fingerprint;
    this.summary = summary;
    this.operationName = operationName;
    this.collectionNames = collectionNames;
    this.truncated = truncated;
  }

  /**
   * Literals replaced by {@code ?}, comments removed, bind markers kept; for {@code db.query.text}.
   */
  public String sanitizedText() {
    return sanitizedText;
  }

  /** The grouping form: canonical spacing and case, placeholder lists collapsed. */
  public String normalizedText() {
    return normalizedText;
  }

  public Fingerprint fingerprint() {
    return fingerprint;
  }

  /** The OpenTelemetry {@code db.query.summary}: operations and targets in order, as written. */
  public String summary() {
    return summary;
  }

  /**
   * The first operation ({@code db.operation.name}), upper-cased as the OpenTelemetry Java agent
   * does, or null when there is none.
   */
  public String operationName() {
    return operationName;
  }

  /**
   * The tables the statement names, in order of first mention, schema-qualified when written so.
   */
  public List<String> collectionNames() {
    return collectionNames;
  }

  /** True when the statement was longer than the texts kept here. */
  public boolean truncated() {
    return truncated;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof StatementShape)) {
      return false;
    }
    StatementShape that = (StatementShape) other;
    return truncated == that.truncated
        && sanitizedText.equals(that.sanitizedText)
        && normalizedText.equals(that.normalizedText)
        && fingerprint.equals(that.fingerprint)
        && summary.equals(that.summary)
        && Objects.equals(operationName, that.operationName)
        && collectionNames.equals(that.collectionNames);
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode() * 31 + sanitizedText.hashCode();
  }

  @Override
  public String toString() {
    return "StatementShape{" + fingerprint + " " + summary + ": " + normalizedText + "}";
  }
}
