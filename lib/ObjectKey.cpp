//===--- ObjectKey.cpp - identity of the object an expression names -------===//

#include "ObjectKey.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace leakguard {

static std::string declKey(const ValueDecl *D) {
  return "@" + llvm::utohexstr(reinterpret_cast<uintptr_t>(D->getCanonicalDecl()));
}

std::optional<std::string> objectKey(const Expr *E) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return declKey(DRE->getDecl());
  if (isa<CXXThisExpr>(E))
    return std::string("this");
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    std::optional<std::string> Base =
        ME->isArrow() ? pointeeKey(ME->getBase()) : objectKey(ME->getBase());
    if (!Base)
      return std::nullopt;
    return *Base + "." + declKey(ME->getMemberDecl());
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref)
      return pointeeKey(UO->getSubExpr());
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> pointeeKey(const Expr *E) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    return objectKey(UO->getSubExpr());
  // `this` points to the object the member functions work on.
  if (isa<CXXThisExpr>(E))
    return std::string("*this");
  std::optional<std::string> Pointer = objectKey(E);
  if (!Pointer)
    return std::nullopt;
  return "*" + *Pointer;
}

} // namespace leakguard
