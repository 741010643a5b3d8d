// libFuzzer target over the filter compiler: JSON text or a query string in, parsed,
// then bound against a fixed model set. Any crash, sanitizer report, hang or broken
// invariant is a finding. The first input byte picks the entry point.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "lb/filter/bind.hpp"
#include "lb/filter/parse.hpp"
#include "lb/json.hpp"
#include "lb/registry.hpp"

namespace {

const char* const kModels[] = {
    R"({"name":"Review","properties":{"id":{"type":"number","id":true},"stars":"number",
        "itemId":"number","body":"string"}})",
    R"({"name":"Item","properties":{"id":{"type":"number","id":true},"name":"string",
        "price":"number","inStock":"boolean","added":"date","location":"geopoint",
        "tags":["string"],"address":{"type":{"city":"string","zip":"number"}},
        "meta":"object","secret":"string"},"hidden":["secret"],
        "relations":{"reviews":{"type":"hasMany","model":"Review","foreignKey":"itemId"}}})",
};

const lb::Registry& registry() {
  static const lb::Registry* r = [] {
    auto* reg = new lb::Registry();
    for (const char* m : kModels) {
      auto defined = reg->define_json(m, "fuzz");
      if (!defined) {
        std::fprintf(stderr, "fuzz model: %s\n", defined.error().message().c_str());
        std::abort();
      }
    }
    return reg;
  }();
  return *r;
}

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const lb::Registry& reg = registry();
  const lb::ModelDefinition& item = *reg.find("Item");
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 4) {
    case 0: {
      auto syntax = lb::filter::parse_filter(text);
      if (!syntax) {
        check(syntax.error().status() == 400, "parse errors are 400s");
        return 0;
      }
      (void)syntax->to_string();
      // The Value entry point must agree with the text entry point.
      auto again = lb::filter::parse_filter(lb::parse_json(text).value());
      check(again.has_value() && *again == *syntax, "text and Value parses agree");
      auto bound = lb::filter::bind(*syntax, item, reg);
      if (bound) (void)bound->to_string();
      else check(bound.error().status() == 400, "bind errors are 400s");
      break;
    }
    case 1: {
      auto syntax = lb::filter::parse_filter_query(text);
      if (!syntax) return 0;
      (void)syntax->to_string();
      auto bound = lb::filter::bind(*syntax, item, reg);
      if (bound) (void)bound->to_string();
      else check(bound.error().status() == 400, "bind errors are 400s");
      break;
    }
    case 2: {
      auto where = lb::filter::parse_where(text);
      if (!where) return 0;
      (void)lb::filter::to_string(*where);
      auto bound = lb::filter::bind_where(*where, item, reg);
      if (bound) (void)lb::filter::to_string(*bound);
      break;
    }
    case 3: {
      auto where = lb::filter::parse_where_query(text);
      if (!where) return 0;
      auto bound = lb::filter::bind_where(*where, item, reg);
      if (bound) (void)lb::filter::to_string(*bound);
      break;
    }
  }
  return 0;
}
