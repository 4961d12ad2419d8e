package io.querylens.benchmarks.sql;

/** The four statements the issue names, built once so both sanitizers see the very same strings. */
final class Workloads {

  static final String PK_SELECT = "pk_select";
  static final String ORM_JOIN_2KB = "orm_join_2kb";
  static final String IN_LIST_100 = "in_list_100";
  static final String VALUES_500_ROWS = "values_500_rows";

  private Workloads() {}

  static String sql(String name) {
    switch (name) {
      case PK_SELECT:
        return "SELECT id, name, email FROM customers WHERE id = 42";
      case ORM_JOIN_2KB:
        return ormJoin();
      case IN_LIST_100:
        return inList();
      case VALUES_500_ROWS:
        return valuesRows();
      default:
        throw new IllegalArgumentException("no workload " + name);
    }
  }

  /** What Hibernate writes for an entity with two joined associations: aliases, every column. */
  private static String ormJoin() {
    StringBuilder sql = new StringBuilder("select ");
    String[] tables = {"orders", "customers", "order_items", "products"};
    String[] aliases = {"o1_0", "c1_0", "i1_0", "p1_0"};
    String[] columns = {
      "id",
      "created_at",
      "updated_at",
      "status",
      "total_amount",
      "currency",
      "note",
      "version",
      "external_reference",
      "shipping_address_line1",
      "shipping_address_city",
      "shipping_postcode"
    };
    for (int t = 0; t < tables.length; t++) {
      for (String column : columns) {
        if (sql.length() > 7) {
          sql.append(", ");
        }
        sql.append(aliases[t]).append('.').append(column);
      }
    }
    sql.append(" from orders o1_0")
        .append(" left join customers c1_0 on c1_0.id=o1_0.customer_id")
        .append(" left join order_items i1_0 on o1_0.id=i1_0.order_id")
        .append(" left join products p1_0 on p1_0.id=i1_0.product_id")
        .append(" where o1_0.status='SHIPPED' and o1_0.created_at>='2024-01-01 00:00:00'")
        .append(" and c1_0.email like '%@example.com' and p1_0.price between 10.5 and 99.99")
        .append(" order by o1_0.created_at desc, o1_0.id offset 40 rows fetch first 20 rows only");
    while (sql.length() < 2048) {
      sql.append(" /* padding to 2 KB as ORMs' comments do */");
    }
    return sql.toString();
  }

  private static String inList() {
    StringBuilder sql = new StringBuilder("SELECT * FROM orders WHERE id IN (");
    for (int i = 0; i < 100; i++) {
      sql.append(i == 0 ? "" : ", ").append(100_000 + i * 7);
    }
    return sql.append(')').toString();
  }

  private static String valuesRows() {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO order_items (order_id, product_id, quantity, price) VALUES ");
    for (int i = 0; i < 500; i++) {
      sql.append(i == 0 ? "" : ", ")
          .append('(')
          .append(1000 + i)
          .append(", ")
          .append(i % 37)
          .append(", ")
          .append(1 + i % 5)
          .append(", ")
          .append(i % 90)
          .append(".99)");
    }
    return sql.toString();
  }
}
