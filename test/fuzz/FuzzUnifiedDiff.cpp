//===--- FuzzUnifiedDiff.cpp - the unified-diff parser of --diff ----------===//

#include "report/UnifiedDiff.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Lines = leakguard::report::parseUnifiedDiff(Text);
  if (!Lines) {
    if (llvm::toString(Lines.takeError()).empty())
      abort();
    return 0;
  }
  // Queries on what was read must be safe for any path and line.
  for (unsigned Line : {0u, 1u, 2u, 1000u, ~0u}) {
    (void)Lines->contains("a", Line);
    (void)Lines->contains("", Line);
  }
  return 0;
}
