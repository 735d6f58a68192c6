//===--- HandleUses.cpp - how code uses a handle it holds -----------------===//

#include "analysis/HandleUses.h"
#include "analysis/AstHelpers.h"
#include "analysis/FunctionScope.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <functional>

using namespace clang;

namespace leakguard::analysis {

/// The local, non-static variable \p E names, or null.
const VarDecl *localVariable(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref)
    return nullptr;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->hasLocalStorage() || isa<ParmVarDecl>(Var) ||
      Var->getType()->isReferenceType())
    return nullptr;
  return Var;
}

/// Whether \p S is the braces of a scalar's list-initialization (`FILE
/// *f{fopen(...)}`, `auto n{PQgetCopyData(...)}`): the value itself.
static bool isScalarBraces(const Stmt *S) {
  const auto *List = dyn_cast<InitListExpr>(S);
  return List && List->getNumInits() == 1 && !List->getType().isNull() &&
         List->getType()->isScalarType();
}

const Stmt *valueUser(const Expr *E, const ParentMap &Parents) {
  const Stmt *P = Parents.getParent(E);
  while (P &&
         (isa<ParenExpr, CastExpr, ExprWithCleanups>(P) || isScalarBraces(P)))
    P = Parents.getParent(P);
  return P;
}

const VarDecl *heldIn(const Expr *E, const ParentMap &Parents) {
  const Stmt *User = valueUser(E, Parents);
  if (const auto *Decl = dyn_cast_or_null<DeclStmt>(User)) {
    const auto *Var = Decl->isSingleDecl()
                          ? dyn_cast<VarDecl>(Decl->getSingleDecl())
                          : nullptr;
    if (Var && Var->hasLocalStorage() && !Var->isStaticLocal() &&
        !isa<ParmVarDecl>(Var) && !Var->getType()->isReferenceType())
      return Var;
    return nullptr;
  }
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(User);
      Assign && Assign->getOpcode() == BO_Assign &&
      Assign->getLHS()->IgnoreParenCasts() != E)
    return localVariable(Assign->getLHS());
  return nullptr;
}

const VarDecl *statusVariable(const Expr *Call, const ParentMap &Parents,
                              const Stmt *Body) {
  const VarDecl *Status = resultVariable(Call, Parents, Body);
  return Status && Status->getType()->isIntegerType() ? Status : nullptr;
}

const VarDecl *resultVariable(const Expr *Call, const ParentMap &Parents,
                              const Stmt *Body) {
  const VarDecl *Status = heldIn(Call, Parents);
  if (!Status || !Body)
    return nullptr;
  bool Unique = true;
  forEachStatement(Body, [&](const Stmt *S) {
    if (!Unique)
      return false;
    if (const auto *Op = dyn_cast<BinaryOperator>(S)) {
      if (Op->isAssignmentOp() && refersTo(Op->getLHS(), Status) &&
          Op->getRHS()->IgnoreParenCasts() != Call)
        Unique = false;
    } else if (const auto *Op = dyn_cast<UnaryOperator>(S)) {
      if ((Op->isIncrementDecrementOp() || Op->getOpcode() == UO_AddrOf) &&
          refersTo(Op->getSubExpr(), Status))
        Unique = false;
    } else if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &Capture : Lambda->captures())
        if (Capture.capturesVariable() &&
            Capture.getCaptureKind() == LCK_ByRef &&
            Capture.getCapturedVar() == Status)
          Unique = false;
    }
    return true;
  });
  return Unique ? Status : nullptr;
}

