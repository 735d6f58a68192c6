// Before C++17 there is no weak_from_this(): the fix builds a std::weak_ptr
// from the same expression. C++11 has no init-captures: a note only.
// RUN: %check_clang_tidy -check-suffix=CXX14 %s leak-self-capture-cycle %t -- -- -std=c++14
// RUN: %check_clang_tidy -check-suffix=CXX11 %s leak-self-capture-cycle %t -- -- -std=c++11

#include <functional>
#include <memory>

class Session : public std::enable_shared_from_this<Session> {
public:
  void start() {
    auto self = shared_from_this();
    on_idle_ = [self] { self->close(); };
    // CHECK-NOTES-CXX14: :[[@LINE-1]]:17: warning: lambda stored in member 'on_idle_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture a 'std::weak_ptr' and lock it in the body [leak-self-capture-cycle]
    // CHECK-FIXES-CXX14: on_idle_ = [weak = std::weak_ptr<Session>(self)] { auto self = weak.lock(); if (!self) return; self->close(); };
    // CHECK-NOTES-CXX11: :[[@LINE-3]]:17: warning: lambda stored in member 'on_idle_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture a 'std::weak_ptr' and lock it in the body [leak-self-capture-cycle]
    // CHECK-NOTES-CXX11: :[[@LINE-4]]:17: note: no automatic fix (C++11 has no init-captures): declare 'std::weak_ptr<Session> weak(self);' before the lambda, capture 'weak' instead, and begin the body with 'auto self = weak.lock(); if (!self) return;'
    // CHECK-FIXES-CXX11: on_idle_ = [self] { self->close(); };
  }
  void close();

private:
  std::function<void()> on_idle_;
};
