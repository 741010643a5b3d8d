// Registers the "postgresql" connector when lb::postgres is linked. This file is an
// object library added to everything that links lb_postgres (see postgres.cmake), so
// the static archive's linker cannot drop it: linking the library is enough to be able
// to name the connector in datasources.json.
#include "lb/connector.hpp"
#include "postgres/postgres_connector.hpp"

namespace {

const bool kRegistered = [] {
  lb::register_connector("postgresql", [](const lb::ConnectorConfig& config) {
    return lb::postgres::make_postgres_connector(config);
  });
  return true;
}();

}  // namespace
