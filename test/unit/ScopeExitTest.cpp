//===--- ScopeExitTest.cpp - include/leakguard/scope_exit.h ---------------===//

#include "leakguard/scope_exit.h"
#include "gtest/gtest.h"
#include <stdexcept>

namespace {

int released = 0;

void leave_early(bool early) {
  leakguard::scope_exit guard([&] { ++released; });
  if (early)
    return;
  ++released;
}

void leave_by_exception() {
  leakguard::scope_exit guard([&] { ++released; });
  throw std::runtime_error("boom");
}

TEST(ScopeExitTest, RunsOnceOnEveryExit) {
  released = 0;
  leave_early(true);
  EXPECT_EQ(released, 1);
  leave_early(false);
  EXPECT_EQ(released, 3);
  EXPECT_THROW(leave_by_exception(), std::runtime_error);
  EXPECT_EQ(released, 4);
}

TEST(ScopeExitTest, ReleaseGivesTheActionUp) {
  int runs = 0;
  {
    leakguard::scope_exit guard([&] { ++runs; });
    guard.release();
  }
  EXPECT_EQ(runs, 0);
}

TEST(ScopeExitTest, NeitherCopiedNorMoved) {
  auto action = [] {};
  using Guard = leakguard::scope_exit<decltype(action)>;
  static_assert(!std::is_copy_constructible_v<Guard>);
  static_assert(!std::is_move_constructible_v<Guard>);
  static_assert(std::is_nothrow_destructible_v<Guard>);
}

} // namespace
