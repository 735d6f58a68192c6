//===--- stop_sleep.h - a sleep that a stop request cuts short ------------===//
//
// Part of leakguard. Header-only, standard C++20, no dependencies.
//
// leakguard::sleep_for and leakguard::sleep_until sleep like their
// std::this_thread namesakes, but return as soon as a stop is requested on
// the std::stop_token they are given. leak-uncancellable-thread's fix puts
// them in the place of the sleeps of a loop it makes stoppable:
//
//   std::jthread worker_;
//   ...
//   worker_ = std::jthread([](std::stop_token st) {
//     while (!st.stop_requested()) {
//       flush_metrics();
//       leakguard::sleep_for(st, std::chrono::seconds(30));
//     }
//   });
//
// Without them, the std::jthread's destructor (or a request_stop() followed
// by join()) would wait for the sleep to end: up to 30 seconds here, for each
// thread, at every shutdown or session end.
//
// Both return true when the whole time was slept, false when a stop was
// requested (before the call or during it). A stop that cannot be requested
// any more (a default-constructed token) makes them plain sleeps.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_STOP_SLEEP_H
#define LEAKGUARD_STOP_SLEEP_H

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

namespace leakguard {

template <typename Clock, typename Duration>
bool sleep_until(std::stop_token stop,
                 const std::chrono::time_point<Clock, Duration> &deadline) {
  if (!stop.stop_possible()) {
    std::this_thread::sleep_until(deadline);
    return true;
  }
  // A deadline already past (a zero or negative sleep) does not wait, as
  // std::this_thread::sleep_until does not: a timed wait would sleep for
  // the timer's slack, about 0.1 ms.
  if (Clock::now() >= deadline)
    return !stop.stop_requested();
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock<std::mutex> lock(mutex);
  // Nothing but the stop request or the deadline ends the wait.
  wake.wait_until(lock, stop, deadline, [] { return false; });
  return !stop.stop_requested();
}

template <typename Rep, typename Period>
bool sleep_for(std::stop_token stop,
               const std::chrono::duration<Rep, Period> &duration) {
  return leakguard::sleep_until(std::move(stop),
                                std::chrono::steady_clock::now() + duration);
}

} // namespace leakguard

#endif // LEAKGUARD_STOP_SLEEP_H
