//===--- ThreadModel.cpp - thread bodies, endless loops, captures ---------===//

#include "analysis/ThreadModel.h"
#include "analysis/Summarize.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include <functional>

using namespace clang;

namespace leakguard::analysis {

namespace {

/// The condition of the while, do or for loop \p S (null for `for (;;)`
/// and for anything else).
const Expr *loopCondition(const Stmt *S) {
  if (const auto *While = dyn_cast<WhileStmt>(S))
    return While->getCond();
  if (const auto *Do = dyn_cast<DoStmt>(S))
    return Do->getCond();
  if (const auto *For = dyn_cast<ForStmt>(S))
    return For->getCond();
  return nullptr;
}

/// \p E without the wrappers a callable picks up on its way into a thread
/// constructor: casts, temporaries, copies and moves.
const Expr *stripCallable(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *C = dyn_cast<ExprWithCleanups>(E))
      E = C->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
             Construct && Construct->getNumArgs() == 1 &&
             Construct->getConstructor()->isCopyOrMoveConstructor())
      E = Construct->getArg(0);
    else
      return E;
  }
  return E;
}

const FunctionDecl *definitionOf(const FunctionDecl *F) {
  const FunctionDecl *Definition = nullptr;
  if (F && F->hasBody(Definition))
    return Definition;
  return nullptr;
}

/// Calls that end the calling thread or the process on purpose: a way out
/// of a thread's loop. Crashes (`abort`, a failed `assert`) are not.
bool isNoReturnCall(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false;
  const IdentifierInfo *Name = Callee->getIdentifier();
  if (Name && llvm::is_contained({"abort", "__assert_fail", "__assert_rtn",
                                  "__assert", "_assert", "terminate",
                                  "__builtin_trap", "__builtin_unreachable"},
                                 Name->getName()))
    return false;
  if (Callee->isNoReturn())
    return true;
  return Name && llvm::is_contained({"exit", "_exit", "_Exit", "quick_exit",
                                     "pthread_exit", "thrd_exit", "longjmp",
                                     "siglongjmp"},
                                    Name->getName());
}

/// Whether the body of \p Callee (a function of the user's code in the
/// translation unit) ends the thread: a noreturn call or a throw at any
/// depth. A library function's body (a system header's `std::mutex::lock()`
/// calling the noreturn `__throw_system_error` when the lock fails, a
/// container's bounds check) is its own error handling, not a way the
/// caller's loop is meant to end.
bool bodyEndsThread(const FunctionDecl *Callee) {
  const FunctionDecl *Definition = definitionOf(Callee);
  if (!Definition ||
      Definition->getASTContext().getSourceManager().isInSystemHeader(
          Definition->getLocation()))
    return false;
  bool Ends = false;
  forEachStatement(Definition->getBody(), [&](const Stmt *S) {
    if (isa<CXXThrowExpr>(S))
      Ends = true;
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && isNoReturnCall(Call))
      Ends = true;
    return !Ends && !isa<LambdaExpr>(S);
  });
  return Ends;
}

/// Whether \p E only asks whether containers hold elements:
/// `!tasks_.empty()`, `queue.size() > 0`, combined with `!`, `&&`, `||` and
/// comparisons with constants.
bool onlyTestsForElements(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E))
    return Unary->getOpcode() == UO_LNot &&
           onlyTestsForElements(Unary->getSubExpr());
  if (const auto *Binary = dyn_cast<BinaryOperator>(E))
    return (Binary->isLogicalOp() || Binary->isComparisonOp()) &&
           onlyTestsForElements(Binary->getLHS()) &&
           onlyTestsForElements(Binary->getRHS());
  if (isa<IntegerLiteral, CXXBoolLiteralExpr>(E))
    return true;
  const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  return Method && Method->getIdentifier() && Call->getNumArgs() == 0 &&
         llvm::is_contained({"empty", "size"}, Method->getName()) &&
         isa<DeclRefExpr, MemberExpr>(
             Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
}

