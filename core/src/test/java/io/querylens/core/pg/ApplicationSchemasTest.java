package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplicationSchemasTest {

  private static final ServerKey SHOP = new ServerKey("db", 5432);
  private static final ServerKey OTHER = new ServerKey("other", 5432);

  @Test
  void aServerWhoseConnectionsNameNoSchemaHasNoSearchPathOfTheApplication() {
    ApplicationSchemas schemas = new ApplicationSchemas();
    schemas.seen(SHOP, null);
    schemas.seen(SHOP, " ");

    assertThat(schemas.searchPath(SHOP)).isNull();
    assertThat(schemas.searchPath(OTHER)).isNull();
  }

  @Test
  void theSchemasAServersConnectionsNameMakeItsSearchPathInTheOrderFirstSeen() {
    ApplicationSchemas schemas = new ApplicationSchemas();
    schemas.seen(SHOP, "app");
    schemas.seen(OTHER, "crm");
    schemas.seen(SHOP, "audit,public");
    schemas.seen(SHOP, "app");

    assertThat(schemas.searchPath(SHOP)).isEqualTo("app, audit,public");
    assertThat(schemas.searchPath(OTHER)).isEqualTo("crm");
  }

  @Test
  void aSchemaPerTenantKeepsTheFirstFewAndCountsTheRest() {
    ApplicationSchemas schemas = new ApplicationSchemas();
    for (int tenant = 0; tenant < ApplicationSchemas.MAX_SCHEMAS + 5; tenant++) {
      schemas.seen(SHOP, "tenant_" + tenant);
    }

    assertThat(schemas.searchPath(SHOP).split(", "))
        .hasSize(ApplicationSchemas.MAX_SCHEMAS)
        .startsWith("tenant_0");
    assertThat(schemas.leftOut()).isEqualTo(5);
  }
}
