// order keys: each path resolved like a where path (strict models refuse unknown
// properties, hidden ones are refused), directions kept as written.
#include "filter/bind/binder.hpp"

namespace lb::filter::detail {

Result<std::vector<BoundOrder>> bind_order(const std::vector<OrderKey>& order,
                                           const BindScope& scope) {
  const std::string key_path = join_key_path(scope.key_path, "order");
  std::vector<BoundOrder> out;
  out.reserve(order.size());
  for (const OrderKey& key : order) {
    auto path = resolve_path(key.path, scope, key_path);
    if (!path) return std::move(path).error();
    out.push_back(BoundOrder{std::move(*path), key.descending});
  }
  return out;
}

}  // namespace lb::filter::detail
