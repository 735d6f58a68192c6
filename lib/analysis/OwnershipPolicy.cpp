//===--- OwnershipPolicy.cpp - who may own what a function allocated -----===//

#include "analysis/OwnershipPolicy.h"
#include "analysis/AstHelpers.h"
#include "analysis/HandleUses.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace leakguard::analysis {

namespace {

/// How many member functions deep mayPublishThis() follows calls on `this`.
constexpr unsigned MaxDepth = 3;

bool publishes(const CXXMethodDecl *Method, unsigned Depth);

/// Whether \p S, whose nearest parent that is not an implicit cast is
/// \p Parent, uses `this` in a way that gives the object away.
bool usesThisAsValue(const Stmt *S, const Stmt *Parent, unsigned Depth) {
  if (!S)
    return false;
  if (isa<CXXThisExpr>(S)) {
    const auto *Member = dyn_cast_or_null<MemberExpr>(Parent);
    if (!Member)
      return true; // Passed on, stored, returned, deleted, compared.
    // `this->field` stays; `this->method()` does what the method does.
    const auto *Method = dyn_cast<CXXMethodDecl>(Member->getMemberDecl());
    return Method && publishes(Method, Depth + 1);
  }
  // A lambda that captures `this` may outlive the call.
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
    if (llvm::any_of(Lambda->captures(),
                     [](const LambdaCapture &C) { return C.capturesThis(); }))
      return true;
  const Stmt *ChildParent = isa<ImplicitCastExpr>(S) ? Parent : S;
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return usesThisAsValue(Child, ChildParent, Depth);
  });
}

bool publishes(const CXXMethodDecl *Method, unsigned Depth) {
  if (!Method)
    return false;
  if (Depth > MaxDepth)
    return true;
  if (Method->isStatic())
    return false;
  const auto *Ctor = dyn_cast<CXXConstructorDecl>(Method);
  if (Ctor && Ctor->isTrivial())
    return false;
  const FunctionDecl *Definition = nullptr;
  if (!Method->hasBody(Definition))
    // Defaulted functions do what the members' and bases' do; anything
    // else is out of sight.
    return !Method->isDefaulted();
  if (const auto *DefCtor = dyn_cast<CXXConstructorDecl>(Definition)) {
    for (const CXXCtorInitializer *Init : DefCtor->inits()) {
      if (!Init->getInit())
        continue;
      // A base class's constructor runs on this object too.
      if (const auto *Base =
              dyn_cast<CXXConstructExpr>(Init->getInit()->IgnoreImplicit());
          Base && Init->isBaseInitializer() &&
          publishes(Base->getConstructor(), Depth + 1))
        return true;
      if (usesThisAsValue(Init->getInit(), nullptr, Depth))
        return true;
    }
  }
  return usesThisAsValue(Definition->getBody(), nullptr, Depth);
}

/// Whether \p Type is a pointer, or a reference to non-const, to a class.
bool refersToAnObject(QualType Type) {
  if (Type->isPointerType())
    return Type->getPointeeType()->isRecordType() ||
           Type->getPointeeType()->isDependentType();
  if (Type->isReferenceType())
    return !Type->getPointeeType().isConstQualified() &&
           Type->getPointeeType()->isRecordType();
  return false;
}

} // namespace

/// Whether \p Callee takes a function: a callback, whose user data its
/// other pointer parameters then carry (and keep for later).
static bool takesCallback(const FunctionDecl *Callee) {
  return llvm::any_of(Callee->parameters(), [](const ParmVarDecl *Param) {
    QualType Type = Param->getType();
    return Type->isFunctionPointerType() ||
           Type->isMemberFunctionPointerType() || Type->isBlockPointerType();
  });
}

bool isBufferParameter(const FunctionDecl *Callee, unsigned Index) {
  if (!Callee || Index >= Callee->getNumParams())
    return false;
  QualType Type = Callee->getParamDecl(Index)->getType();
  if (!Type->isPointerType())
    return false;
  QualType Pointee = Type->getPointeeType();
  if (Pointee.isConstQualified() ||
      !(Pointee->isVoidType() || Pointee->isArithmeticType()) ||
      takesCallback(Callee))
    return false;
  auto IsSize = [&](unsigned I) {
    return I < Callee->getNumParams() &&
           Callee->getParamDecl(I)->getType()->isIntegerType() &&
           !Callee->getParamDecl(I)->getType()->isBooleanType();
  };
  // The size follows the buffer (`buf, len`): a pointer after an integer
  // is as often the data a call keeps (`create(int type, void *ptr)`,
  // `insert(key, len, void *value)`).
  if (!IsSize(Index + 1))
    return false;
  // A function in sight that stores the pointer, or a local that takes its
  // value, through an out-parameter or in a member or a global
  // (`char *out = buf; ... *result = out;`) hands it on: not a buffer it
  // only fills.
  const FunctionDecl *Definition = nullptr;
  return !(Callee->hasBody(Definition) && Index < Definition->getNumParams() &&
           storesOutsideThrough(Definition->getBody(),
                                Definition->getParamDecl(Index)));
}

