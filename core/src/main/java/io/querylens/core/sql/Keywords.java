package io.querylens.core.sql;

/**
 * The SQL words the normalizer writes in upper case and the summary reacts to, looked up straight
 * from the statement's chars (case-insensitive, no allocation). A word missing here is folded to
 * lower case like an identifier, so an incomplete list changes only how the normalized text looks,
 * never which statements group together.
 */
final class Keywords {

  /**
   * Keyword flag: the word ends an operand, so a following {@code -} is binary ({@code END - 1}).
   */
  static final int ENDS_OPERAND = 1;

  /** Keyword flag: the word is a literal value ({@code TRUE}, {@code FALSE}). */
  static final int LITERAL = 2;

  /** Keyword flag: written like a function, with no space before its parenthesis. */
  static final int CALL_LIKE = 4;

  /** Keyword flag: ends a FROM list ({@code WHERE}, {@code GROUP}, ...). */
  static final int ENDS_FROM_LIST = 8;

  /**
   * Keyword flag: may qualify a CREATE before the kind of object ({@code UNIQUE}, {@code TEMP}).
   */
  static final int DDL_MODIFIER = 16;

  /** Keyword flag: a kind of schema object after CREATE, ALTER or DROP. */
  static final int DDL_KIND = 32;

  private static final String[] WORDS = {
    // 0 is "not a keyword".
    "",
    // Operations.
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "MERGE",
    "WITH",
    "VALUES",
    "CALL",
    "EXECUTE",
    "EXEC",
    "CREATE",
    "ALTER",
    "DROP",
    "TRUNCATE",
    "EXPLAIN",
    "ANALYZE",
    "ANALYSE",
    "LOCK",
    // Clauses the summary follows.
    "FROM",
    "JOIN",
    "INTO",
    "USING",
    "AS",
    "ON",
    "IN",
    "ARRAY",
    "TABLE",
    "ONLY",
    "LATERAL",
    "RECURSIVE",
    "MATERIALIZED",
    "DISTINCT",
    "DO",
    "THEN",
    "FOR",
    "NOT",
    "IF",
    "EXISTS",
    "INDEX",
    "VIEW",
    "SEQUENCE",
    "CONCURRENTLY",
    "VERBOSE",
    "NULL",
    "TRUE",
    "FALSE",
    "END",
    "SET",
    "OR",
    "REPLACE",
    // The rest: written upper case, otherwise neutral.
    "ALL",
    "AND",
    "ANY",
    "ASC",
    "ASYMMETRIC",
    "BETWEEN",
    "BOTH",
    "BY",
    "CASE",
    "CAST",
    "CHECK",
    "COALESCE",
    "COLLATE",
    "COLUMN",
    "CONSTRAINT",
    "CONFLICT",
    "CROSS",
    "CURRENT",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "DATE",
    "DEFAULT",
    "DEFERRABLE",
    "DESC",
    "ELSE",
    "ESCAPE",
    "EXCEPT",
    "EXTRACT",
    "FETCH",
    "FILTER",
    "FOLLOWING",
    "FOREIGN",
    "FULL",
    "GRANT",
    "GREATEST",
    "GROUP",
    "GROUPING",
    "HAVING",
    "ILIKE",
    "INITIALLY",
    "INNER",
    "INTERSECT",
    "INTERVAL",
    "IS",
    "ISNULL",
    "LEADING",
    "LEAST",
    "LEFT",
    "LIKE",
    "LIMIT",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "NATURAL",
    "NOTHING",
    "NOTNULL",
    "NOWAIT",
    "NULLIF",
    "NULLS",
    "OFFSET",
    "ORDER",
    "OUTER",
    "OVER",
    "PARTITION",
    "PRECEDING",
    "PRIMARY",
    "RANGE",
    "REFERENCES",
    "RETURNING",
    "RIGHT",
    "ROWS",
    "SESSION_USER",
    "SIMILAR",
    "SOME",
    "SYMMETRIC",
    "TIMESTAMP",
    "TO",
    "TRAILING",
    "UNBOUNDED",
    "UNION",
    "UNIQUE",
    "USER",
    "VARIADIC",
    "WHEN",
    "WHERE",
    "WINDOW",
    "MATCHED",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT",
    "RELEASE",
    "TRANSACTION",
    "VACUUM",
    "TEMP",
    "TEMPORARY",
    "UNLOGGED",
    "GLOBAL",
    "LOCAL",
    "SCHEMA",
    "FUNCTION",
    "PROCEDURE",
    "TRIGGER",
    "TYPE",
    "EXTENSION",
    "DATABASE",
    "DOMAIN",
    "CASCADE",
    "RESTRICT",
    "ADD",
    "SHARE",
    "SKIP",
    "LOCKED",
    "OF",
    "ROW",
    "WITHIN",
    "ORDINALITY",
    "TIES",
    "NEXT",
    "FIRST",
    "LAST",
    "PERCENT",
    "BOOLEAN",
    "INTEGER",
    "INT",
    "BIGINT",
    "SMALLINT",
    "TEXT",
    "VARCHAR",
    "NUMERIC",
    "DECIMAL",
    "REAL",
    "DOUBLE",
    "PRECISION",
    "CHARACTER",
    "VARYING",
    "KEY",
    "NO",
    "TABLESAMPLE",
    "RETURNS",
    "LANGUAGE",
    "OWNED",
    "SHOW",
    "RESET",
    "DISCARD",
    "PREPARE",
    "DEALLOCATE",
    "LISTEN",
    "NOTIFY",
    "COPY",
    "GRANTED",
    "REVOKE",
    "COMMENT",
    "REFRESH"
  };