AcquisitionSite acquisitionSite(const CallExpr *Call, const ResourceApi &Api,
                                const ParentMap &Parents) {
  AcquisitionSite Site{Call, &Api, nullptr, nullptr};
  // `mysql_init(&m)`: the caller's object, initialized in place.
  if (!allocatesHandle(Api, Call))
    return Site;
  if (Api.OutParam < 0) {
    Site.Handle = heldIn(Call, Parents);
    return Site;
  }
  if (static_cast<unsigned>(Api.OutParam) >= Call->getNumArgs())
    return Site;
  const Expr *Out = Call->getArg(Api.OutParam)->IgnoreParenImpCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(Out);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    Site.Handle = localVariable(AddrOf->getSubExpr());
  else if (const VarDecl *Array = localVariable(Out);
           Array && Array->getType()->isArrayType())
    Site.Handle = Array; // `int fds[2]; pipe(fds);`
  // The call's own result, kept to test for failure.
  if (Site.Handle)
    Site.Result = heldIn(Call, Parents);
  return Site;
}

bool refersTo(const Expr *E, const VarDecl *Var) {
  if (!E)
    return false;
  // Casts keep the handle: `munmap((char *)p, n)`, `reinterpret_cast<char
  // *>(base)` handed to a constructor.
  E = E->IgnoreParenCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl() == Var;
  // `fds[0]` of an array of handles (`pipe(fds)`).
  if (const auto *Element = dyn_cast<ArraySubscriptExpr>(E);
      Element && Var->getType()->isArrayType())
    return refersTo(Element->getBase(), Var);
  // `*key` of a pointer to an array decays to the pointer's address.
  if (const auto *Deref = dyn_cast<UnaryOperator>(E);
      Deref && Deref->getOpcode() == UO_Deref && Deref->getSubExpr() &&
      !Deref->getType().isNull() && Deref->getType()->isArrayType())
    return refersTo(Deref->getSubExpr(), Var);
  // `(fd = accept(...)) >= 0`: the assignment yields the variable.
  if (const auto *Assign = dyn_cast<BinaryOperator>(E);
      Assign && Assign->getOpcode() == BO_Assign)
    return refersTo(Assign->getLHS(), Var);
  return false;
}

/// Whether \p S gives \p Other the value of \p Handle somewhere (or takes
/// \p Other's address, after which anything may).
static bool mayReceive(const Stmt *S, const VarDecl *Other,
                       const VarDecl *Handle) {
  if (!S)
    return false;
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->isAssignmentOp() && refersTo(Assign->getLHS(), Other) &&
      mentions(Assign->getRHS(), Handle))
    return true;
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(S);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf &&
      refersTo(AddrOf->getSubExpr(), Other))
    return true;
  if (const auto *Decl = dyn_cast<DeclStmt>(S))
    for (const clang::Decl *D : Decl->decls())
      if (D == Other && Other->getInit() && mentions(Other->getInit(), Handle))
        return true;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return mayReceive(Child, Other, Handle);
  });
}

bool isOtherPointerVariable(const Expr *E, const VarDecl *Handle,
                            const Stmt *Body) {
  const auto *Ref = E ? dyn_cast<DeclRefExpr>(E->IgnoreParenCasts()) : nullptr;
  const auto *Other = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Other || Other == Handle || !Other->hasLocalStorage() ||
      !Other->getType()->isPointerType() ||
      (isa<ParmVarDecl>(Other) && Handle && isa<ParmVarDecl>(Handle)))
    return false;
  // A reference parameter may alias anything; a pointer parameter holds
  // what the caller had before the call.
  return !mayReceive(Body, Other, Handle);
}

