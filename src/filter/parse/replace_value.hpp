// replace_value(): a Value overwritten by one made in its place, for the parse and bind
// stages, which build many scalar Values into slots that already hold one.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "lb/value.hpp"

namespace lb::filter {

// `out` replaced by a Value made from `part`, an rvalue whose move cannot throw (a
// Value, an Array, a std::string, a Date or another scalar): Value has no emplace, and
// assigning a temporary Value instead dispatches on the variant twice more (the move
// assignment, then the temporary's destruction). `part` is made before `out` goes.
template <class Part>
void replace_value(Value& out, Part&& part) noexcept {
  static_assert(!std::is_lvalue_reference_v<Part>, "a copy could throw once `out` is gone");
  std::destroy_at(&out);
  std::construct_at(&out, std::forward<Part>(part));
}

}  // namespace lb::filter