  static final int SELECT = id("SELECT");
  static final int INSERT = id("INSERT");
  static final int UPDATE = id("UPDATE");
  static final int DELETE = id("DELETE");
  static final int MERGE = id("MERGE");
  static final int WITH = id("WITH");
  static final int VALUES = id("VALUES");
  static final int CALL = id("CALL");
  static final int EXECUTE = id("EXECUTE");
  static final int EXEC = id("EXEC");
  static final int CREATE = id("CREATE");
  static final int ALTER = id("ALTER");
  static final int DROP = id("DROP");
  static final int TRUNCATE = id("TRUNCATE");
  static final int EXPLAIN = id("EXPLAIN");
  static final int ANALYZE = id("ANALYZE");
  static final int ANALYSE = id("ANALYSE");
  static final int VERBOSE = id("VERBOSE");
  static final int LOCK = id("LOCK");
  static final int FROM = id("FROM");
  static final int JOIN = id("JOIN");
  static final int INTO = id("INTO");
  static final int USING = id("USING");
  static final int AS = id("AS");
  static final int ON = id("ON");
  static final int IN = id("IN");
  static final int ARRAY = id("ARRAY");
  static final int TABLE = id("TABLE");
  static final int ONLY = id("ONLY");
  static final int LATERAL = id("LATERAL");
  static final int RECURSIVE = id("RECURSIVE");
  static final int MATERIALIZED = id("MATERIALIZED");
  static final int DISTINCT = id("DISTINCT");
  static final int DO = id("DO");
  static final int THEN = id("THEN");
  static final int FOR = id("FOR");
  static final int NOT = id("NOT");
  static final int IF = id("IF");
  static final int EXISTS = id("EXISTS");
  static final int INDEX = id("INDEX");
  static final int VIEW = id("VIEW");
  static final int SEQUENCE = id("SEQUENCE");
  static final int CONCURRENTLY = id("CONCURRENTLY");
  static final int NULL = id("NULL");
  static final int TRUE = id("TRUE");
  static final int FALSE = id("FALSE");
  static final int END = id("END");
  static final int SET = id("SET");
  static final int OR = id("OR");
  static final int BY = id("BY");
  static final int ORDER = id("ORDER");
  static final int GROUP = id("GROUP");
  static final int REPLACE = id("REPLACE");

