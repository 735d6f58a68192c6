//===--- FuzzCheck.h - what a fuzz target found wrong ---------------------===//

#ifndef LEAKGUARD_TEST_FUZZ_FUZZCHECK_H
#define LEAKGUARD_TEST_FUZZ_FUZZCHECK_H

#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

/// Aborts (a crash for libFuzzer, which keeps the input) with \p What when
/// \p Condition does not hold.
#define FUZZ_CHECK(Condition, What)                                            \
  do {                                                                         \
    if (!(Condition)) {                                                        \
      llvm::errs() << __FILE__ << ":" << __LINE__ << ": " << What << "\n";     \
      llvm::errs().flush();                                                    \
      abort();                                                                 \
    }                                                                          \
  } while (false)

#endif // LEAKGUARD_TEST_FUZZ_FUZZCHECK_H
