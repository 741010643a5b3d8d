// take(): one spelling for "copy from a borrowed tree, move from an owned one", used
// by the walkers that are templates over const and non-const trees (the parse walker
// over Values, the binder over Syntax).
#pragma once

#include <type_traits>
#include <utility>

namespace lb::filter {

// A borrowed part as a const reference (whatever it initialises copies it), or the
// part of an owned tree as an rvalue (whatever it initialises moves it out).
template <class T>
[[nodiscard]] auto&& take(T& part) {
  if constexpr (std::is_const_v<T>) {
    return static_cast<const T&>(part);
  } else {
    return std::move(part);
  }
}

}  // namespace lb::filter
