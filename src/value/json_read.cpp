// JSON text to lb::Value through Boost.JSON's SAX parser, building Values directly
// (no intermediate boost::json::value), with size and depth limits checked up front.
#include <charconv>
#include <boost/json/basic_parser_impl.hpp>
#include <fmt/format.h>

#include <limits>
#include <string>
#include <unordered_set>
#include <vector>

#include "lb/json.hpp"
#include "value/precise_double.hpp"
#include "value/sax_json.hpp"

namespace lb {
namespace {

namespace json = boost::json;

// Builds Values on a stack: scalars are pushed, and an array or object end pops its
// members into one container.
class ValueBuilder {
 public:
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  // The stacks are the calling thread's, reused from one parse to the next: a parse of
  // a small document then allocates only the Values it returns.
  ValueBuilder() : values_(thread_stacks().values), keys_(thread_stacks().keys) {
    values_.clear();
    keys_.clear();
  }
  ~ValueBuilder() {
    values_.clear();
    keys_.clear();
    // Do not let one huge document pin its stack memory for the thread's lifetime.
    if (values_.capacity() > 4096) values_.shrink_to_fit();
    if (keys_.capacity() > 4096) keys_.shrink_to_fit();
  }
  ValueBuilder(const ValueBuilder&) = delete;
  ValueBuilder& operator=(const ValueBuilder&) = delete;

  Value take_result() { return std::move(values_.back()); }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t n, json::error_code&) {
    auto first = values_.end() - static_cast<std::ptrdiff_t>(n);
    Array array(std::make_move_iterator(first), std::make_move_iterator(values_.end()));
    values_.erase(first, values_.end());
    values_.emplace_back(std::move(array));
    return true;
  }
  bool on_object_begin(json::error_code&) { return true; }
  bool on_object_end(std::size_t n, json::error_code&) {
    Object object;
    object.reserve(n);
    auto first_value = values_.end() - static_cast<std::ptrdiff_t>(n);
    auto first_key = keys_.end() - static_cast<std::ptrdiff_t>(n);
    if (n <= 16) {
      // Small objects: a linear duplicate check on the keys is cheaper than hashing.
      bool duplicates = false;
      for (std::size_t i = 1; i < n && !duplicates; ++i)
        for (std::size_t j = 0; j < i && !duplicates; ++j) duplicates = first_key[j] == first_key[i];
      add_members(object, first_key, first_value, n, duplicates);
    } else {
      std::unordered_set<std::string_view> seen;
      bool duplicates = false;
      for (std::size_t i = 0; i < n && !duplicates; ++i) duplicates = !seen.insert(first_key[i]).second;
      add_members(object, first_key, first_value, n, duplicates);
    }
    values_.erase(first_value, values_.end());
    keys_.erase(first_key, keys_.end());
    values_.emplace_back(std::move(object));
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    buffer_.append(s.data(), s.size());
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    if (buffer_.empty()) {
      values_.emplace_back(std::string_view(s.data(), s.size()));  // the common, unsplit case
    } else {
      buffer_.append(s.data(), s.size());
      values_.emplace_back(std::move(buffer_));
      buffer_.clear();
    }
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    buffer_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    if (buffer_.empty()) {
      keys_.emplace_back(s.data(), s.size());
    } else {
      buffer_.append(s.data(), s.size());
      keys_.push_back(std::move(buffer_));
      buffer_.clear();
    }
    return true;
  }
  // Boost.JSON 1.81 converts decimals imprecisely (off by an ulp at times), where
  // JavaScript's JSON.parse rounds correctly: the number's text is converted again.
  bool on_number_part(json::string_view part, json::error_code&) {
    number_text_.append(part.data(), part.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    number_text_.clear();
    values_.emplace_back(static_cast<long long>(i));
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    number_text_.clear();
    if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      values_.emplace_back(static_cast<long long>(u));
    else
      values_.emplace_back(static_cast<double>(u));
    return true;
  }
  bool on_double(double d, json::string_view last, json::error_code&) {
    values_.emplace_back(detail::precise_double(d, std::string_view(last.data(), last.size()), number_text_));
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    values_.emplace_back(b);
    return true;
  }
  bool on_null(json::error_code&) {
    values_.emplace_back(nullptr);
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  std::string number_text_;  // a number's text received in parts (on_number_part)
  // JSON.parse keeps the last value of a repeated key, at the key's first position.
  template <typename KeyIt, typename ValueIt>
  static void add_members(Object& object, KeyIt keys, ValueIt values, std::size_t n, bool duplicates) {
    for (std::size_t i = 0; i < n; ++i) {
      if (duplicates)
        object.insert_or_assign(std::move(keys[i]), std::move(values[i]));
      else
        object.push_back(std::move(keys[i]), std::move(values[i]));
    }
  }

  struct Stacks {
    std::vector<Value> values;
    std::vector<std::string> keys;
  };
  static Stacks& thread_stacks() {
    thread_local Stacks stacks;
    return stacks;
  }

  std::vector<Value>& values_;
  std::vector<std::string>& keys_;
  std::string buffer_;
};

}  // namespace

Result<Value> parse_json(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes)
    return invalid_input(fmt::format("JSON text of {} bytes exceeds the limit of {} bytes", text.size(),
                                     limits.max_bytes));
  json::parse_options options;
  options.max_depth = limits.max_depth;
  json::basic_parser<ValueBuilder> parser(options);
  if (auto status = detail::run_sax_parser(parser, text, limits); !status) return status.error();
  return parser.handler().take_result();
}

}  // namespace lb
