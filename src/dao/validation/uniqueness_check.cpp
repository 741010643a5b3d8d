// The uniqueness query. The value goes into the where clause only as an operand (eq),
// or, for ignoreCase, as an escaped pattern anchored at both ends, so no value can
// widen the match. The check alone is racy under concurrent writers; the unique index
// add_uniqueness_indexes declares makes the store refuse the second write.
#include "dao/validation/uniqueness_check.hpp"

#include <cctype>

#include "dao/validation/rule_check.hpp"
#include "lb/filter.hpp"
#include "lb/model.hpp"

namespace lb::dao {

std::string escape_regexp(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80 && std::ispunct(byte) && c != '_') out += '\\';  // RE2 refuses \_
    out += c;
  }
  return out;
}

Result<bool> is_unique(const Instance& instance, const Validations::Rule& rule, const Options& options) {
  const Object& data = instance.data();
  const Value* value = data.find(rule.property);
  if (is_blank(value)) return true;
  Where where;
  if (rule.scope.ignore_case && value->is_string()) {
    where = lb::where(rule.property).regexp("^" + escape_regexp(value->as_string()) + "$", "i");
  } else {
    where = lb::where(rule.property).eq(*value);
  }
  for (const std::string& scoped : rule.scope.scoped_to) {
    // juggler leaves out scope properties the record does not have (a null one counts).
    if (const Value* scope_value = data.find(scoped)) where = where && lb::where(scoped).eq(*scope_value);
  }
  Model& model = instance.model();
  if (!instance.is_new_record() && !instance.id().is_null()) where = where && lb::where(model.id_name()).neq(instance.id());
  auto clashes = model.count(where, options);
  if (!clashes) return clashes.error();
  return *clashes == 0;
}

}  // namespace lb::dao
