//===--- FuzzFingerprint.cpp - line tables and fingerprints ---------------===//
//
// Any file content (binary, CRLF, no final newline, huge lines): the line
// table, positions and fingerprints must be consistent and deterministic.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"
#include "report/Fingerprint.h"
#include "report/SourceText.h"
#include "llvm/ADT/StringExtras.h"
#include <cstdint>
#include <cstdlib>

using namespace leakguard::report;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  std::string Content(reinterpret_cast<const char *>(Data), Size);
  SourceText Text(Content);
  SourceText Same(Content);
  FUZZ_CHECK(Text.hash() == Same.hash() && Text.hash().size() == 40,
             "hash " << Text.hash());
  unsigned Lines = Text.lineCount();
  for (unsigned Line = 0; Line <= Lines + 1 && Line < 64; ++Line) {
    std::string A = lineContextFingerprint("leak-x", "a.cpp", Text, Line);
    std::string B = lineContextFingerprint("leak-x", "a.cpp", Same, Line);
    FUZZ_CHECK(A == B && !A.empty(),
               "line " << Line << ": '" << A << "' and '" << B << "'");
    std::string Normal = normalizeLine(Text.line(Line));
    for (char C : Normal)
      FUZZ_CHECK(!llvm::isSpace(C), "whitespace left in '" << Normal << "'");
  }
  // Every offset maps to a position whose line holds it.
  unsigned Step = Size > 256 ? Size / 256 : 1;
  for (unsigned Offset = 0; Offset <= Size + 2; Offset += Step) {
    Position P = Text.position(Offset);
    FUZZ_CHECK(P.Line >= 1 && P.Column >= 1 && P.Utf16Column >= 1 &&
                   P.Utf16Column <= P.Column && (!Lines || P.Line <= Lines),
               "offset " << Offset << " of " << Size << ": line " << P.Line
                         << " of " << Lines << ", column " << P.Column
                         << ", UTF-16 column " << P.Utf16Column);
  }
  return 0;
}