bool isCLibraryCall(const CallExpr *Call, const ASTContext &Context) {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && (Callee->isExternC() || !Context.getLangOpts().CPlusPlus) &&
         Context.getSourceManager().isInSystemHeader(Callee->getLocation()) &&
         !takesCallback(Callee);
}

bool takesHandleFromAnotherLibrary(const FunctionDecl *Callee,
                                   unsigned Index, QualType Handle,
                                   const FunctionDecl *Acquirer) {
  if (!Callee || !Acquirer || Index >= Callee->getNumParams() ||
      !Handle->isPointerType())
    return false;
  QualType Param = Callee->getParamDecl(Index)->getType();
  if (!Param->isPointerType() || Param->getPointeeType().isConstQualified() ||
      !Param->getPointeeType()->isRecordType())
    return false;
  const ASTContext &Context = Callee->getASTContext();
  if (!Context.hasSameUnqualifiedType(Param->getPointeeType(),
                                      Handle->getPointeeType()))
    return false;
  const SourceManager &SM = Context.getSourceManager();
  auto HeaderOf = [&](const FunctionDecl *F) {
    return SM.getFileID(
        SM.getExpansionLoc(F->getCanonicalDecl()->getLocation()));
  };
  return HeaderOf(Callee) != HeaderOf(Acquirer);
}

/// The function \p E names (`free`, `&free`, `(void (*)(void *))free`).
static const FunctionDecl *functionNamed(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    E = AddrOf->getSubExpr()->IgnoreParenCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
}

bool takesOwnership(const CallExpr *Call, unsigned Index,
                    const ResourceApi *Api) {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier())
    return false;
  if (Api && isAdopter(*Api, Callee, static_cast<int>(Index)))
    return true;
  llvm::StringRef Name = Callee->getName();
  if (Name.contains("_set0_") || Name.ends_with("_set0") ||
      Name.starts_with("set0_"))
    return true;
  for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I) {
    if (I == Index)
      continue;
    const FunctionDecl *Deleter = functionNamed(Call->getArg(I));
    if (!Deleter)
      continue;
    if ((Api && isReleaser(*Api, Deleter)) ||
        (Deleter->getReturnType()->isVoidType() &&
         Deleter->getNumParams() == 1 &&
         Deleter->getParamDecl(0)->getType()->isPointerType()))
      return true;
  }
  return false;
}

bool onlyUsesArgument(const CallExpr *Call, unsigned Index,
                      const ResourceModel &Model) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (llvm::any_of(Model.apis(), [&](const ResourceApi &Api) {
        return takesOwnership(Call, Index, &Api);
      }))
    return false;
  return isConstParameter(Callee, Index) ||
         (Callee && Callee->isExternC() &&
          Callee->getASTContext().getSourceManager().isInSystemHeader(
              Callee->getLocation())) ||
         llvm::any_of(Model.apis(), [&](const ResourceApi &Api) {
           return isBorrower(Api, Callee);
         });
}

/// Whether the use \p Use of a local alias keeps it local.
static bool keepsAliasLocal(const Expr *Use, const ParentMap &Parents,
                            const ASTContext &Context) {
  const Stmt *Child = Use;
  const Stmt *Parent = Parents.getParent(Use);
  while (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Parent)) {
    // Read as a value (not through), or converted to another pointer.
    Child = Cast;
    Parent = Parents.getParent(Cast);
  }
  if (!Parent)
    return false;
  if (isa<ArraySubscriptExpr, MemberExpr>(Parent))
    return true;
  if (const auto *Unary = dyn_cast<UnaryOperator>(Parent))
    return Unary->getOpcode() != UO_AddrOf;
  if (const auto *Binary = dyn_cast<BinaryOperator>(Parent)) {
    if (Binary->isComparisonOp() || Binary->isAdditiveOp())
      return true;
    // `c = c + 1`, `c += n`: moved along; `q = c` would copy it on.
    if (Binary->isAssignmentOp())
      return Binary->getLHS() == Child;
    return false;
  }
  if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
      if (Call->getArg(I) == Child)
        return isConstParameter(Callee, I) || isBufferParameter(Callee, I) ||
               isCLibraryCall(Call, Context);
    return false; // Called through.
  }
  // Tested: `if (c)`, `while (c)`.
  return isa<IfStmt, WhileStmt, ForStmt, DoStmt>(Parent);
}

