//===--- PlainAnnotations.h - named points in plain text for tests --------===//
//
// The text-only cousin of AnnotatedCode: "int $decl^x;" is the text
// "int x;" with the point "decl" at offset 4. For the pieces of leakguard
// that work on bytes and lines (diffs, fixes, fingerprints), not on ASTs.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TEST_UNIT_PLAINANNOTATIONS_H
#define LEAKGUARD_TEST_UNIT_PLAINANNOTATIONS_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <cassert>
#include <string>

namespace leakguard::test {

class PlainAnnotations {
public:
  explicit PlainAnnotations(llvm::StringRef Source) {
    while (!Source.empty()) {
      size_t Dollar = Source.find('$');
      size_t Caret = Source.find('^', Dollar);
      if (Dollar == llvm::StringRef::npos || Caret == llvm::StringRef::npos) {
        Text += Source;
        break;
      }
      Text += Source.take_front(Dollar);
      Points[Source.slice(Dollar + 1, Caret)] = Text.size();
      Source = Source.drop_front(Caret + 1);
    }
  }

  const std::string &text() const { return Text; }
  unsigned point(llvm::StringRef Name) const {
    auto It = Points.find(Name);
    assert(It != Points.end() && "no such point");
    return It->second;
  }

private:
  std::string Text;
  llvm::StringMap<unsigned> Points;
};

} // namespace leakguard::test

#endif // LEAKGUARD_TEST_UNIT_PLAINANNOTATIONS_H