/// A wait on a condition variable with a predicate: the predicate may test
/// a stop flag that is not atomic (`stop_ || !tasks_.empty()`), a way out.
/// A predicate that only waits for work (`!tasks_.empty()`) is not.
bool isConditionVariableWaitWithPredicate(const CXXMemberCallExpr *Call) {
  const CXXMethodDecl *Method = Call->getMethodDecl();
  if (!Method || !Method->getIdentifier() || Call->getNumArgs() < 2)
    return false;
  if (!llvm::is_contained({"wait", "wait_for", "wait_until"},
                          Method->getName()))
    return false;
  const Expr *Predicate = Call->getArg(Call->getNumArgs() - 1);
  const auto *Record = Predicate->getType()->getAsCXXRecordDecl();
  if (!Record || !(Record->isLambda() || Record->hasDefinition()))
    return false;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(stripCallable(Predicate)))
    if (const auto *Body = dyn_cast<CompoundStmt>(Lambda->getBody());
        Body && Body->size() == 1)
      if (const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
          Return && Return->getRetValue() &&
          onlyTestsForElements(Return->getRetValue()))
        return false;
  return true;
}

/// Looks for a way out of a loop body (or a reason not to judge it).
class LoopExitFinder {
public:
  explicit LoopExitFinder(StopFlagPredicate IsStopFlag)
      : IsStopFlag(IsStopFlag) {}

  bool mayEnd(const Stmt *Loop) {
    for (const Stmt *Child : Loop->children())
      visit(Child, /*Nesting=*/0, /*InLambda=*/false);
    return Found;
  }

private:
  bool isStopFlagRead(const Expr *E) const {
    QualType T = E->getType();
    if (T.isNull())
      return false;
    T = T.getNonReferenceType();
    return T.isVolatileQualified() || T->isAtomicType() || IsStopFlag(T);
  }

  void visit(const Stmt *S, unsigned Nesting, bool InLambda) {
    if (!S || Found)
      return;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      // Only the stop flags a nested lambda reads count (a predicate of a
      // wait); its jumps are its own.
      visit(Lambda->getBody(), 0, /*InLambda=*/true);
      return;
    }
    if (isa<DeclRefExpr, MemberExpr>(S) && isStopFlagRead(cast<Expr>(S))) {
      Found = true;
      return;
    }
    if (!InLambda) {
      if ((isa<BreakStmt>(S) && Nesting == 0) ||
          isa<ReturnStmt, CoreturnStmt, GotoStmt, IndirectGotoStmt,
              CXXThrowExpr, CoawaitExpr, CoyieldExpr>(S)) {
        Found = true;
        return;
      }
      if (const auto *Call = dyn_cast<CallExpr>(S)) {
        if (isNoReturnCall(Call) || bodyEndsThread(Call->getDirectCallee())) {
          Found = true;
          return;
        }
        if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
            Member && isConditionVariableWaitWithPredicate(Member)) {
          Found = true;
          return;
        }
      }
    }
    unsigned ChildNesting = Nesting;
    if (isa<WhileStmt, DoStmt, ForStmt, CXXForRangeStmt, SwitchStmt>(S))
      ++ChildNesting;
    for (const Stmt *Child : S->children())
      visit(Child, ChildNesting, InLambda);
  }

  StopFlagPredicate IsStopFlag;
  bool Found = false;
};

/// Whether \p Cond is always true: absent, or a constant.
bool isAlwaysTrue(const Expr *Cond, const ASTContext &Context) {
  if (!Cond)
    return true;
  if (Cond->isValueDependent() || Cond->isTypeDependent())
    return false;
  bool Value = false;
  return Cond->EvaluateAsBooleanCondition(Value, Context) && Value;
}