bool isAddressOfLocalObject(const Expr *E) {
  if (!E)
    return false;
  E = E->IgnoreParenCasts();
  // `buf + n`, `n + buf`: still inside the local.
  if (const auto *Sum = dyn_cast<BinaryOperator>(E); Sum && Sum->isAdditiveOp())
    return isAddressOfLocalObject(Sum->getLHS()->getType()->isPointerType()
                                      ? Sum->getLHS()
                                      : Sum->getRHS());
  const Expr *Object = nullptr;
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    Object = AddrOf->getSubExpr();
  else if (!E->getType().isNull() && E->getType()->isArrayType())
    Object = E; // A local array decays to its address.
  // Down to the variable: a member of it, an element of an array in it.
  while (Object) {
    Object = Object->IgnoreParens();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Object)) {
      const auto *Local = dyn_cast<VarDecl>(Ref->getDecl());
      return Local && Local->hasLocalStorage() &&
             !Local->getType()->isReferenceType();
    }
    if (const auto *Member = dyn_cast<MemberExpr>(Object)) {
      if (Member->isArrow())
        return false;
      Object = Member->getBase();
      continue;
    }
    if (const auto *Element = dyn_cast<ArraySubscriptExpr>(Object)) {
      const Expr *Base = Element->getBase()->IgnoreParenImpCasts();
      if (Base->getType().isNull() || !Base->getType()->isArrayType())
        return false; // An element through a pointer.
      Object = Base;
      continue;
    }
    return false;
  }
  return false;
}

/// Whether \p E is the handle itself or its address (`f`, `&db`).
bool isHandleOrAddress(const Expr *E, const VarDecl *Var) {
  E = E->IgnoreParenCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    E = AddrOf->getSubExpr();
  return refersTo(E, Var);
}

bool isAddressOfPart(const Expr *E, const VarDecl *Var) {
  // (Code that did not parse leaves holes and typeless recovery nodes.)
  if (!E)
    return false;
  E = E->IgnoreParenCasts();
  const Expr *Part = nullptr;
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    Part =
        AddrOf->getSubExpr() ? AddrOf->getSubExpr()->IgnoreParens() : nullptr;
  else if (!E->getType().isNull() && E->getType()->isArrayType())
    Part = E; // An array member decays to its address.
  while (Part) {
    Part = Part->IgnoreParenCasts();
    if (const auto *Member = dyn_cast<MemberExpr>(Part)) {
      if (Member->isArrow())
        return Member->getBase() && refersTo(Member->getBase(), Var);
      Part = Member->getBase();
    } else if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Part)) {
      Part = Subscript->getBase();
    } else {
      return false;
    }
  }
  return false;
}

/// The C library's functions that return their first argument.
static bool returnsFirstArgument(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() || !Callee->isExternC() ||
      Call->getNumArgs() == 0)
    return false;
  return llvm::is_contained(
      {"memcpy", "memmove", "memset", "strcpy", "strncpy", "strcat", "strncat"},
      Callee->getName());
}

/// Whether \p Call copies the value of the pointer \p Var where its
/// destination points: `memcpy(&node->child, &p, sizeof p)` (a link of a
/// tree node written through a `T **`).
static bool copiesPointerOut(const CallExpr *Call, const VarDecl *Var) {
  if (Call->getNumArgs() < 3 || !Var->getType()->isPointerType())
    return false;
  unsigned Builtin = Call->getBuiltinCallee();
  const FunctionDecl *Callee = Call->getDirectCallee();
  bool Copies = Builtin == Builtin::BImemcpy || Builtin == Builtin::BImemmove ||
                Builtin == Builtin::BI__builtin_memcpy ||
                Builtin == Builtin::BI__builtin_memmove ||
                (Callee && Callee->getIdentifier() && Callee->isExternC() &&
                 llvm::is_contained({"memcpy", "memmove"}, Callee->getName()));
  const auto *AddrOf =
      dyn_cast<UnaryOperator>(Call->getArg(1)->IgnoreParenCasts());
  return Copies && AddrOf && AddrOf->getOpcode() == UO_AddrOf &&
         refersTo(AddrOf->getSubExpr(), Var);
}

