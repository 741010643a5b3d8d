// PgResult: the PGresult accessors, bounds-checked against the result's shape.
#include "postgres/pg_result.hpp"

#include <libpq-fe.h>

#include <cstdlib>

namespace lb::postgres {

PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    if (result_) PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

PgResult::~PgResult() {
  if (result_) PQclear(result_);
}

std::size_t PgResult::rows() const { return result_ ? static_cast<std::size_t>(PQntuples(result_)) : 0; }

int PgResult::columns() const { return result_ ? PQnfields(result_) : 0; }

bool PgResult::is_null(std::size_t row, int column) const {
  return PQgetisnull(result_, static_cast<int>(row), column) != 0;
}

std::string_view PgResult::text(std::size_t row, int column) const {
  const int r = static_cast<int>(row);
  return {PQgetvalue(result_, r, column), static_cast<std::size_t>(PQgetlength(result_, r, column))};
}

std::string_view PgResult::column_name(int column) const {
  const char* name = PQfname(result_, column);
  return name ? std::string_view(name) : std::string_view();
}

std::int64_t PgResult::affected() const {
  if (!result_) return 0;
  const char* count = PQcmdTuples(result_);
  return count && *count ? std::strtoll(count, nullptr, 10) : 0;
}

}  // namespace lb::postgres
