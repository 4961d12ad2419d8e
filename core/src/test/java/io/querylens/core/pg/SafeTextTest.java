package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void masksEveryPasswordInAUrlOrPropertyList() {
    String message =
        "No suitable driver for jdbc:postgresql://db:5432/app?user=app&password=s3cret&ssl=true"
            + " {PASSWORD=other secret}";

    assertThat(SafeText.maskPasswords(message))
        .isEqualTo(
            "No suitable driver for jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true"
                + " {PASSWORD=*** secret}")
        .doesNotContain("s3cret");
  }

  @Test
  void describesAnSqlExceptionWithItsStateAndMaskedMessage() {
    SQLException error = new SQLException("connect to url?password=hunter2 failed", "08001");

    assertThat(SafeText.describe(error))
        .isEqualTo("SQLException[08001]: connect to url?password=*** failed");
  }

  @Test
  void leavesTextWithoutPasswordsAlone() {
    assertThat(SafeText.maskPasswords("permission denied for view pg_stat_statements"))
        .isEqualTo("permission denied for view pg_stat_statements");
  }
}
