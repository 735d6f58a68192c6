//===--- Fingerprint.cpp - finding fingerprints that survive line shifts --===//

#include "report/Fingerprint.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/SHA1.h"

namespace leakguard::report {

std::string normalizeLine(llvm::StringRef Line) {
  std::string Out;
  for (char C : Line)
    if (!llvm::isSpace(C))
      Out += C;
  return Out;
}

/// The normalized text of the nearest non-blank line from \p Line in steps
/// of \p Step, or "" at the edge of the file.
static std::string neighbour(const SourceText &File, unsigned Line, int Step) {
  for (int L = int(Line) + Step; L >= 1 && L <= int(File.lineCount());
       L += Step) {
    std::string Text = normalizeLine(File.line(L));
    if (!Text.empty())
      return Text;
  }
  return "";
}

std::string lineContextFingerprint(llvm::StringRef Rule, llvm::StringRef Path,
                                   const SourceText &File, unsigned Line) {
  llvm::SHA1 Hasher;
  // A separator that cannot occur in normalized text keeps the parts apart.
  auto Add = [&](llvm::StringRef Part) {
    Hasher.update(Part);
    Hasher.update(llvm::StringRef("\n"));
  };
  Add(Rule);
  Add(Path);
  Add(neighbour(File, Line, -1));
  Add(normalizeLine(File.line(Line)));
  Add(neighbour(File, Line, +1));
  std::array<uint8_t, 20> Digest = Hasher.final();
  // 128 bits are plenty to tell findings apart.
  return llvm::toHex(llvm::ArrayRef<uint8_t>(Digest).take_front(16),
                     /*LowerCase=*/true);
}

} // namespace leakguard::report
