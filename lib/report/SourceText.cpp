//===--- SourceText.cpp - file contents, line tables and content hashes ---===//

#include "report/SourceText.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA1.h"
#include <algorithm>

namespace leakguard::report {

std::string contentHash(llvm::StringRef Content) {
  llvm::SHA1 Hasher;
  Hasher.update(Content);
  return llvm::toHex(Hasher.result(), /*LowerCase=*/true);
}

SourceText::SourceText(std::string Text)
    : Content(std::move(Text)), Hash(contentHash(Content)) {
  LineStarts.push_back(0);
  for (unsigned I = 0, E = Content.size(); I != E; ++I)
    if (Content[I] == '\n' && I + 1 != E)
      LineStarts.push_back(I + 1);
}

/// UTF-16 code units in \p Text: one per UTF-8 sequence, two for the ones
/// outside the basic plane (4-byte sequences). A 4-byte lead without its
/// three continuation bytes (invalid UTF-8) is one unit, the replacement
/// character it decodes to, so a column never counts more units than bytes.
static unsigned utf16Length(llvm::StringRef Text) {
  auto IsContinuation = [&](size_t I) {
    return I < Text.size() && (Text[I] & 0xC0) == 0x80;
  };
  unsigned Units = 0;
  for (size_t I = 0; I < Text.size(); ++I) {
    unsigned char C = Text[I];
    if ((C & 0xC0) == 0x80)
      continue; // A continuation byte.
    bool Pair = C >= 0xF0 && IsContinuation(I + 1) && IsContinuation(I + 2) &&
                IsContinuation(I + 3);
    Units += Pair ? 2 : 1;
  }
  return Units;
}

Position SourceText::position(unsigned Offset) const {
  Offset = std::min<unsigned>(Offset, Content.size());
  auto It = std::upper_bound(LineStarts.begin(), LineStarts.end(), Offset);
  unsigned LineIndex = (It - LineStarts.begin()) - 1;
  unsigned Start = LineStarts[LineIndex];
  Position P;
  P.Line = LineIndex + 1;
  P.Column = Offset - Start + 1;
  P.Utf16Column =
      utf16Length(llvm::StringRef(Content).slice(Start, Offset)) + 1;
  return P;
}

llvm::StringRef SourceText::line(unsigned Line) const {
  if (Line == 0 || Line > LineStarts.size())
    return "";
  unsigned Start = LineStarts[Line - 1];
  llvm::StringRef Rest = llvm::StringRef(Content).substr(Start);
  return Rest.take_until([](char C) { return C == '\n'; }).rtrim('\r');
}

const SourceText *SourceCache::get(llvm::StringRef Path) {
  auto It = Files.find(Path);
  if (It != Files.end())
    return It->second.get();
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  std::unique_ptr<SourceText> &Slot = Files[Path];
  if (Buffer)
    Slot = std::make_unique<SourceText>((*Buffer)->getBuffer().str());
  return Slot.get();
}

void SourceCache::set(llvm::StringRef Path, std::string Content) {
  Files[Path] = std::make_unique<SourceText>(std::move(Content));
}

} // namespace leakguard::report
