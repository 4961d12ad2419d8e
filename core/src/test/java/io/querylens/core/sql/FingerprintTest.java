package io.querylens.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FingerprintTest {

  @Test
  void printsAsSixteenLowercaseHexCharsAndReadsBack() {
    Fingerprint small = Fingerprint.of(0xABL);
    Fingerprint negative = Fingerprint.of(-2L);

    assertThat(small.toHex()).isEqualTo("00000000000000ab");
    assertThat(negative.toHex()).isEqualTo("fffffffffffffffe");
    assertThat(Fingerprint.fromHex("FFFFFFFFFFFFFFFE")).isEqualTo(negative);
    assertThat(small.toString()).isEqualTo(small.toHex());
  }

  @Test
  void rejectsTextThatIsNotSixteenHexDigits() {
    assertThatThrownBy(() -> Fingerprint.fromHex("abc"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fingerprint.fromHex("zzzzzzzzzzzzzzzz"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
