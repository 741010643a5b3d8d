#include <gtest/gtest.h>
// Placeholder until this stage has tests.
TEST(Placeholder, Builds) { SUCCEED(); }
