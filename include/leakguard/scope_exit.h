//===--- scope_exit.h - run a release when the scope is left --------------===//
//
// Part of leakguard. Header-only, standard C++17, no dependencies.
//
// leakguard::scope_exit is what leak-missing-raii suggests for a release that
// is not a pointer's (a semaphore's release(), a connection handed back to
// its pool): the release runs when the scope is left, whether by falling off
// its end, an early return, a break or an exception.
//
//   pool.checkout();
//   leakguard::scope_exit checkin([&] { pool.checkin(); });
//   ...                                  // every exit checks in once
//
// The release must not throw (it runs during stack unwinding); one that
// does terminates the program, as a throwing destructor would. release()
// gives the guard up: the action will not run. A guard is neither copied nor
// moved.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_SCOPE_EXIT_H
#define LEAKGUARD_SCOPE_EXIT_H

#include <type_traits>
#include <utility>

namespace leakguard {

template <typename F> class scope_exit {
public:
  template <typename Fn,
            typename = std::enable_if_t<std::is_constructible_v<F, Fn>>>
  explicit scope_exit(Fn &&action) noexcept(
      std::is_nothrow_constructible_v<F, Fn>)
      : action_(std::forward<Fn>(action)) {}

  scope_exit(const scope_exit &) = delete;
  scope_exit &operator=(const scope_exit &) = delete;

  ~scope_exit() noexcept {
    if (active_)
      action_();
  }

  /// The action will not run.
  void release() noexcept { active_ = false; }

private:
  F action_;
  bool active_ = true;
};

template <typename F> scope_exit(F) -> scope_exit<F>;

} // namespace leakguard

#endif // LEAKGUARD_SCOPE_EXIT_H