/// Whether the value \p E hands the handle on: the handle itself, or an
/// aggregate or conditional that contains it.
bool carriesHandle(const Expr *E, const VarDecl *Var) {
  if (!E)
    return false;
  E = E->IgnoreParenCasts();
  if (isHandleOrAddress(E, Var) || isAddressOfPart(E, Var))
    return true;
  // `a->base = memcpy(p, src, n)`: the result is p.
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && returnsFirstArgument(Call))
    return carriesHandle(Call->getArg(0), Var);
  // `(char *)sh + hdrlen` (a string after its header), `(uintptr_t)entry |
  // TAG` (a tagged pointer): the block is still reached through it.
  if (const auto *Op = dyn_cast<BinaryOperator>(E);
      Op && ((Op->isAdditiveOp() && Op->getType()->isPointerType()) ||
             Op->getOpcode() == BO_Or))
    return carriesHandle(Op->getLHS(), Var) || carriesHandle(Op->getRHS(), Var);
  if (const auto *Cond = dyn_cast<AbstractConditionalOperator>(E))
    return carriesHandle(Cond->getTrueExpr(), Var) ||
           carriesHandle(Cond->getFalseExpr(), Var);
  if (const auto *Init = dyn_cast<InitListExpr>(E))
    return llvm::any_of(Init->inits(),
                        [&](const Expr *I) { return carriesHandle(I, Var); });
  // `*out = (struct kv){key, value};`
  if (const auto *Literal = dyn_cast<CompoundLiteralExpr>(E))
    return carriesHandle(Literal->getInitializer(), Var);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return llvm::any_of(Construct->arguments(),
                        [&](const Expr *A) { return carriesHandle(A, Var); });
  // In a template, a construction of a dependent type stays unresolved
  // (`std::unique_ptr<Base>(it)` with `it` of a nested class): it may adopt.
  if (const auto *Construct = dyn_cast<CXXUnresolvedConstructExpr>(E))
    return llvm::any_of(Construct->arguments(),
                        [&](const Expr *A) { return carriesHandle(A, Var); });
  if (const auto *List = dyn_cast<ParenListExpr>(E))
    return llvm::any_of(List->children(), [&](const Stmt *A) {
      return carriesHandle(dyn_cast_or_null<Expr>(A), Var);
    });
  if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
    return carriesHandle(Cleanups->getSubExpr(), Var);
  if (const auto *Assign = dyn_cast<BinaryOperator>(E);
      Assign && Assign->isAssignmentOp())
    return carriesHandle(Assign->getRHS(), Var);
  return false;
}

bool handsOn(const Stmt *S, const VarDecl *Var) {
  if (const auto *Return = dyn_cast<ReturnStmt>(S))
    return carriesHandle(Return->getRetValue(), Var);
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && Assign->isAssignmentOp())
    return !refersTo(Assign->getLHS(), Var) &&
           carriesHandle(Assign->getRHS(), Var);
  if (const auto *Decl = dyn_cast<DeclStmt>(S))
    return llvm::any_of(Decl->decls(), [&](const clang::Decl *D) {
      const auto *Other = dyn_cast<VarDecl>(D);
      return Other && Other != Var && carriesHandle(Other->getInit(), Var);
    });
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
    return llvm::any_of(Lambda->captures(), [&](const LambdaCapture &C) {
      return C.capturesVariable() && C.getCapturedVar() == Var;
    });
  if (const auto *Cast = dyn_cast<CStyleCastExpr>(S))
    return Cast->getType()->isVoidType() && refersTo(Cast->getSubExpr(), Var);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    return carriesHandle(Construct, Var);
  if (const auto *New = dyn_cast<CXXNewExpr>(S))
    return New->getInitializer() && carriesHandle(New->getInitializer(), Var);
  if (const auto *Call = dyn_cast<CallExpr>(S))
    return copiesPointerOut(Call, Var);
  return false;
}

