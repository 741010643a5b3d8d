// The memory engine's behaviour cases as data: tests/golden/memory/results.txt (a
// filter on the sample Items in, the ids found out) and plans.txt (a filter in, the
// plan explain() prints out).
#include "memory_fixture.hpp"
#include "support/golden.hpp"

namespace lb::memory::testing {
namespace {

class MemoryGolden : public MemoryFixture {};

TEST_F(MemoryGolden, Results) {
  load_sample();
  lb::testing::run_golden_file("golden/memory/results.txt", [&](const std::string& input) { return find_ids(input); });
}

TEST_F(MemoryGolden, Plans) {
  load_sample();
  lb::testing::run_golden_file("golden/memory/plans.txt", [&](const std::string& input) {
    auto plan = connector_->explain(bound(input));
    return plan ? *plan : "error " + plan.error().message();
  });
}

}  // namespace
}  // namespace lb::memory::testing
