//===--- AnnotatedCode.h - inline test code with $name^ markers -----------===//
//
// Test code marks the places it talks about with `$name^` (a point just
// before the next token): `int $decl^x;`. The markers are stripped before
// parsing and their offsets kept, so a test can fetch the AST node that
// starts at a marker.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TEST_UNIT_ANNOTATEDCODE_H
#define LEAKGUARD_TEST_UNIT_ANNOTATEDCODE_H

#include "clang/AST/ASTContext.h"
#include "clang/Frontend/ASTUnit.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <string>
#include <vector>

namespace leakguard::test {

class AnnotatedCode {
public:
  /// Parses \p Annotated as a C++17 file (plus \p ExtraArgs).
  explicit AnnotatedCode(llvm::StringRef Annotated,
                         std::vector<std::string> ExtraArgs = {});

  /// The code without its markers.
  const std::string &code() const { return Code; }
  /// The offset of the marker \p Name in code(); aborts the test run when
  /// there is no such marker.
  unsigned point(llvm::StringRef Name) const;

  clang::ASTContext &context() { return Unit->getASTContext(); }
  const clang::SourceManager &sourceManager() {
    return context().getSourceManager();
  }
  /// The offset of \p Loc in the main file.
  unsigned offsetOf(clang::SourceLocation Loc);

  /// The outermost statement of type T that begins at the marker \p Name.
  template <typename T> const T *nodeAt(llvm::StringRef Name);
  /// The function named \p Name.
  const clang::FunctionDecl *function(llvm::StringRef Name);

private:
  std::vector<const clang::Stmt *> statementsAt(unsigned Offset);

  std::string Code;
  llvm::StringMap<unsigned> Points;
  std::unique_ptr<clang::ASTUnit> Unit;
};

template <typename T> const T *AnnotatedCode::nodeAt(llvm::StringRef Name) {
  for (const clang::Stmt *S : statementsAt(point(Name)))
    if (const auto *Node = llvm::dyn_cast<T>(S))
      return Node;
  return nullptr;
}

} // namespace leakguard::test

#endif // LEAKGUARD_TEST_UNIT_ANNOTATEDCODE_H
