package io.querylens.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lookup by the key the lexer builds while reading a word finds exactly what the char-by-char
 * lookup finds, for keywords in any case and for words that only resemble them.
 */
class KeywordKeyTest {

  @Test
  void everyKeywordIsFoundByItsKeyInAnyCase() {
    for (int id = 1; id < Keywords.count(); id++) {
      String word = Keywords.word(id);
      for (String written : new String[] {word, word.toLowerCase(), capitalized(word)}) {
        assertThat(lookUpAsLexed(written)).as(written).isEqualTo(id);
      }
    }
  }

  @Test
  void wordsThatOnlyResembleKeywordsAreNone() {
    for (String word :
        new String[] {
          "o1_0",
          "selec",
          "selects",
          "from$",
          "fro_",
          "x",
          "in1",
          "_in",
          "sélect",
          "frōm",
          "ﬁrst",
          "created_at",
          "current_dates",
          "a2345678",
          "abcdefghi"
        }) {
      assertThat(lookUpAsLexed(word))
          .as(word)
          .isEqualTo(Keywords.lookup(chars(word), 0, word.length()));
    }
  }

  @Test
  void randomWordsAreLookedUpAlikeBothWays() {
    Random random = new Random(11);
    String alphabet = "SELECTFROMWHEREINANDORselectfromwhereinandor_$0123456789éİ";
    for (int n = 0; n < 200_000; n++) {
      int length = 1 + random.nextInt(12);
      StringBuilder word = new StringBuilder();
      word.append(alphabet.charAt(random.nextInt(42)));
      for (int i = 1; i < length; i++) {
        word.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = word.toString();
      assertThat(lookUpAsLexed(text))
          .as(text)
          .isEqualTo(Keywords.lookup(chars(text), 0, text.length()));
    }
  }

  /** The keyword id of {@code word} as the fingerprinter finds it: lexed, then looked up by key. */
  private static int lookUpAsLexed(String word) {
    char[] sql = chars(word);
    SqlLexer lexer = new SqlLexer();
    lexer.reset(sql, sql.length, word);
    assertThat(lexer.next()).as(word).isEqualTo(SqlLexer.WORD);
    assertThat(lexer.end).as(word).isEqualTo(word.length());
    return Keywords.lookup(sql, lexer.start, lexer.end, lexer.wordKey);
  }

  private static char[] chars(String word) {
    return word.toCharArray();
  }

  private static String capitalized(String word) {
    return word.charAt(0) + word.substring(1).toLowerCase();
  }
}
