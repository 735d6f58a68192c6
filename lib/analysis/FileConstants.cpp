//===--- FileConstants.cpp - variables whose value the file never changes -===//

#include "analysis/FileConstants.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;

namespace leakguard::analysis {

namespace {

/// The variable \p E names, through parentheses and casts.
const VarDecl *namedVariable(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// Collects the variables of internal linkage that the translation unit
/// writes, or whose address or non-const reference it takes.
class WriteCollector : public RecursiveASTVisitor<WriteCollector> {
public:
  llvm::DenseSet<const VarDecl *> Written;

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  void written(const Expr *E) {
    if (const VarDecl *Var = namedVariable(E))
      Written.insert(Var->getCanonicalDecl());
  }
  bool VisitBinaryOperator(BinaryOperator *Op) {
    if (Op->isAssignmentOp())
      written(Op->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *Op) {
    if (Op->isIncrementDecrementOp() || Op->getOpcode() == UO_AddrOf)
      written(Op->getSubExpr());
    return true;
  }
  bool VisitCallExpr(CallExpr *Call) {
    // A non-const reference parameter may write (`std::cin >> n`, `swap`).
    const FunctionDecl *Callee = Call->getDirectCallee();
    unsigned Shift =
        isa<CXXOperatorCallExpr>(Call) && Callee && isa<CXXMethodDecl>(Callee)
            ? 1
            : 0;
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I) {
      if (I < Shift) {
        written(Call->getArg(I)); // The object of a member operator.
        continue;
      }
      if (!Callee || I - Shift >= Callee->getNumParams()) {
        // Unknown parameters: a reference may be taken.
        if (!Callee)
          written(Call->getArg(I));
        continue;
      }
      QualType Param = Callee->getParamDecl(I - Shift)->getType();
      if (Param->isReferenceType() &&
          !Param->getPointeeType().isConstQualified())
        written(Call->getArg(I));
    }
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    if (const CXXMethodDecl *Method = Call->getMethodDecl();
        Method && !Method->isConst())
      written(Call->getImplicitObjectArgument());
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    // `int &r = flag;`
    if (Var->getType()->isReferenceType() &&
        !Var->getType()->getPointeeType().isConstQualified() && Var->getInit())
      written(Var->getInit());
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    for (const LambdaCapture &Capture : Lambda->captures())
      if (Capture.capturesVariable() && Capture.getCaptureKind() == LCK_ByRef)
        if (const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar()))
          Written.insert(Var->getCanonicalDecl());
    return true;
  }
};

/// The variables each live translation unit writes; an entry goes with its
/// ASTContext.
llvm::DenseMap<const ASTContext *, llvm::DenseSet<const VarDecl *>> &
writtenByContext() {
  static llvm::DenseMap<const ASTContext *, llvm::DenseSet<const VarDecl *>>
      Map;
  return Map;
}

void forget(void *Context) {
  writtenByContext().erase(static_cast<const ASTContext *>(Context));
}

const llvm::DenseSet<const VarDecl *> &writtenIn(ASTContext &Context) {
  auto &Map = writtenByContext();
  auto It = Map.find(&Context);
  if (It != Map.end())
    return It->second;
  WriteCollector Collector;
  Collector.TraverseDecl(Context.getTranslationUnitDecl());
  Context.AddDeallocation(forget, &Context);
  return Map[&Context] = std::move(Collector.Written);
}

} // namespace

std::optional<llvm::APSInt> fileConstantValue(const VarDecl *Var,
                                              ASTContext &Context) {
  if (!Var || !Var->hasGlobalStorage() || Var->isExternallyVisible() ||
      Var->getType().isVolatileQualified() || Var->getType()->isDependentType())
    return std::nullopt;
  QualType Type = Var->getType();
  if (!Type->isIntegralOrEnumerationType() && !Type->isPointerType())
    return std::nullopt;
  const VarDecl *Definition = Var->getDefinition();
  if (!Definition)
    Definition = Var;
  llvm::APSInt Value(Context.getTypeSize(Type),
                     Type->isUnsignedIntegerOrEnumerationType());
  if (const Expr *Init = Definition->getInit()) {
    Expr::EvalResult Result;
    if (Init->isValueDependent() || !Init->EvaluateAsRValue(Result, Context))
      return std::nullopt;
    if (Result.Val.isInt())
      Value = Result.Val.getInt();
    else if (Result.Val.isLValue() && Result.Val.isNullPointer())
      Value = 0;
    else
      return std::nullopt;
  } else if (!Var->isStaticLocal() && !Var->hasGlobalStorage()) {
    return std::nullopt;
  }
  if (writtenIn(Context).contains(Var->getCanonicalDecl()))
    return std::nullopt;
  return Value;
}

std::optional<llvm::APSInt> knownIntegerValue(const Expr *E,
                                              ASTContext &Context) {
  if (E->isValueDependent())
    return std::nullopt;
  Expr::EvalResult Result;
  if (E->EvaluateAsInt(Result, Context))
    return Result.Val.getInt();
  return fileConstantValue(namedVariable(E), Context);
}

} // namespace leakguard::analysis
