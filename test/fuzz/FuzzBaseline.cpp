//===--- FuzzBaseline.cpp - the baseline reader ---------------------------===//
//
// --baseline reads a file from the repository, written by any version of
// leakguard or by hand: anything that is not a baseline must be an error,
// never a crash.
//
//===----------------------------------------------------------------------===//

#include "report/ReportFormats.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Baseline = leakguard::report::readBaseline(Text, "fuzz.sarif");
  if (!Baseline) {
    std::string Message = llvm::toString(Baseline.takeError());
    if (Message.empty())
      abort();
    return 0;
  }
  for (const auto &Entry : *Baseline)
    if (Entry.getValue() == 0)
      abort();
  return 0;
}
