// CountingConnector: wraps any connector and counts the queries it is asked to run
// (find, find_by_id, count) and the rows its finds return, so tests can assert "one
// query per relation level" or "only the paged rows were fetched" without timing.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "lb/connector.hpp"

namespace lb::testing {

struct QueryCounts {
  std::atomic<long> queries{0};
  std::atomic<long> rows{0};
  void reset() {
    queries = 0;
    rows = 0;
  }
};

// Registers the connector "counting-<inner>", which makes `inner` connectors that
// count into `counts` (which must outlive them).
void register_counting_connector(const std::string& inner, QueryCounts& counts);

}  // namespace lb::testing
