// The SQL functions the lowered SQLite statements call (sqlite_dialect.hpp lists them):
// regexp() behind the REGEXP operator, running RE2 as the memory connector does, and
// lb_geo_distance(), LoopBack's haversine computed term by term as the memory
// connector's geo_distance() computes it.
#pragma once

struct sqlite3;

namespace lb::sqlite {

// Registers both functions on `db` (deterministic, UTF-8). Returns SQLite's result code.
int register_functions(sqlite3* db);

}  // namespace lb::sqlite
