// CallbackSinks adds the user's own sinks (app::Bus::subscribe keeps its
// handler); MemberCycles: false turns the shared_ptr member cycles off.
// RUN: %check_clang_tidy %s leak-self-capture-cycle %t -- \
// RUN:   -config="{CheckOptions: {CallbackSinks: 'app::Bus::subscribe', leak-self-capture-cycle.MemberCycles: false}}" \
// RUN:   -- -std=c++17 -I %S/Inputs/self-capture-cycle
// Bad entries are reported, good ones kept.
// RUN: %clang_tidy_plugin --checks='-*,leak-self-capture-cycle' %s \
// RUN:   -config="{CheckOptions: {CallbackSinks: 'app::Bus::subscribe;1bad name'}}" \
// RUN:   -- -std=c++17 -I %S/Inputs/self-capture-cycle 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: warning: invalid entry '1bad name' in option 'CallbackSinks' of check 'leak-self-capture-cycle': expected a qualified function or class name [clang-tidy-config]
// BAD: :{{[0-9]+}}:21: warning: lambda stored in member 'bus_' (through 'app::Bus::subscribe')
// BAD: :{{[0-9]+}}:22: warning: 'std::shared_ptr' member 'a' closes the ownership cycle

#include "frameworks.h"
#include <memory>

class Listener : public std::enable_shared_from_this<Listener> {
public:
  void listen() {
    bus_.subscribe([self = shared_from_this()](int) { self->close(); });
// CHECK-NOTES: :[[@LINE-1]]:21: warning: lambda stored in member 'bus_' (through 'app::Bus::subscribe') captures 'self', a 'std::shared_ptr' to its own 'Listener': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: bus_.subscribe([weak = weak_from_this()](int) { auto self = weak.lock(); if (!self) return; self->close(); });
  }
  void close();

private:
  app::Bus bus_;
};

struct B;
struct A {
  std::shared_ptr<B> b;
};
struct B {
  std::shared_ptr<A> a;
};
