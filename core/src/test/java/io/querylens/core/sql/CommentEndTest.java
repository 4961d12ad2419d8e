package io.querylens.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The String search for a block comment's end agrees with the char-by-char one everywhere. */
class CommentEndTest {

  @Test
  void nestedAndOverlappingCommentsEndWhereTheCharByCharScanSays() {
    for (String sql :
        new String[] {
          "/* a */ x",
          "/* /* */ */ x",
          "/*/ x */",
          "/* **/",
          "/* a */* b */",
          "/* x /*/ y */ */",
          "/* never closed",
          "/**/",
          "/*/",
          "/* a *",
          "/* a /"
        }) {
      assertThat(SqlLexer.blockCommentEnd(sql, 0, sql.length()))
          .as(sql)
          .isEqualTo(SqlLexer.blockCommentEnd(sql.toCharArray(), 0, sql.length()));
    }
  }

  @Test
  void randomRunsOfSlashesStarsAndLettersEndAlike() {
    Random random = new Random(7);
    char[] alphabet = {'/', '*', 'a', ' '};
    for (int n = 0; n < 200_000; n++) {
      int length = 2 + random.nextInt(24);
      char[] chars = new char[length];
      chars[0] = '/';
      chars[1] = '*';
      for (int i = 2; i < length; i++) {
        chars[i] = alphabet[random.nextInt(alphabet.length)];
      }
      String sql = new String(chars);
      int limit = 2 + random.nextInt(length - 1);
      assertThat(SqlLexer.blockCommentEnd(sql, 0, limit))
          .as("%s up to %d", sql, limit)
          .isEqualTo(SqlLexer.blockCommentEnd(chars, 0, limit));
    }
  }
}
