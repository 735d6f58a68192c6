//===--- StopSleepTest.cpp - include/leakguard/stop_sleep.h ---------------===//
//
// Built as C++20 (std::stop_token), whatever the rest of the tests use.
//
//===----------------------------------------------------------------------===//

#include "leakguard/stop_sleep.h"
#include "gtest/gtest.h"
#include <atomic>
#include <chrono>
#include <thread>

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(StopSleepTest, SleepsTheWholeTimeWithoutAStop) {
  std::stop_source source;
  auto start = Clock::now();
  EXPECT_TRUE(leakguard::sleep_for(source.get_token(), 20ms));
  EXPECT_GE(Clock::now() - start, 20ms);
}

TEST(StopSleepTest, ReturnsAtOnceWhenAlreadyStopped) {
  std::stop_source source;
  source.request_stop();
  auto start = Clock::now();
  EXPECT_FALSE(leakguard::sleep_for(source.get_token(), 30s));
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST(StopSleepTest, AStopRequestCutsTheSleepShort) {
  std::atomic<bool> slept_whole{true};
  auto start = Clock::now();
  {
    std::jthread sleeper([&](std::stop_token st) {
      slept_whole = leakguard::sleep_for(st, 30s);
    });
    std::this_thread::sleep_for(10ms);
  } // request_stop() and join()
  EXPECT_FALSE(slept_whole);
  EXPECT_LT(Clock::now() - start, 5s);
}

TEST(StopSleepTest, SleepUntilADeadline) {
  std::stop_source source;
  auto deadline = Clock::now() + 20ms;
  EXPECT_TRUE(leakguard::sleep_until(source.get_token(), deadline));
  EXPECT_GE(Clock::now(), deadline);
}

TEST(StopSleepTest, ADeadlineThatHasPassed) {
  std::stop_source source;
  EXPECT_TRUE(leakguard::sleep_for(source.get_token(), 0ms));
  EXPECT_TRUE(leakguard::sleep_for(source.get_token(), -5ms));
  EXPECT_TRUE(leakguard::sleep_until(source.get_token(), Clock::now() - 1s));
  source.request_stop();
  EXPECT_FALSE(leakguard::sleep_for(source.get_token(), 0ms));
  EXPECT_FALSE(leakguard::sleep_until(source.get_token(), Clock::now() - 1s));
}

TEST(StopSleepTest, ATokenThatCannotStopIsAPlainSleep) {
  auto start = Clock::now();
  EXPECT_TRUE(leakguard::sleep_for(std::stop_token(), 10ms));
  EXPECT_GE(Clock::now() - start, 10ms);
}

} // namespace
