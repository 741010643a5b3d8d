// regexp() and lb_geo_distance() for SQLite. RE2 runs in linear time, so a pattern from
// a filter cannot make a query run away; the compiled pattern is kept with the
// statement (sqlite3_set_auxdata) so a scan compiles it once.
#include "sqlite/sqlite_functions.hpp"

#include <re2/re2.h>
#include <sqlite3.h>

#include <cmath>
#include <string>

#include "sqlite/sqlite_dialect.hpp"

namespace lb::sqlite {
namespace {

void delete_pattern(void* pattern) { delete static_cast<RE2*>(pattern); }

// regexp(pattern, text): NULL when either is NULL, false when `text` is not TEXT (the
// memory connector matches strings only), else RE2's partial match.
void regexp_function(sqlite3_context* context, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(context);
    return;
  }
  if (sqlite3_value_type(argv[1]) != SQLITE_TEXT) {
    sqlite3_result_int(context, 0);
    return;
  }
  auto* pattern = static_cast<RE2*>(sqlite3_get_auxdata(context, 0));
  if (!pattern) {
    RE2::Options options;
    options.set_log_errors(false);
    const char* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    auto* compiled = new RE2(re2::StringPiece(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))), options);
    if (!compiled->ok()) {
      const std::string message = "invalid regular expression: " + compiled->error();
      delete compiled;
      sqlite3_result_error(context, message.c_str(), -1);
      return;
    }
    // SQLite owns it from here (and may free it at once when it cannot keep it).
    sqlite3_set_auxdata(context, 0, compiled, delete_pattern);
    pattern = static_cast<RE2*>(sqlite3_get_auxdata(context, 0));
    if (!pattern) {
      sqlite3_result_error_nomem(context);
      return;
    }
  }
  const char* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
  re2::StringPiece subject(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[1])));
  sqlite3_result_int(context, RE2::PartialMatch(subject, *pattern) ? 1 : 0);
}

// lb_geo_distance(lat1, lng1, lat2, lng2, radius): the terms in the memory connector's
// order, with LoopBack's degree factor, so a row at the edge of maxDistance falls on the
// same side in both.
void distance_function(sqlite3_context* context, int argc, sqlite3_value** argv) {
  for (int i = 0; i < argc; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
      sqlite3_result_null(context);
      return;
    }
  }
  constexpr double kDegreesToRadians = 0.01745329252;
  auto haversine = [](double angle) {
    double s = std::sin(angle / 2.0);
    return s * s;
  };
  double x1 = sqlite3_value_double(argv[0]) * kDegreesToRadians;
  double y1 = sqlite3_value_double(argv[1]) * kDegreesToRadians;
  double x2 = sqlite3_value_double(argv[2]) * kDegreesToRadians;
  double y2 = sqlite3_value_double(argv[3]) * kDegreesToRadians;
  double f = std::sqrt(haversine(x2 - x1) + std::cos(x2) * std::cos(x1) * haversine(y2 - y1));
  sqlite3_result_double(context, 2 * std::asin(f) * sqlite3_value_double(argv[4]));
}

}  // namespace

int register_functions(sqlite3* db) {
  constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
  int rc = sqlite3_create_function_v2(db, SqliteDialect::kRegexpFunction, 2, kFlags, nullptr, regexp_function,
                                      nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return rc;
  return sqlite3_create_function_v2(db, SqliteDialect::kDistanceFunction, 5, kFlags, nullptr, distance_function,
                                    nullptr, nullptr, nullptr);
}

}  // namespace lb::sqlite
