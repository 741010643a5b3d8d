// order keys: each path resolved like a where path (strict models refuse unknown
// properties, hidden ones are refused), directions kept as written.
#include "filter/bind/binder.hpp"

namespace lb::filter::detail {

Status bind_order(const std::vector<OrderKey>& order, const BindScope& scope,
                  std::vector<BoundOrder>& out) {
  const KeyPath key_path = scope.key_path.member("order");
  out.reserve(order.size());
  for (const OrderKey& key : order) {
    BoundOrder& bound = out.emplace_back(blank<BoundOrder>());
    bound.descending = key.descending;
    if (auto status = resolve_path(key.path, scope, key_path, bound.path); !status) return status;
  }
  return {};
}

}  // namespace lb::filter::detail
