//===--- ObjectKey.cpp - identity of the object an expression names -------===//

#include "analysis/ObjectKey.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang;

namespace leakguard::analysis {

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
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    // `locks[i]` and `locks[2]`: an element picked by a constant or by a
    // variable (assumed unchanged between the uses being compared).
    const Expr *Index = Subscript->getIdx()->IgnoreParenImpCasts();
    std::string IndexKey;
    if (const auto *Literal = dyn_cast<IntegerLiteral>(Index))
      IndexKey = llvm::toString(Literal->getValue(), 10, /*Signed=*/false);
    else if (const auto *Var = dyn_cast<DeclRefExpr>(Index);
             Var && isa<VarDecl>(Var->getDecl()))
      IndexKey = declKey(Var->getDecl());
    else
      return std::nullopt;
    std::optional<std::string> Base =
        Subscript->getBase()->getType()->isPointerType()
            ? pointeeKey(Subscript->getBase())
            : objectKey(Subscript->getBase());
    if (!Base)
      return std::nullopt;
    return *Base + "[" + IndexKey + "]";
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

const ValueDecl *rootDecl(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
      return Ref->getDecl();
    if (const auto *Member = dyn_cast<MemberExpr>(E))
      E = Member->getBase();
    else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
      E = Subscript->getBase();
    else if (const auto *Unary = dyn_cast<UnaryOperator>(E))
      E = Unary->getSubExpr();
    else
      return nullptr;
  }
  return nullptr;
}

} // namespace leakguard::analysis
