// The progress line `lb import` draws on a terminal (the golden tests run without one).
#include <gtest/gtest.h>

#include "cli/progress_bar.hpp"

namespace {

using lb::cli::progress_line;

TEST(ProgressBar, FillsInProportion) {
  EXPECT_EQ(progress_line("Item", 0, 1000, 10), "Item [..........] 0/1000 0%");
  EXPECT_EQ(progress_line("Item", 350, 1000, 10), "Item [###.......] 350/1000 35%");
  EXPECT_EQ(progress_line("Item", 1000, 1000, 10), "Item [##########] 1000/1000 100%");
}

TEST(ProgressBar, EmptyImportIsComplete) {
  EXPECT_EQ(progress_line("Item", 0, 0, 4), "Item [####] 0/0 100%");
}

TEST(ProgressBar, NeverOverflows) {
  EXPECT_EQ(progress_line("Item", 12, 10, 4), "Item [####] 10/10 100%");
}

}  // namespace