bool storesOutsideThrough(const Stmt *Body, const VarDecl *Var) {
  if (!Body || !Var)
    return false;
  llvm::SmallPtrSet<const VarDecl *, 4> Aliases;
  Aliases.insert(Var);
  auto Carries = [&](const Expr *E) {
    return E && llvm::any_of(Aliases, [&](const VarDecl *A) {
             return carriesHandle(E, A);
           });
  };
  // A local pointer variable of the function, which a value assigned to it
  // only aliases.
  auto LocalPointer = [](const Expr *E) -> const VarDecl * {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Local = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Local && Local->hasLocalStorage() &&
                   Local->getType()->isPointerType()
               ? Local
               : nullptr;
  };
  bool Stores = false;
  std::function<bool(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S)
      return false;
    bool Grew = false;
    if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
      for (const clang::Decl *D : Decl->decls())
        if (const auto *Local = dyn_cast<VarDecl>(D);
            Local && Local->hasLocalStorage() &&
            Local->getType()->isPointerType() && Carries(Local->getInit()))
          Grew |= Aliases.insert(Local).second;
    } else if (const auto *Assign = dyn_cast<BinaryOperator>(S);
               Assign && Assign->getOpcode() == BO_Assign &&
               Carries(Assign->getRHS())) {
      if (const VarDecl *Local = LocalPointer(Assign->getLHS()))
        Grew |= Aliases.insert(Local).second;
      else
        Stores = true;
    }
    for (const Stmt *Child : S->children())
      Grew |= Visit(Child);
    return Grew;
  };
  // Until no new alias turns up (a few rounds: aliases of aliases).
  for (unsigned Round = 0; Round < 4 && !Stores; ++Round)
    if (!Visit(Body))
      break;
  return Stores;
}

bool onlyTests(const Stmt *User) {
  if (isa_and_nonnull<IfStmt, WhileStmt, ConditionalOperator>(User))
    return true;
  if (const auto *Op = dyn_cast_or_null<UnaryOperator>(User))
    return Op->getOpcode() == UO_LNot;
  if (const auto *Op = dyn_cast_or_null<BinaryOperator>(User))
    return Op->isComparisonOp() || Op->isLogicalOp();
  return false;
}

/// Whether \p S mentions \p Var anywhere.
bool mentions(const Stmt *S, const VarDecl *Var) {
  if (!S)
    return false;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == Var)
    return true;
  return llvm::any_of(S->children(),
                      [&](const Stmt *Child) { return mentions(Child, Var); });
}

/// Whether \p S contains a release of \p Var.
bool releasesIn(const Stmt *S, const ResourceApi &Api, const VarDecl *Var) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && isReleaser(Api, Call->getDirectCallee()) &&
      Api.ReleaseArg < Call->getNumArgs() &&
      refersTo(Call->getArg(Api.ReleaseArg), Var))
    return true;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return releasesIn(Child, Api, Var);
  });
}

