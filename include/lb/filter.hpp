// lb::Filter and lb::Where: a fluent C++ builder for LoopBack filters.
//
//   auto f = lb::Filter()
//                .where(lb::where("price").gt(10) && lb::where("name").like("p%"))
//                .order("price DESC").limit(5);
//
// A builder writes the filter's JSON form (to_value()) and parses it, so it yields
// exactly the filter::Syntax the same filter written as JSON text yields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lb/filter/limits.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/result.hpp"
#include "lb/value.hpp"

namespace lb {

// A where clause under construction: its JSON form. Builders never fail; problems
// (an empty property name, "between" values that break a limit, ...) surface when the
// JSON form is parsed, by syntax() or by the call that takes the filter.
class Where {
 public:
  Where() = default;  // matches everything: {}
  explicit Where(Value json) : json_(std::move(json)) {}

  [[nodiscard]] const Value& to_value() const { return json_; }
  [[nodiscard]] Result<filter::WhereNode> syntax(const filter::Limits& limits = {}) const;

  // {"and": [a, b]} / {"or": [a, b]}; chains of the same operator stay flat, and an
  // empty Where (match everything) drops out of an and.
  friend Where operator&&(const Where& a, const Where& b);
  friend Where operator||(const Where& a, const Where& b);

 private:
  Value json_ = Object{};
};

// {"nor": [...]}.
[[nodiscard]] Where nor(std::vector<Where> terms);

// The left side of a condition: where("price").gt(10).
class WherePath {
 public:
  explicit WherePath(std::string path) : path_(std::move(path)) {}

  [[nodiscard]] Where eq(Value v) const;
  [[nodiscard]] Where neq(Value v) const;
  [[nodiscard]] Where gt(Value v) const;
  [[nodiscard]] Where gte(Value v) const;
  [[nodiscard]] Where lt(Value v) const;
  [[nodiscard]] Where lte(Value v) const;
  [[nodiscard]] Where between(Value low, Value high) const;
  [[nodiscard]] Where inq(Array values) const;
  [[nodiscard]] Where nin(Array values) const;
  [[nodiscard]] Where like(std::string pattern) const;
  [[nodiscard]] Where nlike(std::string pattern) const;
  [[nodiscard]] Where ilike(std::string pattern) const;
  [[nodiscard]] Where nilike(std::string pattern) const;
  // A pattern, optionally as a "/re/flags" literal; flags such as "i" may also be given
  // (they are written into the literal form: regexp("^p", "i") is "/^p/i").
  [[nodiscard]] Where regexp(std::string pattern, std::string flags = "") const;
  [[nodiscard]] Where exists(bool present = true) const;
  // unit: "miles" (default), "kilometers", "meters", "feet", "radians", "degrees". The
  // origin is written as {"lat":..,"lng":..}, as JSON text would give it.
  [[nodiscard]] Where near(GeoPoint origin, std::optional<double> max_distance = std::nullopt,
                           std::string unit = "", std::optional<double> min_distance = std::nullopt) const;

 private:
  [[nodiscard]] Where op(const char* name, Value operand) const;
  std::string path_;
};

[[nodiscard]] inline WherePath where(std::string path) { return WherePath(std::move(path)); }

class Filter {
 public:
  Filter() = default;

  // Calling where() again ands the clauses: .where(a).where(b) is .where(a && b).
  Filter& where(const Where& w);
  // "price DESC" or "price DESC, name"; may be called repeatedly to append keys.
  Filter& order(std::string_view order);
  // {"fields": {"a": true, ...}}; calls add to the same object.
  Filter& fields(std::vector<std::string> names);           // only these
  Filter& exclude_fields(std::vector<std::string> names);   // all but these
  Filter& limit(std::int64_t n);
  Filter& skip(std::int64_t n);
  // Appends to the include array: "rel", or {"relation": "rel", "scope": {...}}.
  Filter& include(std::string relation);
  Filter& include(std::string relation, const Filter& scope);

  [[nodiscard]] const Value& to_value() const { return json_; }
  [[nodiscard]] Result<filter::Syntax> syntax(const filter::Limits& limits = {}) const;

 private:
  Value json_ = Object{};
};

}  // namespace lb
