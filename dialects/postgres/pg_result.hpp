// PgResult: one libpq result (PGresult), owned, read as text. Every lb statement asks
// for text results, so a value is the server's text form of its column (decoded by
// row_decoder.hpp); libpq stays behind this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

struct pg_result;

namespace lb::postgres {

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  [[nodiscard]] std::size_t rows() const;
  [[nodiscard]] int columns() const;
  [[nodiscard]] bool is_null(std::size_t row, int column) const;
  // The value's text (empty for NULL); valid while the result lives.
  [[nodiscard]] std::string_view text(std::size_t row, int column) const;
  [[nodiscard]] std::string_view column_name(int column) const;
  // The rows an INSERT, UPDATE or DELETE touched (0 for other statements).
  [[nodiscard]] std::int64_t affected() const;

 private:
  pg_result* result_ = nullptr;
};

}  // namespace lb::postgres
