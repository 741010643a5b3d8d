// The fixed model set of the bind tests (tests/golden/filter/bind/models/*.json),
// loaded once into a real Registry, and a helper that runs one golden case.
#pragma once

#include <string>

#include <string_view>

#include "lb/filter/bind.hpp"
#include "lb/filter/syntax.hpp"
#include "lb/registry.hpp"

namespace lb::testing {

// The registry with every model of tests/golden/filter/bind/models defined; aborts the
// test program when a definition fails to load (every case would fail anyway).
const Registry& bind_test_registry();

// Runs one golden case. The input is "<Model> [+option ...] <filter JSON>", where the
// options are:
//   +where         the JSON is a where clause alone (parse_where + bind_where)
//   +allow-hidden  BindOptions::prohibit_hidden_properties = false
//   +protected     BindOptions::prohibit_protected_properties = true
//   +tight         small limits (see tight_limits() in bind_fixture.cpp)
// The output is the printed Bound (or BoundWhere), or the error as LoopBack's JSON body.
std::string run_bind_case(const std::string& input);
// The same through the && overloads (the parsed syntax given up), not the const& ones.
std::string run_bind_case_moved(const std::string& input);

// A model of bind_test_registry() by name (a test failure when absent).
const ModelDefinition& model(std::string_view name);
// A where node holding one condition, built in C++ rather than parsed.
filter::WhereNode condition(filter::PropertyPath path, filter::Operator op, Value operand,
                            Object modifiers = {});

}  // namespace lb::testing