/// The local variable of \p Function that \p Cond reads (`run`, `!done`) when
/// nothing in the function changes it and its initial value makes the
/// condition true.
const VarDecl *unchangedConditionVariable(const Expr *Cond,
                                          const FunctionDecl &Function,
                                          ASTContext &Context) {
  if (!Cond)
    return nullptr;
  Cond = Cond->IgnoreParenImpCasts();
  bool Negated = false;
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot) {
    Negated = true;
    Cond = Not->getSubExpr()->IgnoreParenImpCasts();
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(Cond);
  if (!Ref)
    return nullptr;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || isa<ParmVarDecl>(Var) || !Var->hasLocalStorage() ||
      Var->getDeclContext() != &Function || !Var->getType()->isScalarType() ||
      Var->getType().isVolatileQualified() || !Var->getInit())
    return nullptr;
  bool Initial = false;
  if (Var->getInit()->isValueDependent() ||
      !Var->getInit()->EvaluateAsBooleanCondition(Initial, Context) ||
      Initial == Negated)
    return nullptr;
  const Stmt *Body = Function.getBody();
  // A lambda that captures it by reference may change it.
  bool CapturedByReference = false;
  forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
      for (const LambdaCapture &Capture : Lambda->captures())
        if (Capture.capturesVariable() && Capture.getCapturedVar() == Var &&
            Capture.getCaptureKind() == LCK_ByRef)
          CapturedByReference = true;
    return !CapturedByReference;
  });
  if (CapturedByReference)
    return nullptr;
  if (ExprMutationAnalyzer(*Body, Context).isMutated(Var))
    return nullptr;
  return Var;
}

} // namespace


std::optional<ThreadBody> resolveThreadBody(const Expr *Callable) {
  const Expr *E = stripCallable(Callable);
  if (!E)
    return std::nullopt;
  if (const auto *Lambda = dyn_cast<LambdaExpr>(E))
    return ThreadBody{Lambda, Lambda->getCallOperator()};
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Call->getNumArgs() > 0 && Callee->isInStdNamespace() &&
        Callee->getIdentifier() &&
        llvm::is_contained({"bind", "bind_front"}, Callee->getName()))
      return resolveThreadBody(Call->getArg(0));
    return std::nullopt;
  }
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E);
      AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    E = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  if (!Ref)
    return std::nullopt;
  if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl())) {
    // `auto work = [&] { ... }; std::thread t(work);`
    if (Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) && Var->getInit() &&
        !Var->getType()->isReferenceType())
      if (const auto *Lambda =
              dyn_cast<LambdaExpr>(stripCallable(Var->getInit())))
        return ThreadBody{Lambda, Lambda->getCallOperator()};
    return std::nullopt;
  }
  if (const FunctionDecl *Definition =
          definitionOf(dyn_cast<FunctionDecl>(Ref->getDecl())))
    return ThreadBody{nullptr, Definition};
  return std::nullopt;
}

std::optional<EndlessLoop> findEndlessLoop(const FunctionDecl &Function,
                                           ASTContext &Context,
                                           StopFlagPredicate IsStopFlag) {
  const Stmt *Body = Function.getBody();
  if (!Body)
    return std::nullopt;
  std::optional<EndlessLoop> First;
  const SourceManager &SM = Context.getSourceManager();
  std::function<bool(const Stmt *)> Visit = [&](const Stmt *S) {
    if (isa<LambdaExpr>(S))
      return false; // Another function.
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      // A loop in a try block may end by an exception thrown from a call:
      // a closed queue, a cancelled operation. Only the handlers count.
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        forEachStatement(Try->getHandler(I), Visit);
      return false;
    }
    if (!isa<WhileStmt, DoStmt, ForStmt>(S))
      return true;
    const Expr *Cond = loopCondition(S);
    EndlessLoop Candidate{S, nullptr};
    bool Endless = isAlwaysTrue(Cond, Context);
    if (!Endless)
      if (const VarDecl *Var =
              unchangedConditionVariable(Cond, Function, Context)) {
        Candidate.UnchangedVariable = Var;
        Endless = true;
      }
    if (Endless && !LoopExitFinder(IsStopFlag).mayEnd(S) &&
        (!First || SM.isBeforeInTranslationUnit(S->getBeginLoc(),
                                                First->Loop->getBeginLoc())))
      First = Candidate;
    return true;
  };
  forEachStatement(Body, Visit);
  return First;
}

namespace {

/// The first loop of \p Function (nested lambdas aside) whose condition
/// reads a stop flag.
const Stmt *stopFlagLoop(const FunctionDecl &Function,
                         StopFlagPredicate IsStopFlag) {
  const Stmt *Found = nullptr;
  auto ReadsFlag = [&](const Expr *Cond) {
    bool Reads = false;
    forEachStatement(Cond, [&](const Stmt *S) {
      if (const auto *E = dyn_cast<Expr>(S);
          E && isa<DeclRefExpr, MemberExpr>(E)) {
        QualType T = E->getType().getNonReferenceType();
        Reads |= T.isVolatileQualified() || T->isAtomicType() || IsStopFlag(T);
      }
      return !Reads;
    });
    return Reads;
  };
  forEachStatement(Function.getBody(), [&](const Stmt *S) {
    if (Found || isa<LambdaExpr>(S))
      return false;
    const Expr *Cond = loopCondition(S);
    if (Cond && ReadsFlag(Cond))
      Found = S;
    return !Found;
  });
  return Found;
}

} // namespace

