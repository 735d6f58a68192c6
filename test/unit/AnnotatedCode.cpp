//===--- AnnotatedCode.cpp - inline test code with $name^ markers ---------===//

#include "AnnotatedCode.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/ErrorHandling.h"

using namespace clang;

namespace leakguard::test {

AnnotatedCode::AnnotatedCode(llvm::StringRef Annotated,
                             std::vector<std::string> ExtraArgs) {
  for (size_t I = 0; I < Annotated.size();) {
    if (Annotated[I] == '$') {
      size_t Caret = Annotated.find('^', I);
      if (Caret == llvm::StringRef::npos)
        llvm::report_fatal_error("unterminated $marker^ in test code");
      Points[Annotated.slice(I + 1, Caret)] = Code.size();
      I = Caret + 1;
      continue;
    }
    Code += Annotated[I++];
  }
  std::vector<std::string> Args = {"-std=c++17", "-fsyntax-only"};
  Args.insert(Args.end(), ExtraArgs.begin(), ExtraArgs.end());
  Unit = tooling::buildASTFromCodeWithArgs(Code, Args, "input.cc");
  if (!Unit)
    llvm::report_fatal_error("test code does not parse");
}

unsigned AnnotatedCode::point(llvm::StringRef Name) const {
  auto It = Points.find(Name);
  if (It == Points.end())
    llvm::report_fatal_error(llvm::Twine("no marker $") + Name + "^");
  return It->second;
}

unsigned AnnotatedCode::offsetOf(SourceLocation Loc) {
  const SourceManager &SM = sourceManager();
  return SM.getFileOffset(SM.getExpansionLoc(Loc));
}

namespace {
struct Collector : RecursiveASTVisitor<Collector> {
  AnnotatedCode &Code;
  unsigned Offset;
  std::vector<const Stmt *> Found;
  const FunctionDecl *Function = nullptr;
  llvm::StringRef FunctionName;
  Collector(AnnotatedCode &Code, unsigned Offset)
      : Code(Code), Offset(Offset) {}
  bool VisitStmt(Stmt *S) {
    if (S->getBeginLoc().isValid() &&
        Code.sourceManager().isInMainFile(S->getBeginLoc()) &&
        Code.offsetOf(S->getBeginLoc()) == Offset)
      Found.push_back(S);
    return true;
  }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->getIdentifier() && FD->getName() == FunctionName &&
        FD->hasBody())
      Function = FD;
    return true;
  }
};
} // namespace

std::vector<const Stmt *> AnnotatedCode::statementsAt(unsigned Offset) {
  Collector C(*this, Offset);
  C.TraverseDecl(context().getTranslationUnitDecl());
  return C.Found;
}

const FunctionDecl *AnnotatedCode::function(llvm::StringRef Name) {
  Collector C(*this, ~0u);
  C.FunctionName = Name;
  C.TraverseDecl(context().getTranslationUnitDecl());
  return C.Function;
}

} // namespace leakguard::test
