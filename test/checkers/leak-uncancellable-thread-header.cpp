// A thread started in a user header is reported, and fixed, there when the
// header filter lets it through; not otherwise.
// RUN: %check_clang_tidy -copy-inputs=%S/Inputs/uncancellable-thread %s leak-uncancellable-thread %t -- \
// RUN:   --header-filter='.*' -- -std=c++20 -I @INPUTS@
// RUN: FileCheck %s --check-prefix=HEADER --input-file=%t.cpp.inputs/ticker.h
// RUN: %clang -fsyntax-only -std=c++20 -x c++ %t.cpp.inputs/ticker.h
// HEADER: thread_ = std::jthread([this](std::stop_token st) {
// HEADER-NEXT: while (!st.stop_requested())
// HEADER: ~Ticker() { thread_.request_stop();
// HEADER-NEXT: thread_.join(); }
// HEADER: std::jthread thread_;
// RUN: %check_clang_tidy -check-suffix=MAIN -copy-inputs=%S/Inputs/uncancellable-thread %s leak-uncancellable-thread %t -- \
// RUN:   -- -std=c++20 -I @INPUTS@
// RUN: grep -q 'std::thread thread_;' %S/Inputs/uncancellable-thread/ticker.h

#include "ticker.h"

// CHECK-MESSAGES: @INPUTS@/ticker.h:9:15: warning: thread runs an endless loop that nothing can stop; use 'std::jthread' and end the loop when its 'std::stop_token' is requested [leak-uncancellable-thread]

void run() {
  Ticker ticker;
  ticker.start();
}
