// PgSettings: a "postgresql" data source's settings as loopback-connector-postgresql
// reads them (node-postgres and pg-pool names), checked once and turned into libpq
// connection parameters. Nothing here assumes a local server: the host comes from the
// settings (LoopBack's default, "localhost", only when neither "url" nor "host" is set).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "lb/connector.hpp"
#include "lb/result.hpp"

namespace lb::postgres {

struct PgSettings {
  // libpq keywords and values in order; a "dbname" holding a URL or key=value string
  // comes first, so that the explicit settings after it override its parts.
  std::vector<std::pair<std::string, std::string>> connection;
  // The schema of models whose "postgresql" section names none (search_path); empty:
  // the server's own search_path.
  std::string schema;
  std::size_t max_connections = 10;  // "max", pg-pool's pool size
  // How long a call waits for a pooled connection when all are busy
  // ("connectionTimeoutMillis", also the connect timeout).
  std::chrono::milliseconds wait{30000};
  // "host:port/database", for messages (never the password).
  std::string display;
};

// Reads `config.settings`:
//   url (or connectionString)          a postgres:// URL or a libpq key=value string
//   host (or hostname), port, user (or username), password, database (or db)
//                                      each overrides the URL's part
//   schema                             the default schema (see above)
//   max                                pool size, default 10
//   connectionTimeoutMillis            connect and pool-wait timeout, default 30000
//   ssl (true or an object), sslmode   TLS: ssl means sslmode=require
//   applicationName                    default "lb"
// 400 naming the setting when one has the wrong type or the URL does not parse.
[[nodiscard]] Result<PgSettings> read_settings(const ConnectorConfig& config);

}  // namespace lb::postgres