bool isNullConstant(const Expr *E, ASTContext &Context) {
  return E->IgnoreParenImpCasts()->isNullPointerConstant(
             Context, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
}

std::optional<std::pair<const VarDecl *, bool>>
nullTest(const Expr *Condition, bool Value, const ASTContext &Context) {
  if (!Condition)
    return std::nullopt;
  auto Variable = [](const Expr *E) -> const VarDecl * {
    // A cast keeps a pointer null or not: `(char *)p == NULL`.
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  };
  const Expr *E = stripLogicalNots(Condition, Value);
  const VarDecl *Var = Variable(E);
  bool IsNull = !Value;
  if (const auto *Compare = dyn_cast<BinaryOperator>(E);
      Compare && Compare->isEqualityOp()) {
    auto &Mutable = const_cast<ASTContext &>(Context);
    Var = isNullConstant(Compare->getRHS(), Mutable)
              ? Variable(Compare->getLHS())
          : isNullConstant(Compare->getLHS(), Mutable)
              ? Variable(Compare->getRHS())
              : nullptr;
    IsNull = (Compare->getOpcode() == BO_EQ) == Value;
  }
  if (!Var || !Var->getType()->isPointerType())
    return std::nullopt;
  return std::make_pair(Var, IsNull);
}

std::optional<llvm::APSInt> integerValue(const Expr *E, ASTContext &Context) {
  Expr::EvalResult Result;
  if (E->isValueDependent() ||
      !E->IgnoreParenCasts()->EvaluateAsInt(Result, Context))
    return std::nullopt;
  return Result.Val.getInt();
}

/// Whether the path that takes the branch where \p Condition is \p Value
/// holds no handle: the acquisition failed there.
bool acquisitionFailedOn(const Expr *Condition, bool Value,
                         const AcquisitionSite &Acq, ASTContext &Context) {
  const Expr *E = stripLogicalNots(Condition, Value);
  // `a && b` holds: both hold; `a || b` fails: both fail.
  if (const auto *Logical = dyn_cast<BinaryOperator>(E);
      Logical && Logical->isLogicalOp()) {
    bool Both = Logical->getOpcode() == BO_LAnd ? Value : !Value;
    return Both &&
           (acquisitionFailedOn(Logical->getLHS(), Value, Acq, Context) ||
            acquisitionFailedOn(Logical->getRHS(), Value, Acq, Context));
  }
  FailureTest Failure = Acq.Api->Failure;
  const VarDecl *Handle = Acq.Handle;
  auto IsResult = [&](const Expr *X) {
    X = X->IgnoreParenImpCasts();
    return X == Acq.Call || (Acq.Result && refersTo(X, Acq.Result));
  };
  bool PointerTests = Failure == FailureTest::Null ||
                      Failure == FailureTest::NonZeroResult ||
                      Failure == FailureTest::NonPositiveResult;

  // `if (f)`, `if (rc)`.
  if (PointerTests && refersTo(E, Handle))
    return !Value;
  if (Failure == FailureTest::NonZeroResult && IsResult(E))
    return Value;
  // `if (!rc)`: a zero result gave nothing.
  if (Failure == FailureTest::NonPositiveResult && IsResult(E))
    return !Value;

  const auto *Compare = dyn_cast<BinaryOperator>(E);
  if (!Compare || !Compare->isComparisonOp())
    return false;
  BinaryOperatorKind Op = Compare->getOpcode();
  const Expr *Subject = Compare->getLHS();
  const Expr *Other = Compare->getRHS();
  bool SubjectIsHandle = refersTo(Subject, Handle) || IsResult(Subject);
  if (!SubjectIsHandle) {
    std::swap(Subject, Other);
    Op = BinaryOperator::reverseComparisonOp(Op);
    SubjectIsHandle = refersTo(Subject, Handle) || IsResult(Subject);
  }
  if (!SubjectIsHandle)
    return false;
  bool OnHandle = refersTo(Subject, Handle);

  // The branch where "Subject Op Other" is true (Value) or false.
  auto EqualityFails = [&](bool FailsWhenEqual) {
    if (Op == BO_EQ)
      return Value == FailsWhenEqual;
    if (Op == BO_NE)
      return Value != FailsWhenEqual;
    return false;
  };

  if (OnHandle && PointerTests && isNullConstant(Other, Context))
    return EqualityFails(/*FailsWhenEqual=*/true);

  std::optional<llvm::APSInt> Constant = integerValue(Other, Context);
  if (OnHandle && Failure == FailureTest::MapFailed) {
    // MAP_FAILED is ((void *) -1).
    if (Constant && Constant->isAllOnes())
      return EqualityFails(true);
    return false;
  }
  if (OnHandle && Failure == FailureTest::Negative && Constant) {
    int64_t C = Constant->getExtValue();
    switch (Op) {
    case BO_LT: // fd < 0 fails when true.
      return C <= 0 && Value;
    case BO_LE: // fd <= -1
      return C <= -1 && Value;
    case BO_GE: // fd >= 0 fails when false.
      return C <= 0 && C >= 0 && !Value;
    case BO_GT: // fd > -1 fails when false.
      return C == -1 && !Value;
    case BO_EQ:
    case BO_NE:
      return C == -1 && EqualityFails(true);
    default:
      return false;
    }
  }
  if (!OnHandle && Failure == FailureTest::NonPositiveResult && Constant) {
    // The branch where the result is at most zero. `rc != SQLITE_OK`,
    // `len > 0` fail when false; `len <= 0`, `len == -1` when true.
    int64_t C = Constant->getExtValue();
    switch (Op) {
    case BO_GT: // r > C false: r <= C
      return !Value && C <= 0;
    case BO_GE: // r >= C false: r < C
      return !Value && C <= 1;
    case BO_LT: // r < C true
      return Value && C <= 1;
    case BO_LE: // r <= C true
      return Value && C <= 0;
    case BO_EQ:
    case BO_NE:
      return C <= 0 && EqualityFails(/*FailsWhenEqual=*/true);
    default:
      return false;
    }
  }
  if (!OnHandle && Failure == FailureTest::NonZeroResult && Constant) {
    if (Constant->isZero() && (Op == BO_EQ || Op == BO_NE))
      return EqualityFails(/*FailsWhenEqual=*/false);
    if (Constant->isZero() && Op == BO_LT) // `pipe(fds) < 0`
      return Value;
    // `== -1`, `== EAI_AGAIN`: only a zero result made the handle.
    if (!Constant->isZero() && (Op == BO_EQ || Op == BO_NE))
      return EqualityFails(/*FailsWhenEqual=*/true);
  }
  return false;
}

bool acquisitionFailedOnCase(const Expr *Subject, const llvm::APSInt &Value,
                             const AcquisitionSite &Acq) {
  if (!Subject || !Acq.Api)
    return false;
  const Expr *S = Subject->IgnoreParenImpCasts();
  bool OnResult = S == Acq.Call || (Acq.Result && refersTo(S, Acq.Result));
  bool OnHandle = Acq.Handle && refersTo(S, Acq.Handle);
  switch (Acq.Api->Failure) {
  case FailureTest::NonPositiveResult:
    return OnResult && !OnHandle && !Value.isStrictlyPositive();
  case FailureTest::NonZeroResult:
    return OnResult && !OnHandle && !Value.isZero();
  case FailureTest::Negative:
    return OnHandle && Value.isNegative();
  default:
    return false;
  }
}

/// The API's first release function when it can be a std::unique_ptr
/// deleter: declared in this file as a C function of the handle alone.
const FunctionDecl *deleterFunction(const ResourceApi &Api,
                                    ASTContext &Context) {
  if (Api.Releasers.empty() || Api.ReleaseArg != 0)
    return nullptr;
  for (const NamedDecl *D : Context.getTranslationUnitDecl()->lookup(
           &Context.Idents.get(Api.Releasers.front())))
    if (const auto *Release = dyn_cast<FunctionDecl>(D);
        Release && Release->isExternC() && Release->getNumParams() == 1)
      return Release;
  return nullptr;
}

/// Whether parameter \p Index of \p Callee only reads through what it gets
/// (a pointer or reference to const).
bool isConstParameter(const FunctionDecl *Callee, unsigned Index) {
  if (!Callee || Index >= Callee->getNumParams())
    return false;
  QualType Type = Callee->getParamDecl(Index)->getType();
  // `T *const &` (push_back's parameter for a vector of pointers) copies
  // the pointer: only what it points to tells. `const T *&` may reseat the
  // caller's pointer: not a borrow.
  if (Type->isReferenceType() && Type->getPointeeType()->isPointerType()) {
    if (!Type->getPointeeType().isConstQualified())
      return false;
    Type = Type->getPointeeType();
  }
  if (!Type->isPointerType() && !Type->isReferenceType())
    return false;
  QualType Pointee = Type->getPointeeType();
  if (!Pointee.isConstQualified())
    return false;
  // `const void *` erases the type: a table's key or value
  // (`hash_add(table, const void *key, const void *value)`) is kept as
  // often as it is only read. The C library's (`memcpy`, `write`) only
  // reads.
  if (Pointee->isVoidType())
    return Callee->getASTContext().getSourceManager().isInSystemHeader(
        Callee->getLocation());
  return true;
}

} // namespace leakguard::analysis
