// blank<T>(): a ready-made empty T to copy from, for the parse and bind stages, which
// make many of the large syntax and bound aggregates (WhereNode, BoundWhere, Syntax...).
#pragma once

namespace lb::filter {

// Value-initialising one of them (what vector::emplace_back(), optional::emplace(),
// make_shared<T>() and T{} do) first zero-fills the whole object, which GCC does with
// `rep stos` at these sizes: one instruction to a profiler that counts instructions,
// but its start-up costs more time than copying the few empty members of a ready-made
// one, which is what these copies do.
template <typename T>
[[nodiscard]] const T& blank() {
  static const T kEmpty;
  return kEmpty;
}

}  // namespace lb::filter
