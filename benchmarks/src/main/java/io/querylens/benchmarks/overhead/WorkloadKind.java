package io.querylens.benchmarks.overhead;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The four statement shapes of issue 5, and one reading many rows (issue 18's returned rows), each
 * one JDBC execution per {@link Operation#run}.
 */
enum WorkloadKind {
  /** A PreparedStatement by primary key: the hot path, every call a statement-cache hit. */
  PK_SELECT("pk_select") {
    @Override
    Operation open(Connection connection) throws SQLException {
      PreparedStatement statement =
          connection.prepareStatement("SELECT id, name, price FROM items WHERE id = ?");
      return new Operation() {
        @Override
        public void run(long sequence) throws SQLException {
          statement.setLong(1, 1 + ThreadLocalRandom.current().nextInt(Schema.ITEMS));
          drain(statement.executeQuery());
        }

        @Override
        public void close() throws SQLException {
          statement.close();
        }
      };
    }
  },
  /**
   * A Statement whose text is new on every call (the LIMIT carries the call's sequence number): the
   * fingerprinting path, never a cache hit.
   */
  LITERAL_SELECT("literal_select") {
    @Override
    Operation open(Connection connection) throws SQLException {
      Statement statement = connection.createStatement();
      return new Operation() {
        @Override
        public void run(long sequence) throws SQLException {
          int id = 1 + ThreadLocalRandom.current().nextInt(Schema.ITEMS);
          drain(
              statement.executeQuery(
                  "SELECT id, name, price FROM items WHERE id = "
                      + id
                      + " LIMIT "
                      + (1_000_000_000L + sequence)));
        }

        @Override
        public void close() throws SQLException {
          statement.close();
        }
      };
    }
  },
  /**
   * A PreparedStatement reading {@value #READ_ROWS} rows, every column of each: what the agent's
   * row counting in {@code ResultSet.next()} costs shows here, against {@code querylens_rows_off}.
   */
  ROWS_SELECT("rows_select") {
    @Override
    Operation open(Connection connection) throws SQLException {
      PreparedStatement statement =
          connection.prepareStatement(
              "SELECT id, name, price FROM items WHERE id > ? ORDER BY id LIMIT " + READ_ROWS);
      return new Operation() {
        @Override
        public void run(long sequence) throws SQLException {
          statement.setLong(1, ThreadLocalRandom.current().nextInt(Schema.ITEMS - READ_ROWS));
          drain(statement.executeQuery());
        }

        @Override
        public void close() throws SQLException {
          statement.close();
        }
      };
    }
  },
  /** One executeBatch of {@value #BATCH_ROWS} inserts: one span, one statement counted. */
  BATCH_INSERT("batch_insert") {
    @Override
    Operation open(Connection connection) throws SQLException {
      PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO events (item_id, kind, payload) VALUES (?, ?, ?)");
      return new Operation() {
        @Override
        public void run(long sequence) throws SQLException {
          for (int row = 0; row < BATCH_ROWS; row++) {
            statement.setLong(1, row);
            statement.setString(2, "view");
            statement.setString(3, "payload");
            statement.addBatch();
          }
          statement.executeBatch();
        }

        @Override
        public void close() throws SQLException {
          statement.close();
        }
      };
    }
  },
  /**
   * {@link #PK_SELECT} inside the application's traces: every {@value #STATEMENTS_PER_REQUEST}
   * statements one new sampled request context of the OpenTelemetry API (a wrapped span context, as
   * a server instrumentation would make current). What capturing the parent context costs, with
   * every statement's span exported (a sampled trace spends no span budget), and with the trace
   * carried into PostgreSQL ({@code querylens_trace_context}: one SET per request).
   */
  PK_SELECT_TRACED("pk_select_traced") {
    @Override
    Operation open(Connection connection) throws SQLException {
      return inRequests(PK_SELECT.open(connection));
    }
  },
  /**
   * A plain Statement by primary key inside the application's traces, as {@link #PK_SELECT_TRACED}:
   * one of {@value #PLAIN_TEXTS} fixed texts per call, so the statement cache hits as for a
   * prepared statement. What the trailing traceparent comment costs ({@code
   * querylens_trace_comment}) against {@code querylens}: a new text per statement.
   */
  PLAIN_SELECT_TRACED("plain_select_traced") {
    @Override
    Operation open(Connection connection) throws SQLException {
      Statement statement = connection.createStatement();
      return inRequests(
          new Operation() {
            @Override
            public void run(long sequence) throws SQLException {
              drain(
                  statement.executeQuery(
                      PLAIN_SELECTS[ThreadLocalRandom.current().nextInt(PLAIN_TEXTS)]));
            }

            @Override
            public void close() throws SQLException {
              statement.close();
            }
          });
    }
  },
  /** What Hibernate sends to load an order with its customer and items: ~2 KB, three joins. */
  ORM_SELECT("orm_select") {
    @Override
    Operation open(Connection connection) throws SQLException {
      PreparedStatement statement = connection.prepareStatement(ORM_SQL);
      return new Operation() {
        @Override
        public void run(long sequence) throws SQLException {
          statement.setLong(1, 1 + ThreadLocalRandom.current().nextInt(Schema.ORDERS));
          statement.setString(2, "SHIPPED");
          drain(statement.executeQuery());
        }

        @Override
        public void close() throws SQLException {
          statement.close();
        }
      };
    }
  };

  static final int BATCH_ROWS = 100;

  static final int PLAIN_TEXTS = 100;

  private static final String[] PLAIN_SELECTS = plainSelects();

  static final int STATEMENTS_PER_REQUEST = 10;

  static final int READ_ROWS = 100;

  static final String ORM_SQL = ormSql();

  private final String label;

  WorkloadKind(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** Prepares one worker's statement on its own connection. */
  abstract Operation open(Connection connection) throws SQLException;

  static WorkloadKind byLabel(String label) {
    for (WorkloadKind kind : values()) {
      if (kind.label.equals(label)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown workload '"
            + label
            + "': pk_select, literal_select, rows_select, batch_insert, orm_select,"
            + " pk_select_traced, plain_select_traced");
  }

  /** One worker's prepared statement. */
  interface Operation extends AutoCloseable {
    void run(long sequence) throws SQLException;

    @Override
    void close() throws SQLException;
  }

  /**
   * {@code operation} inside the application's traces: every {@value #STATEMENTS_PER_REQUEST}
   * statements a new sampled request context becomes current.
   */
  private static Operation inRequests(Operation operation) {
    return new Operation() {
      private Scope request;

      @Override
      public void run(long sequence) throws SQLException {
        if (sequence % STATEMENTS_PER_REQUEST == 0) {
          endRequest();
          request = Span.wrap(newRequestContext()).makeCurrent();
        }
        operation.run(sequence);
      }

      @Override
      public void close() throws SQLException {
        endRequest();
        operation.close();
      }

      private void endRequest() {
        if (request != null) {
          request.close();
          request = null;
        }
      }
    };
  }

  private static String[] plainSelects() {
    String[] texts = new String[PLAIN_TEXTS];
    for (int i = 0; i < PLAIN_TEXTS; i++) {
      texts[i] = "SELECT id, name, price FROM items WHERE id = " + (1 + i);
    }
    return texts;
  }

  /** A sampled span context with random ids, as a request from outside would bring. */
  private static SpanContext newRequestContext() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return SpanContext.create(
        String.format("%016x%016x", random.nextLong() | 1, random.nextLong()),
        String.format("%016x", random.nextLong() | 1),
        TraceFlags.getSampled(),
        TraceState.getDefault());
  }

  /** Reads every column of every row, as an application mapping the result would. */
  private static void drain(ResultSet rows) throws SQLException {
    try (rows) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int column = 1; column <= columns; column++) {
          rows.getObject(column);
        }
      }
    }
  }

  /** Hibernate 6 style: table aliases {@code o1_0}, every mapped column, bind markers. */
  private static String ormSql() {
    String[] aliases = {"o1_0", "c1_0", "i1_0", "p1_0"};
    StringBuilder sql = new StringBuilder("select ");
    for (int t = 0; t < aliases.length; t++) {
      for (int c = 0; c < Schema.ORM_COLUMNS.length; c++) {
        if (t > 0 || c > 0) {
          sql.append(',');
        }
        sql.append(aliases[t])
            .append('.')
            .append(Schema.ORM_COLUMNS[c])
            .append(" as ")
            .append(Schema.ORM_COLUMNS[c], 0, Math.min(8, Schema.ORM_COLUMNS[c].length()))
            .append(t)
            .append('_')
            .append(c)
            .append('_');
      }
    }
    return sql.append(" from orders o1_0")
        .append(" left join customers c1_0 on c1_0.id=o1_0.customer_id")
        .append(" left join order_items i1_0 on o1_0.id=i1_0.order_id")
        .append(" left join products p1_0 on p1_0.id=i1_0.product_id")
        .append(" where o1_0.id=? and o1_0.status=?")
        .append(" order by i1_0.id")
        .toString();
  }
}
