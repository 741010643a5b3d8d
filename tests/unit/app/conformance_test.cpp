// Runs the conformance files (tests/conformance/*.json, recorded from the reference
// LoopBack ORM) against lb's memory connector: one test per file, one check per op,
// compared by the rules in tests/conformance/README.md (tests/support/conformance.cpp).
#include <gtest/gtest.h>

#include <iostream>

#include "support/conformance.hpp"

namespace {

namespace fs = std::filesystem;

class Conformance : public testing::TestWithParam<fs::path> {};

TEST_P(Conformance, MemoryConnectorMatchesTheRecordedResults) {
  lb::testing::ConformanceTarget memory;
  memory.settings = [](const fs::path&) { return lb::Object{{"connector", "memory"}}; };
  const lb::testing::ConformanceOutcome outcome = lb::testing::run_conformance_file(GetParam(), memory);
  RecordProperty("ops", outcome.ops);
  RecordProperty("passed", outcome.passed);
  std::cout << "[conformance] " << GetParam().filename().string() << ": " << outcome.passed << "/" << outcome.ops
            << " ops pass (" << outcome.differs << " marked differs)\n";
  EXPECT_GT(outcome.ops, 0);
}

INSTANTIATE_TEST_SUITE_P(Files, Conformance, testing::ValuesIn(lb::testing::conformance_files()),
                         [](const testing::TestParamInfo<fs::path>& info) {
                           return lb::testing::conformance_test_name(info.param);
                         });

}  // namespace
