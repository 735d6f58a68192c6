// Closures in a user header are reported, and fixed, there when the header
// filter lets them through; not otherwise.
// RUN: %check_clang_tidy -copy-inputs=%S/Inputs/capture-header %s leak-large-capture,leak-self-capture-cycle %t -- \
// RUN:   --header-filter='.*' -- -std=c++17 -I @INPUTS@
// RUN: FileCheck %s --check-prefix=HEADER --input-file=%t.cpp.inputs/handlers.h
// RUN: %clang -fsyntax-only -std=c++17 -x c++ %t.cpp.inputs/handlers.h
// HEADER: #include <string>
// HEADER-NEXT: #include <utility>
// HEADER: handlers().push_back([limits = std::move(limits)] { (void)limits.size(); });
// HEADER: on_tick_ = [weak = weak_from_this()] { auto self = weak.lock(); if (!self) return; self->poll(); };
// RUN: %check_clang_tidy -check-suffix=MAIN -copy-inputs=%S/Inputs/capture-header %s leak-large-capture,leak-self-capture-cycle %t -- \
// RUN:   -- -std=c++17 -I @INPUTS@
// RUN: grep -q 'push_back(\[limits\]' %S/Inputs/capture-header/handlers.h

#include "handlers.h"

// CHECK-MESSAGES: @INPUTS@/handlers.h:14:25: warning: 'limits' of type 'std::map<std::string, int>' (owns a heap buffer) is copied into a lambda that is stored in the static 'all'; move it into the capture [leak-large-capture]
// CHECK-MESSAGES: @INPUTS@/handlers.h:20:17: warning: lambda stored in member 'on_tick_' captures 'self', a 'std::shared_ptr' to its own 'Poller': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]

void run() {
  add_handler({{"a", 1}});
  std::make_shared<Poller>()->start();
}
