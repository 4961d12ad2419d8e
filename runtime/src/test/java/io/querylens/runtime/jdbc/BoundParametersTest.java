package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BoundParametersTest {

  @Test
  void valuesAreKeptByZeroBasedPositionWithGapsLeftEmpty() {
    BoundParameters bound = new BoundParameters();
    bound.set(1, "alice@example.org");
    bound.set(3, 42L);

    assertThat(bound.values()).containsExactly("alice@example.org", null, "42");
  }

  @Test
  void settingAPositionAgainReplacesItsValue() {
    BoundParameters bound = new BoundParameters();
    bound.set(1, 7);
    bound.set(1, 8);

    assertThat(bound.values()).containsExactly("8");
  }

  @Test
  void positionsPastTheBoundAndBelowOneAreDropped() {
    BoundParameters bound = new BoundParameters();
    for (int index = 0; index <= BoundParameters.MAX_PARAMETERS + 10; index++) {
      bound.set(index, index);
    }

    String[] values = bound.values();
    assertThat(values).hasSize(BoundParameters.MAX_PARAMETERS);
    assertThat(values[0]).isEqualTo("1");
    assertThat(values[BoundParameters.MAX_PARAMETERS - 1])
        .isEqualTo(String.valueOf(BoundParameters.MAX_PARAMETERS));
  }

  @Test
  void aLongValueIsCutAndTheApplicationsStringIsNotHeld() {
    BoundParameters bound = new BoundParameters();
    bound.set(1, "x".repeat(10_000_000));

    assertThat(bound.values()[0])
        .hasSize(BoundParameters.MAX_VALUE_CHARS)
        .containsOnlyOnce("x".repeat(256));
  }

  @Test
  void theValuesAreACopyThatLaterSettersDoNotChange() {
    BoundParameters bound = new BoundParameters();
    bound.set(1, "before");
    String[] seen = bound.values();
    bound.set(1, "after");

    assertThat(seen).containsExactly("before");
  }

  @Test
  void jdkValueTypesAreRecordedAsTheirText() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    assertThat(BoundParameters.text(new BigDecimal("12.50"))).isEqualTo("12.50");
    assertThat(BoundParameters.text(true)).isEqualTo("true");
    assertThat(BoundParameters.text(2.5d)).isEqualTo("2.5");
    assertThat(BoundParameters.text(Date.valueOf("2026-11-22"))).isEqualTo("2026-11-22");
    assertThat(BoundParameters.text(Timestamp.valueOf("2026-11-22 10:15:30")))
        .isEqualTo("2026-11-22 10:15:30.0");
    assertThat(BoundParameters.text(LocalDate.of(2026, 11, 22))).isEqualTo("2026-11-22");
    assertThat(BoundParameters.text(id)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
  }

  @Test
  void nullBytesAndStreamsAreMarkersAndStreamsAreNeverRead() {
    ByteArrayInputStream stream = new ByteArrayInputStream(new byte[] {1, 2, 3});

    assertThat(BoundParameters.text(null)).isEqualTo("<null>");
    assertThat(BoundParameters.text(new byte[] {1, 2})).isEqualTo("<bytes>");
    assertThat(BoundParameters.text(stream)).isEqualTo("<stream>");
    assertThat(BoundParameters.text(new StringReader("secret"))).isEqualTo("<stream>");
    assertThat(stream.available()).isEqualTo(3);
  }

  @Test
  void anApplicationsObjectIsNamedByItsClassWithoutCallingItsToString() {
    Object application =
        new Object() {
          @Override
          public String toString() {
            throw new AssertionError("toString must not be called");
          }
        };
    Number applicationNumber = new ApplicationNumber();

    assertThat(BoundParameters.text(application)).startsWith("<").endsWith(">");
    assertThat(BoundParameters.text(applicationNumber))
        .isEqualTo("<" + ApplicationNumber.class.getName() + ">");
  }

  /** A Number the application defines: its toString is application code. */
  private static final class ApplicationNumber extends Number {
    private static final long serialVersionUID = 1L;

    @Override
    public int intValue() {
      return 0;
    }

    @Override
    public long longValue() {
      return 0;
    }

    @Override
    public float floatValue() {
      return 0;
    }

    @Override
    public double doubleValue() {
      return 0;
    }

    @Override
    public String toString() {
      throw new AssertionError("toString must not be called");
    }
  }
}