const Stmt *longRunningLoop(const FunctionDecl &Function, ASTContext &Context,
                            StopFlagPredicate IsStopFlag) {
  auto Search = [&](const FunctionDecl &F) -> const Stmt * {
    if (auto Loop = findEndlessLoop(F, Context, IsStopFlag))
      return Loop->Loop;
    return stopFlagLoop(F, IsStopFlag);
  };
  if (!Function.getBody())
    return nullptr;
  if (const Stmt *Loop = Search(Function))
    return Loop;
  const auto *Compound = dyn_cast<CompoundStmt>(Function.getBody());
  if (!Compound)
    return nullptr;
  const SourceManager &SM = Context.getSourceManager();
  for (const Stmt *Statement : Compound->body()) {
    const auto *E = dyn_cast<Expr>(Statement);
    const auto *Call = E ? dyn_cast<CallExpr>(E->IgnoreImplicit()) : nullptr;
    const FunctionDecl *Definition =
        Call ? definitionOf(Call->getDirectCallee()) : nullptr;
    if (!Definition || SM.isInSystemHeader(Definition->getLocation()))
      continue;
    if (const Stmt *Loop = Search(*Definition))
      return Loop;
  }
  return nullptr;
}

bool neverDestroyed(const CXXRecordDecl &Record) {
  const CXXRecordDecl *Definition = Record.getDefinition();
  const CXXDestructorDecl *Dtor =
      Definition ? Definition->getDestructor() : nullptr;
  if (!Dtor)
    return false;
  if (Dtor->isDeleted())
    return true;
  const FunctionDecl *Body = definitionOf(Dtor);
  const auto *Compound =
      Body ? dyn_cast_or_null<CompoundStmt>(Body->getBody()) : nullptr;
  if (!Compound)
    return false;
  // A statement of its own, not a branch: every destruction ends there.
  return llvm::any_of(Compound->body(), [](const Stmt *S) {
    const auto *E = dyn_cast<Expr>(S);
    const auto *Call = E ? dyn_cast<CallExpr>(E->IgnoreImplicit()) : nullptr;
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    return Callee && Callee->isNoReturn();
  });
}

llvm::SmallVector<ReferenceCapture, 4>
referenceCaptures(const LambdaExpr &Lambda) {
  llvm::SmallVector<ReferenceCapture, 4> Captures;
  for (const LambdaCapture &Capture : Lambda.captures()) {
    if (!Capture.capturesVariable() || Capture.getCaptureKind() != LCK_ByRef)
      continue;
    const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
    // A reference names an object whose lifetime is not the function's.
    if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType())
      continue;
    Captures.push_back({Var, Capture.getLocation(), /*Argument=*/false});
  }
  return Captures;
}

std::optional<ReferenceCapture> argumentReference(const Expr *Arg) {
  const Expr *E = stripCallable(Arg);
  const Expr *Object = nullptr;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Call->getNumArgs() == 1 && Callee->isInStdNamespace() &&
        Callee->getIdentifier() &&
        llvm::is_contained({"ref", "cref"}, Callee->getName()))
      Object = Call->getArg(0);
  } else if (const auto *AddrOf = dyn_cast_or_null<UnaryOperator>(E);
             AddrOf && AddrOf->getOpcode() == UO_AddrOf) {
    Object = AddrOf->getSubExpr();
  }
  const auto *Ref =
      Object ? dyn_cast<DeclRefExpr>(Object->IgnoreParenImpCasts()) : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasLocalStorage() || Var->getType()->isReferenceType())
    return std::nullopt;
  return ReferenceCapture{Var, E->getBeginLoc(), /*Argument=*/true};
}

