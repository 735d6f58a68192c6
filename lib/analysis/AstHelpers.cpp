//===--- AstHelpers.cpp - general questions about the AST -----------------===//

#include "analysis/AstHelpers.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

using namespace clang;

namespace leakguard::analysis {

bool hasQualifiedName(const NamedDecl *D, llvm::StringRef Name) {
  Name.consume_front("::");
  // Compare from the innermost name outwards, skipping inline namespaces.
  const DeclContext *Ctx = D->getDeclContext();
  llvm::StringRef Rest = Name;
  llvm::StringRef Own = D->getName();
  if (!Rest.consume_back(Own))
    return false;
  while (!Ctx->isTranslationUnit()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(Ctx)) {
      if (!NS->isInline()) {
        if (!Rest.consume_back("::") || !Rest.consume_back(NS->getName()))
          return false;
      }
    } else if (const auto *RD = dyn_cast<RecordDecl>(Ctx)) {
      if (!Rest.consume_back("::") || !Rest.consume_back(RD->getName()))
        return false;
    } else if (!isa<LinkageSpecDecl>(Ctx)) {
      return false; // Local classes are never configured by name.
    }
    Ctx = Ctx->getParent();
  }
  return Rest.empty();
}

bool isAncestor(const Stmt *Ancestor, const Stmt *S, const ParentMap &Parents) {
  for (const Stmt *P = Parents.getParent(S); P; P = Parents.getParent(P))
    if (P == Ancestor)
      return true;
  return false;
}

void forEachStatement(const Stmt *Root,
                      llvm::function_ref<bool(const Stmt *)> Visit) {
  llvm::SmallVector<const Stmt *, 32> Work = {Root};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (S && Visit(S))
      llvm::append_range(Work, S->children());
  }
}

const Expr *stripTransparent(const Expr *E) {
  while (E) {
    const Expr *Before = E;
    E = E->IgnoreParenImpCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr();
    if (const auto *Temporary = dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temporary->getSubExpr();
    if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr();
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
      E = Cast->getSubExpr();
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
        Construct && Construct->getNumArgs() == 1 &&
        !isa<CXXTemporaryObjectExpr>(Construct))
      E = Construct->getArg(0);
    if (const auto *Call = dyn_cast<CallExpr>(E);
        Call && Call->getNumArgs() == 1 && isStdCall(Call, {"move", "forward"}))
      E = Call->getArg(0);
    if (E == Before)
      return E;
  }
  return E;
}

bool isStdCall(const CallExpr *Call, std::initializer_list<StringRef> Names) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->getIdentifier() && Callee->isInStdNamespace() &&
         llvm::is_contained(Names, Callee->getName());
}

} // namespace leakguard::analysis
