// Registers the sqlite3 connector under "sqlite3" when lb::sqlite is linked. This object
// file is added to every target that links lb_sqlite (not archived in it), so the
// static-archive linker cannot drop it for having no referenced symbol.
#include "lb/connector.hpp"
#include "sqlite/sqlite_connector.hpp"

namespace {

[[maybe_unused]] const bool kRegistered = [] {
  lb::register_connector("sqlite3", lb::sqlite::make_sqlite_connector);
  return true;
}();

}  // namespace