bool callsWaitOrJoin(const Stmt *Body) {
  bool Waits = false;
  forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        if (const IdentifierInfo *Name = Callee->getIdentifier()) {
          std::string Lower = Name->getName().lower();
          Waits |= StringRef(Lower).contains("wait") ||
                   StringRef(Lower).contains("join");
        }
    return !Waits;
  });
  return Waits;
}

//===----------------------------------------------------------------------===//
// Threads handed to a function
//===----------------------------------------------------------------------===//

/// Whether \p Type is (or refers to, or points to) a `pthread_t`.
static bool isPthread(QualType Type) {
  Type = Type.getNonReferenceType();
  if (Type->isPointerType())
    Type = Type->getPointeeType();
  for (;;) {
    const auto *Typedef = Type->getAs<TypedefType>();
    if (!Typedef)
      return false;
    if (Typedef->getDecl()->getName() == "pthread_t")
      return true;
    Type = Typedef->getDecl()->getUnderlyingType();
  }
}

static bool isStdThread(QualType Type) {
  const auto *Record = Type.getNonReferenceType()->getAsCXXRecordDecl();
  return Record && hasQualifiedName(Record, "std::thread");
}

bool holdsThreads(QualType Type) {
  if (isStdThread(Type) || isPthread(Type))
    return true;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      Type.getNonReferenceType()->getAsCXXRecordDecl());
  return Spec && Spec->getTemplateArgs().size() > 0 &&
         Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
         isStdThread(Spec->getTemplateArgs()[0].getAsType());
}

ThreadParamUses::ThreadParamUses(const FunctionDecl &Function) {
  ByParam.resize(Function.getNumParams());
  for (unsigned I = 0, E = Function.getNumParams(); I < E; ++I) {
    const ParmVarDecl *Param = Function.getParamDecl(I);
    QualType Type = Param->getType();
    if (!holdsThreads(Type))
      continue;
    Tracked[Param] = I;
    ByParam[I].HoldsThreads = true;
    // A std::thread taken by value: the caller's is moved from, whatever
    // the function does with its own.
    ByParam[I].ByValueObject = isStdThread(Type) && !Type->isReferenceType();
  }
}

/// The variable \p E names (`t`, `tids[i]`, `*tids`), or null.
static const DeclRefExpr *threadReference(const Expr *E) {
  for (;;) {
    E = E->IgnoreParenImpCasts();
    if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
      E = Subscript->getBase();
    else if (const auto *Deref = dyn_cast<UnaryOperator>(E);
             Deref && Deref->getOpcode() == UO_Deref)
      E = Deref->getSubExpr();
    else
      return dyn_cast<DeclRefExpr>(E);
  }
}

bool ThreadParamUses::count(const Expr *E, unsigned Uses::*Count) {
  const DeclRefExpr *Ref = E ? threadReference(E) : nullptr;
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  auto It = Var ? Tracked.find(Var) : Tracked.end();
  if (It == Tracked.end())
    return false;
  Counted.insert(Ref);
  if (Count)
    ++(ByParam[It->second].*Count);
  return true;
}

void ThreadParamUses::add(const Stmt *S) {
  if (Tracked.empty())
    return;
  // `for (std::thread &t : threads)`: the loop variable is the parameter's.
  if (const auto *For = dyn_cast<CXXForRangeStmt>(S)) {
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(
        For->getRangeInit()->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (auto It = Var ? Tracked.find(Var) : Tracked.end();
        It != Tracked.end()) {
      Counted.insert(Ref);
      Tracked[For->getLoopVariable()] = It->second;
    }
    return;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    if (!Method || !Method->getIdentifier())
      return;
    StringRef Name = Method->getName();
    unsigned Uses::*Count = Name == "join"     ? &Uses::Joins
                            : Name == "detach" ? &Uses::Detaches
                                               : nullptr;
    // (A container emptied after its threads are joined is not kept.)
    if (Count || llvm::is_contained({"joinable", "get_id", "native_handle",
                                     "size", "empty", "clear"},
                                    Name))
      count(Member->getImplicitObjectArgument(), Count);
    return;
  }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee || !Callee->getIdentifier() || Call->getNumArgs() == 0)
      return;
    StringRef Name = Callee->getName();
    unsigned Uses::*Count = Name == "pthread_join"     ? &Uses::Joins
                            : Name == "pthread_detach" ? &Uses::Detaches
                                                       : nullptr;
    // (Cancelling, signalling or naming a thread leaves it to be joined.)
    if (Count || llvm::is_contained({"pthread_cancel", "pthread_kill",
                                     "pthread_setname_np", "pthread_getname_np",
                                     "pthread_equal", "pthread_setschedparam",
                                     "pthread_getschedparam"},
                                    Name))
      count(Call->getArg(0), Count);
    return;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    auto It = Var ? Tracked.find(Var) : Tracked.end();
    if (It != Tracked.end() && !Counted.contains(Ref))
      ++ByParam[It->second].Others;
  }
}