bool isLocalAlias(const VarDecl *Alias, const Stmt *Body,
                  const ParentMap &Parents, const ASTContext &Context) {
  if (!Alias || !Alias->hasLocalStorage() || !Alias->getType()->isPointerType())
    return false;
  llvm::SmallVector<const Stmt *, 32> Work = {Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
      for (const LambdaCapture &Capture : Lambda->captures())
        if (Capture.capturesVariable() && Capture.getCapturedVar() == Alias)
          return false;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Alias &&
        !keepsAliasLocal(Ref, Parents, Context))
      return false;
    llvm::append_range(Work, S->children());
  }
  return true;
}

bool mayPublishThis(const CXXMethodDecl *Method) {
  return publishes(Method, 0);
}

bool mayBeAdoptedOnConstruction(const CXXNewExpr *New) {
  const Expr *Init = New->getInitializer();
  if (!Init)
    return false;
  Init = Init->IgnoreImplicit();
  // In a template, `new T(args)` names no constructor yet: its arguments
  // alone tell.
  if (const auto *List = dyn_cast<ParenListExpr>(Init)) {
    for (unsigned I = 0, E = List->getNumExprs(); I < E; ++I)
      if (refersToAnObject(List->getExpr(I)->getType()))
        return true;
    return false;
  }
  const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
  if (!Construct)
    return false;
  const CXXConstructorDecl *Ctor = Construct->getConstructor();
  for (unsigned I = 0, E = Construct->getNumArgs(); I < E; ++I) {
    QualType Type = Ctor && I < Ctor->getNumParams()
                        ? Ctor->getParamDecl(I)->getType()
                        : Construct->getArg(I)->getType();
    // A copy or move of another object of the same class is no parent.
    if (Ctor && Ctor->isCopyOrMoveConstructor())
      break;
    if (refersToAnObject(Type))
      return true;
  }
  return mayPublishThis(Ctor);
}

/// Whether the local \p Var is \p Function's alone from its declaration
/// to its returns (see everyReturnedValue).
static bool keptAlone(const VarDecl *Var, const FunctionDecl &Function) {
  const ASTContext &Context = Function.getASTContext();
  bool Alone = true;
  forEachStatement(Function.getBody(), [&](const Stmt *S) {
    if (!Alone || isa<LambdaExpr>(S))
      return false;
    if (isa<ReturnStmt>(S))
      return true; // The returns give it back; their calls are seen below.
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->isAssignmentOp() && refersTo(Assign->getLHS(), Var))
      Alone = false;
    else if (const auto *Op = dyn_cast<UnaryOperator>(S);
             Op &&
             (Op->isIncrementDecrementOp() || Op->getOpcode() == UO_AddrOf) &&
             refersTo(Op->getSubExpr(), Var))
      Alone = false;
    else if (handsOn(S, Var))
      Alone = false;
    else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S);
             Member && refersTo(Member->getImplicitObjectArgument(), Var) &&
             (!Member->getMethodDecl() ||
              mayPublishThis(Member->getMethodDecl())))
      Alone = false;
    else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      for (unsigned I = 0, E = Call->getNumArgs(); I < E && Alone; ++I)
        if (refersTo(Call->getArg(I), Var))
          Alone = isCLibraryCall(Call, Context) ||
                  isConstParameter(Callee, I) || isBufferParameter(Callee, I);
    }
    return Alone;
  });
  return Alone;
}

bool everyReturnedValue(const FunctionDecl &Function,
                        llvm::function_ref<bool(const Expr *)> Value) {
  bool Every = true;
  forEachStatement(Function.getBody(), [&](const Stmt *S) {
    const auto *Return = dyn_cast<ReturnStmt>(S);
    if (!Every || !Return)
      return Every && !isa<LambdaExpr>(S);
    const Expr *Given = Return->getRetValue();
    if (Given && isNullConstant(Given, Function.getASTContext()))
      return false;
    if (const VarDecl *Local = localVariable(Given))
      Given = keptAlone(Local, Function) ? Local->getInit() : nullptr;
    Every = Given && Value(Given->IgnoreParenCasts());
    return false;
  });
  return Every;
}

const ResourceApi &newApi(bool MayGiveNull) {
  static const ResourceApi Throws = [] {
    ResourceApi Api;
    Api.Failure = FailureTest::None;
    return Api;
  }();
  static const ResourceApi Nullable = [] {
    ResourceApi Api;
    Api.Failure = FailureTest::Null;
    return Api;
  }();
  return MayGiveNull ? Nullable : Throws;
}

bool isFreshNew(const Expr *E, bool &Array) {
  const auto *New = dyn_cast<CXXNewExpr>(E->IgnoreParenCasts());
  if (!New || New->getNumPlacementArgs() != 0 ||
      mayBeAdoptedOnConstruction(New))
    return false;
  Array = New->isArray();
  return true;
}

} // namespace leakguard::analysis
