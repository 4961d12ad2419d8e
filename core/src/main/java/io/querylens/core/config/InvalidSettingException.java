package io.querylens.core.config;

/**
 * A setting's value is malformed. The message names the key, the value given and what is accepted.
 */
public final class InvalidSettingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public InvalidSettingException(String key, String value, String accepted) {
    super("invalid value '" + value + "' for " + key + ": expected " + accepted);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