ThreadUse ThreadParamUses::use(unsigned Index) const {
  if (Index >= ByParam.size() || !ByParam[Index].HoldsThreads)
    return ThreadUse::Unknown;
  const Uses &U = ByParam[Index];
  if (U.Others)
    return ThreadUse::Unknown;
  if (U.Joins && !U.Detaches)
    return ThreadUse::Joins;
  if (U.Detaches && !U.Joins)
    return ThreadUse::Detaches;
  if (!U.Joins && !U.Detaches && !U.ByValueObject)
    return ThreadUse::Borrows;
  return ThreadUse::Unknown;
}

llvm::SmallVector<std::pair<const CallExpr *, unsigned>, 2>
callsGiven(const Stmt *Body, const VarDecl *Var) {
  llvm::SmallVector<std::pair<const CallExpr *, unsigned>, 2> Result;
  forEachStatement(Body, [&](const Stmt *S) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || isa<CXXMemberCallExpr>(Call) || !Call->getDirectCallee() ||
        hasQualifiedName(Call->getDirectCallee(), "std::move"))
      return true;
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I) {
      // `t`, `std::move(t)`, `&tid` (a pointer parameter).
      const Expr *Arg = stripCallable(Call->getArg(I));
      if (const auto *Move = dyn_cast<CallExpr>(Arg);
          Move && Move->getNumArgs() == 1 && Move->getDirectCallee() &&
          hasQualifiedName(Move->getDirectCallee(), "std::move"))
        Arg = Move->getArg(0)->IgnoreParenImpCasts();
      if (const auto *Address = dyn_cast<UnaryOperator>(Arg);
          Address && Address->getOpcode() == UO_AddrOf)
        Arg = Address->getSubExpr()->IgnoreParenImpCasts();
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Arg);
          Ref && Ref->getDecl() == Var)
        Result.push_back({Call, I});
    }
    return true;
  });
  return Result;
}

ThreadUse ThreadCalleeFacts::use(const FunctionDecl *Callee, unsigned Index) {
  if (!Callee)
    return ThreadUse::Unknown;
  const FunctionDecl *Definition = nullptr;
  if (Callee->hasBody(Definition)) {
    // (The library's own functions are not read: unknown.)
    if (Callee->getASTContext().getSourceManager().isInSystemHeader(
            Definition->getLocation()))
      return ThreadUse::Unknown;
    auto [It, Inserted] = Read.try_emplace(Definition);
    if (Inserted) {
      ThreadParamUses Uses(*Definition);
      if (Uses.any())
        forEachStatement(Definition->getBody(), [&](const Stmt *S) {
          Uses.add(S);
          return true;
        });
      for (unsigned I = 0, E = Definition->getNumParams(); I < E; ++I)
        It->second.push_back(Uses.use(I));
    }
    return Index < It->second.size() ? It->second[Index] : ThreadUse::Unknown;
  }
  if (Index >= Callee->getNumParams() ||
      !holdsThreads(Callee->getParamDecl(Index)->getType()) ||
      Callee->getASTContext().getSourceManager().isInSystemHeader(
          Callee->getLocation()))
    return ThreadUse::Unknown;
  std::string Key = summaryKey(Callee);
  if (Key.empty())
    return ThreadUse::Unknown;
  SummaryRecorder::get().ask(Key, "thread" + std::to_string(Index),
                             Summaries.get());
  const summary::FunctionSummary *Summary =
      Summaries ? Summaries->find(Key) : nullptr;
  return Summary && Index < Summary->Params.size()
             ? Summary->Params[Index].Thread
             : ThreadUse::Unknown;
}

} // namespace leakguard::analysis
