// Findings in a user header are reported there, and fixed there, when the
// header filter lets them through; not otherwise (clang-tidy's usual rule).
// Each tool run works on its own copy of Inputs/ (-copy-inputs).
// RUN: %check_clang_tidy -copy-inputs=%S/Inputs %s leak-manual-lock %t -- \
// RUN:   --header-filter='.*' -- -std=c++17 -I @INPUTS@
// RUN: FileCheck %s --check-prefix=HEADER --input-file=%t.cpp.inputs/user-locks.h
// RUN: %clang -fsyntax-only -std=c++17 -x c++ %t.cpp.inputs/user-locks.h
// HEADER: inline int header_locked_work(bool fail) {
// HEADER-NEXT:   std::scoped_lock lock(header_mutex);
// RUN: %check_clang_tidy -check-suffix=MAIN -copy-inputs=%S/Inputs %s leak-manual-lock %t -- \
// RUN:   -- -std=c++17 -I @INPUTS@
// RUN: grep -q 'header_mutex.lock();' %S/Inputs/user-locks.h

#include "user-locks.h"

// CHECK-MESSAGES: @INPUTS@/user-locks.h:8:3: warning: mutex 'header_mutex' locked by 'lock' is not unlocked on every path; hold it with 'std::scoped_lock' [leak-manual-lock]

int main_file_work(bool fail) { return header_locked_work(fail); }
