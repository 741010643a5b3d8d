// Discovery: LoopBack's discoverModelDefinitions and discoverSchemas for PostgreSQL,
// read from information_schema and pg_catalog, shaped as loopback-datasource-juggler
// shapes them (model names in PascalCase, properties in camelCase, a "postgresql"
// section per model and property, foreign keys as belongsTo relations).
#pragma once

#include <string>
#include <string_view>

#include "lb/result.hpp"
#include "lb/value.hpp"
#include "postgres/pg_connection.hpp"

namespace lb::postgres {

// {"type": "table"|"view", "name", "owner"} for the tables (and with "views": true,
// the views) of `options.owner` (or "schema"), or of every schema but the system ones
// with "all": true, or else of the current schema; "limit" and "offset"/"skip" page.
[[nodiscard]] Result<Array> list_tables(PgConnection& connection, const Value& options);

// The model definition of `table` (in options.owner/schema, else the current schema)
// and, with "relations" or "associations": true, of every table its foreign keys
// reach, keyed by model name. "nameMapper": null keeps the database's names;
// "disableCamelCase": true keeps column names as they are. 404 when the table has
// no columns the connection can see.
[[nodiscard]] Result<Object> describe_tables(PgConnection& connection, std::string_view table, const Value& options,
                                             const std::string& default_schema);

// change-case's pascalCase and camelCase, which juggler's default name mapper uses:
// "order_items" -> "OrderItems" / "orderItems", "customerID" -> "CustomerId".
[[nodiscard]] std::string pascal_case(std::string_view name);
[[nodiscard]] std::string camel_case(std::string_view name);

}  // namespace lb::postgres
