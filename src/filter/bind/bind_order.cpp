// order keys: each path resolved like a where path (strict models refuse unknown
// properties, hidden ones are refused), directions kept as written.
#include "filter/bind/binder.hpp"

namespace lb::filter::detail {

template <Walked<std::vector<OrderKey>> O>
Status bind_order(O& order, const BindScope& scope, std::vector<BoundOrder>& out) {
  const KeyPath key_path = scope.key_path.member("order");
  out.reserve(order.size());
  for (auto& key : order) {
    BoundOrder& bound = out.emplace_back(blank<BoundOrder>());
    bound.descending = key.descending;
    bound.path.segments = take(key.path);
    if (auto status = resolve_path(scope, key_path, bound.path); !status) return status;
  }
  return {};
}

template Status bind_order(const std::vector<OrderKey>&, const BindScope&,
                           std::vector<BoundOrder>&);
template Status bind_order(std::vector<OrderKey>&, const BindScope&, std::vector<BoundOrder>&);

}  // namespace lb::filter::detail