  /** A word of up to this many ASCII chars has a key: all its chars, 8 bits each. */
  static final int KEY_CHARS = 8;

  private static final int TABLE_SIZE = 1024;
  private static final int MAX_LENGTH = 17;
  private static final int[] SLOTS = new int[TABLE_SIZE];
  private static final char[][] TEXT = new char[WORDS.length][];
  private static final int[] FLAGS = new int[WORDS.length];

  /**
   * One bit per (length, first letter, last letter) that some keyword has. Most identifiers of an
   * ORM's select list ({@code o1_0}, {@code total_amount}) have none, and are turned down here
   * without hashing: the lookup used to be a sixth of the fingerprinter's time on such statements.
   */
  private static final long[] SHAPES = new long[(MAX_LENGTH + 1) * 26 * 26 / 64 + 1];

  /**
   * The keys of the words of up to {@link #KEY_CHARS} chars, in a table of their own: most keywords
   * are that short, and one comparison of keys replaces a char-by-char match.
   */
  private static final int[] KEY_SLOTS = new int[TABLE_SIZE];

  private static final long[] KEYS = new long[WORDS.length];

  static {
    for (int id = 1; id < WORDS.length; id++) {
      char[] text = WORDS[id].toCharArray();
      TEXT[id] = text;
      if (text.length <= KEY_CHARS) {
        long key = 0;
        for (char c : text) {
          key = addToKey(key, c);
        }
        KEYS[id] = key;
        int keySlot = keySlot(key);
        while (KEY_SLOTS[keySlot] != 0) {
          keySlot = (keySlot + 1) & (TABLE_SIZE - 1);
        }
        KEY_SLOTS[keySlot] = id;
      }
      int shape = shape(text.length, text[0], text[text.length - 1]);
      SHAPES[shape >>> 6] |= 1L << shape;
      int slot = hash(text, 0, text.length) & (TABLE_SIZE - 1);
      while (SLOTS[slot] != 0) {
        if (WORDS[SLOTS[slot]].equals(WORDS[id])) {
          throw new IllegalStateException("duplicate keyword " + WORDS[id]);
        }
        slot = (slot + 1) & (TABLE_SIZE - 1);
      }
      SLOTS[slot] = id;
    }
    flag(ENDS_OPERAND, "NULL", "TRUE", "FALSE", "END", "CURRENT_DATE", "CURRENT_TIME");
    flag(ENDS_OPERAND, "CURRENT_TIMESTAMP", "CURRENT_USER", "CURRENT_ROLE", "SESSION_USER");
    flag(ENDS_OPERAND, "LOCALTIME", "LOCALTIMESTAMP", "USER");
    flag(LITERAL, "TRUE", "FALSE");
    flag(CALL_LIKE, "CAST", "COALESCE", "NULLIF", "GREATEST", "LEAST", "EXTRACT", "ANY", "SOME");
    flag(CALL_LIKE, "ALL", "GROUPING", "NUMERIC", "DECIMAL", "VARCHAR", "CHARACTER", "TIMESTAMP");
    flag(ENDS_FROM_LIST, "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "FETCH");
    flag(ENDS_FROM_LIST, "WINDOW", "UNION", "INTERSECT", "EXCEPT", "RETURNING", "FOR", "SET");
    flag(ENDS_FROM_LIST, "WHEN", "VALUES", "SELECT", "DO", "INSERT", "UPDATE", "DELETE");
    flag(DDL_MODIFIER, "OR", "REPLACE", "UNIQUE", "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL");
    flag(DDL_MODIFIER, "LOCAL", "MATERIALIZED", "RECURSIVE");
    flag(DDL_KIND, "TABLE", "VIEW", "SEQUENCE", "INDEX", "SCHEMA", "FUNCTION", "PROCEDURE");
    flag(DDL_KIND, "TRIGGER", "TYPE", "EXTENSION", "DATABASE", "DOMAIN");
  }

  private Keywords() {}

  /**
   * The key of a word so far, then {@code c}: {@code & 0xDF} upper-cases ASCII letters and maps the
   * other identifier chars (digits, _ and $) to values no letter has, nor 0; so two words of up to
   * {@link #KEY_CHARS} ASCII chars have one key exactly when they are equal but for case. The lexer
   * builds it as it reads a word, which makes the lookup of a short word one probe.
   */
  static long addToKey(long key, char c) {
    return (key << 8) | (c & 0xDF);
  }

  /**
   * As {@link #lookup(char[], int, int)}, given the word's key (see {@link #addToKey}), or 0 when
   * it has none (longer, or not ASCII).
   */
  static int lookup(char[] sql, int start, int end, long key) {
    if (key == 0) {
      // No keyword of up to KEY_CHARS chars has a char outside ASCII.
      return end - start > KEY_CHARS ? lookup(sql, start, end) : 0;
    }
    int slot = keySlot(key);
    while (true) {
      int id = KEY_SLOTS[slot];
      if (id == 0 || KEYS[id] == key) {
        return id;
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
  }

  private static int keySlot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> 54);
  }

  /** The keyword id of {@code sql[start, end)}, or 0 when the word is not a keyword. */
  static int lookup(char[] sql, int start, int end) {
    int length = end - start;
    if (length < 2 || length > MAX_LENGTH) {
      return 0;
    }
    int first = (sql[start] | 0x20) - 'a';
    int last = (sql[end - 1] | 0x20) - 'a';
    if (first < 0 || first >= 26 || last < 0 || last >= 26) {
      return 0; // every keyword begins and ends with a letter
    }
    int shape = (length * 26 + first) * 26 + last;
    if ((SHAPES[shape >>> 6] & (1L << shape)) == 0) {
      return 0;
    }
    int slot = hash(sql, start, end) & (TABLE_SIZE - 1);
    while (true) {
      int id = SLOTS[slot];
      if (id == 0) {
        return 0;
      }
      if (matches(TEXT[id], sql, start, length)) {
        return id;
      }
      slot = (slot + 1) & (TABLE_SIZE - 1);
    }
  }

  /** The (length, first letter, last letter) bit of a keyword's text, all upper case. */
  private static int shape(int length, char first, char last) {
    return (length * 26 + (first - 'A')) * 26 + (last - 'A');
  }

  static char[] text(int id) {
    return TEXT[id];
  }

  static String word(int id) {
    return WORDS[id];
  }

  /** One more than the highest keyword id. */
  static int count() {
    return WORDS.length;
  }

  static boolean has(int id, int flag) {
    return (FLAGS[id] & flag) != 0;
  }

  private static boolean matches(char[] keyword, char[] sql, int start, int length) {
    if (keyword.length != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = sql[start + i];
      if (c >= 'a' && c <= 'z') {
        c -= 32;
      }
      if (c != keyword[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Hashes a word by its length and its first two and last two chars, upper-cased: enough to tell
   * the keywords apart, and it reads 4 chars of a long identifier, not all of them. (Chars that no
   * keyword has just hash somewhere; {@link #matches} turns them down.)
   */
  private static int hash(char[] word, int start, int end) {
    int h = end - start;
    h = h * 31 + upper(word[start]);
    h = h * 31 + upper(word[start + 1]);
    h = h * 31 + upper(word[end - 2]);
    h = h * 31 + upper(word[end - 1]);
    return mix(h);
  }

  private static int upper(char c) {
    return c >= 'a' && c <= 'z' ? c - 32 : c;
  }

  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x7feb352d;
    h ^= h >>> 15;
    return h;
  }

  private static void flag(int flag, String... words) {
    for (String word : words) {
      FLAGS[id(word)] |= flag;
    }
  }

  private static int id(String word) {
    for (int id = 1; id < WORDS.length; id++) {
      if (WORDS[id].equals(word)) {
        return id;
      }
    }
    throw new IllegalStateException("not a keyword: " + word);
  }
}
