//===--- UncancellableThreadCheck.cpp - leak-uncancellable-thread ---------===//

#include "UncancellableThreadCheck.h"
#include "analysis/FixItBuilders.h"
#include "analysis/FunctionScope.h"
#include "analysis/HelperHeaders.h"
#include "analysis/IncludePlacement.h"
#include "analysis/LockModel.h"
#include "analysis/OptionLists.h"
#include "analysis/PathExplorer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Analysis/CFG.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

/// The one condition variable wait of a pool worker's loop:
/// `cv_.wait(lock, [this] { return <ready>; });`, a statement of its own in
/// the worker's lambda, on a member condition variable, with a lock on a
/// member mutex and a predicate that returns one expression.
struct PoolWait {
  const CXXMemberCallExpr *Wait = nullptr;
  const FieldDecl *Condition = nullptr;
  const FieldDecl *Mutex = nullptr;
  const Expr *Ready = nullptr;
  /// The statement of the wait, in the worker's block.
  const Stmt *Statement = nullptr;
};

namespace {

constexpr const char DefaultThreadTypes[] = "std::thread";
constexpr const char DefaultJoiningThreadTypes[] = "std::jthread";
constexpr const char DefaultStopFlagTypes[] =
    "std::atomic;std::atomic_flag;std::stop_token;std::stop_source";
constexpr const char DefaultTaskFunctions[] = "std::async";

/// A function with one of the qualified names \p Names; unlike hasAnyName,
/// also a member of a class template's specialization
/// (`Pool<>::submit` for `Pool::submit`).
AST_MATCHER_P(FunctionDecl, hasQualifiedNameIn, std::vector<StringRef>, Names) {
  return llvm::any_of(Names, [&](StringRef Name) {
    return leakguard::analysis::hasQualifiedName(&Node, Name);
  });
}

/// The last component of each qualified name: a cheap first filter.
std::vector<StringRef> unqualifiedNames(ArrayRef<StringRef> Names) {
  std::vector<StringRef> Short;
  for (StringRef Name : Names)
    Short.push_back(
        Name.rsplit("::").second.empty() ? Name : Name.rsplit("::").second);
  return Short;
}

/// Whether \p E only carries its operand along (casts, temporaries, an
/// elidable copy or move).
bool isTransparent(const Expr *E) {
  if (isa<MaterializeTemporaryExpr, CXXBindTemporaryExpr, ImplicitCastExpr,
          ExprWithCleanups, ParenExpr, CXXFunctionalCastExpr>(E))
    return true;
  const auto *Construct = dyn_cast<CXXConstructExpr>(E);
  return Construct && Construct->getNumArgs() == 1 &&
         Construct->getConstructor()->isCopyOrMoveConstructor();
}

bool isCallNamed(const CallExpr *Call, std::initializer_list<StringRef> Names) {
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->getIdentifier() &&
         llvm::is_contained(Names, Callee->getName());
}

/// The member (or the variable) \p E names: `worker_`, `this->worker_`, `t`.
const ValueDecl *namedDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl();
  return nullptr;
}

/// \p D when it is a local container of the function (not a reference).
const VarDecl *localContainer(const ValueDecl *D) {
  const auto *Var = dyn_cast_or_null<VarDecl>(D);
  return Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
                 !Var->getType()->isReferenceType() &&
                 !Var->getType()->isPointerType()
             ? Var
             : nullptr;
}

/// The object a member call is made on, or null.
const ValueDecl *calledOn(const CXXMemberCallExpr *Call) {
  return namedDecl(Call->getImplicitObjectArgument());
}

/// Calls `Names` made on the object \p D inside \p Body.
llvm::SmallVector<const CXXMemberCallExpr *, 2>
memberCallsOn(const Stmt *Body, const ValueDecl *D,
              std::initializer_list<StringRef> Names) {
  llvm::SmallVector<const CXXMemberCallExpr *, 2> Calls;
  leakguard::analysis::forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        Call && calledOn(Call) == D && isCallNamed(Call, Names))
      Calls.push_back(Call);
    return true;
  });
  llvm::sort(Calls, [](const CXXMemberCallExpr *A, const CXXMemberCallExpr *B) {
    return A->getBeginLoc() < B->getBeginLoc();
  });
  return Calls;
}

/// The variable \p E points to (`&tid`, `&tids[i]`), or null.
const VarDecl *addressedVariable(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  const auto *AddrOf = dyn_cast<UnaryOperator>(E);
  if (!AddrOf || AddrOf->getOpcode() != UO_AddrOf)
    return nullptr;
  const Expr *Object = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(Object))
    Object = Subscript->getBase()->IgnoreParenImpCasts();
  return dyn_cast_or_null<VarDecl>(namedDecl(Object));
}

/// References to \p Var inside \p Body.
unsigned countReferences(const Stmt *Body, const VarDecl *Var) {
  unsigned Count = 0;
  leakguard::analysis::forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Var)
      ++Count;
    return true;
  });
  return Count;
}

/// Calls of the function \p Name inside \p Body.
llvm::SmallVector<const CallExpr *, 2> callsOf(const Stmt *Body,
                                               StringRef Name) {
  llvm::SmallVector<const CallExpr *, 2> Calls;
  leakguard::analysis::forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S); isCallNamed(Call, {Name}))
      Calls.push_back(Call);
    return true;
  });
  return Calls;
}

bool isSpelled(const Expr *E, StringRef Name, const ASTContext &Context) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (Ref->getDecl()->getName() == Name)
      return true;
  const SourceManager &SM = Context.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(E->getBeginLoc());
  return Lexer::getSourceText(CharSourceRange::getTokenRange(Loc, Loc), SM,
                              Context.getLangOpts()) == Name;
}

/// Replaces the `thread` of a type spelled `std::thread` (or `thread`) by
/// `jthread`, keeping the qualifier as written.
std::optional<FixItHint> toJThread(TypeLoc Loc, const SourceManager &SM,
                                   const LangOptions &LangOpts) {
  if (Loc.isNull())
    return std::nullopt;
  SourceLocation Name = Loc.getEndLoc();
  if (Name.isInvalid() || Name.isMacroID())
    return std::nullopt;
  CharSourceRange Range = CharSourceRange::getTokenRange(Name, Name);
  if (Lexer::getSourceText(Range, SM, LangOpts) != "thread")
    return std::nullopt;
  return FixItHint::CreateReplacement(Range, "jthread");
}

/// The thread construction \p E stands for (through temporaries, casts and
/// elidable copies), or null.
const CXXConstructExpr *constructionOf(const Expr *E) {
  while (E && isTransparent(E) && !isa<CXXTemporaryObjectExpr>(E))
    E = isa<CXXConstructExpr>(E) ? cast<CXXConstructExpr>(E)->getArg(0)
                                 : cast<Expr>(*E->child_begin());
  return dyn_cast_or_null<CXXConstructExpr>(E);
}

/// Calls \p Use on every use of \p Field in the member functions of its
/// class: the member expression, the expression that uses it (past casts and
/// parentheses) and the parent map of that body. Stops and returns false as
/// soon as \p Use does.
bool forEachFieldUse(const FieldDecl &Field,
                     llvm::function_ref<bool(const MemberExpr &, const Stmt *,
                                             const ParentMap &)>
                         Use) {
  const auto *Record = dyn_cast<CXXRecordDecl>(Field.getParent());
  if (!Record)
    return false;
  for (const CXXMethodDecl *Method : Record->methods()) {
    const FunctionDecl *Definition = nullptr;
    if (!Method->hasBody(Definition))
      continue;
    ParentMap Parents(Definition->getBody());
    bool Stopped = false;
    leakguard::analysis::forEachStatement(
        Definition->getBody(), [&](const Stmt *S) {
          if (const auto *Member = dyn_cast<MemberExpr>(S);
              Member && Member->getMemberDecl() == &Field) {
            const Stmt *User = Parents.getParent(Member);
            while (User && isa<ImplicitCastExpr, ParenExpr>(User))
              User = Parents.getParent(User);
            Stopped = !Use(*Member, User, Parents);
          }
          return !Stopped;
        });
    if (Stopped)
      return false;
  }
  return true;
}

/// The member call \p Member is the object of (`m.join()` for `m`), or null.
const CXXMemberCallExpr *callOnMember(const Stmt *User,
                                      const ParentMap &Parents) {
  const auto *Callee = dyn_cast_or_null<MemberExpr>(User);
  return Callee ? dyn_cast_or_null<CXXMemberCallExpr>(Parents.getParent(Callee))
                : nullptr;
}

/// Puts the statement \p Stop (`t.request_stop();`, `stop_ = true;`) right
/// before the join() \p Join: a statement of its own before it in its
/// block, or both in a new block when the join is the body of an if or a
/// loop.
bool addRequestStop(const CXXMemberCallExpr *Join, StringRef Stop,
                    const ParentMap &Parents, const SourceManager &SM,
                    const LangOptions &LangOpts,
                    std::vector<FixItHint> &Fixes) {
  if (Join->getBeginLoc().isMacroID())
    return false;
  const Stmt *Statement = Join;
  const Stmt *Parent = Parents.getParent(Join);
  while (isa_and_nonnull<ExprWithCleanups>(Parent)) {
    Statement = Parent;
    Parent = Parents.getParent(Parent);
  }
  if (isa_and_nonnull<CompoundStmt>(Parent)) {
    Fixes.push_back(FixItHint::CreateInsertion(
        Join->getBeginLoc(),
        Stop.str() + "\n" +
            leakguard::analysis::indentationOf(Join->getBeginLoc(), SM)));
    return true;
  }
  if (!isa_and_nonnull<IfStmt, WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(
          Parent))
    return false;
  CharSourceRange Range =
      leakguard::analysis::statementWithSemicolon(Statement, SM, LangOpts);
  if (Range.isInvalid())
    return false;
  Fixes.push_back(
      FixItHint::CreateInsertion(Range.getBegin(), "{ " + Stop.str() + " "));
  Fixes.push_back(FixItHint::CreateInsertion(Range.getEnd(), " }"));
  return true;
}

/// The member container \p E takes an element of: `workers_[i]`,
/// `workers_.back()`, `workers_.front()`, `workers_.at(i)`; or null.
const FieldDecl *containerOfElement(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2)
    return dyn_cast_or_null<FieldDecl>(namedDecl(Op->getArg(0)));
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
      Call && isCallNamed(Call, {"back", "front", "at"}))
    return dyn_cast_or_null<FieldDecl>(calledOn(Call));
  return nullptr;
}

/// The member \p E names or takes an element of: `t_`, `threads_[i]` (an
/// array or a container), `threads_.back()`; or null.
const FieldDecl *pointerMember(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return dyn_cast_or_null<FieldDecl>(namedDecl(Subscript->getBase()));
  if (const auto *Field = dyn_cast_or_null<FieldDecl>(namedDecl(E)))
    return Field;
  return containerOfElement(E);
}

/// The first `detach()` of an element of the member container \p Field in
/// \p Body: `workers_.back().detach()`, `workers_[i].detach()`, or
/// `for (auto &t : workers_) t.detach();`.
const CXXMemberCallExpr *elementDetach(const Stmt *Body,
                                       const FieldDecl *Field) {
  const CXXMemberCallExpr *First = nullptr;
  auto Take = [&](const CXXMemberCallExpr *Call) {
    if (!First || Call->getBeginLoc() < First->getBeginLoc())
      First = Call;
  };
  leakguard::analysis::forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *For = dyn_cast<CXXForRangeStmt>(S);
        For && For->getLoopVariable() &&
        namedDecl(For->getRangeInit()) == Field)
      for (const CXXMemberCallExpr *Call :
           memberCallsOn(For->getBody(), For->getLoopVariable(), {"detach"}))
        Take(Call);
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        Call && isCallNamed(Call, {"detach"}) &&
        pointerMember(Call->getImplicitObjectArgument()) == Field)
      Take(Call);
    return true;
  });
  return First;
}

/// Whether \p Body does anything that could stop, wake or join threads:
/// an assignment (a stop flag), a `notify_*`, `join`, `request_stop` or
/// `store` call.
bool stopsWakesOrJoins(const Stmt *Body) {
  bool Found = false;
  leakguard::analysis::forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *Binary = dyn_cast<BinaryOperator>(S);
        Binary && Binary->isAssignmentOp())
      Found = true;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
        Op && Op->isAssignmentOp())
      Found = true;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        Call && isCallNamed(Call, {"notify_one", "notify_all", "join",
                                   "request_stop", "store", "stop"}))
      Found = true;
    return !Found;
  });
  return Found;
}

/// Whether \p Body waits on a condition variable (a member `wait`,
/// `wait_for` or `wait_until`): a stop flag alone would not wake it.
const Stmt *conditionWait(const Stmt *Body) {
  const Stmt *Found = nullptr;
  leakguard::analysis::forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        Call && isCallNamed(Call, {"wait", "wait_for", "wait_until"}))
      Found = S;
    return !Found;
  });
  return Found;
}

/// The names declared in \p Record (members, types, functions).
llvm::StringSet<> namesOf(const CXXRecordDecl &Record) {
  llvm::StringSet<> Taken;
  for (const Decl *D : Record.decls())
    if (const auto *Named = dyn_cast<NamedDecl>(D);
        Named && Named->getIdentifier())
      Taken.insert(Named->getName());
  return Taken;
}

/// The first of \p Candidates that \p Record does not declare and \p Scope
/// does not use, or an empty string.
std::string newMemberName(const CXXRecordDecl &Record,
                          llvm::ArrayRef<StringRef> Candidates,
                          const Stmt *Scope, const SourceManager &SM,
                          const LangOptions &LangOpts) {
  llvm::StringSet<> Taken = namesOf(Record);
  llvm::SmallVector<StringRef, 4> Free;
  for (StringRef Name : Candidates)
    if (!Taken.contains(Name))
      Free.push_back(Name);
  if (Free.empty())
    return "";
  std::string Name = leakguard::analysis::freshName(Free, Scope, SM, LangOpts);
  return Taken.contains(Name) ? "" : Name;
}

/// Why a member that cannot be copied (a thread) or moved (an atomic) may
/// not be added to \p Record: its implicit or defaulted copy (or move, with
/// \p Movable false) constructor or assignment is used in this translation
/// unit, or it is an aggregate with fields (brace-initialized member by
/// member). Empty when it may.
std::string cannotAddMember(const CXXRecordDecl &Record, bool Movable) {
  auto Generated = [](const CXXMethodDecl *M) {
    return (M->isImplicit() || M->isDefaulted()) && M->isUsed();
  };
  for (const CXXConstructorDecl *Ctor : Record.ctors())
    if (Generated(Ctor) &&
        (Ctor->isCopyConstructor() || (!Movable && Ctor->isMoveConstructor())))
      return "'" + Record.getNameAsString() + "' is copied";
  for (const CXXMethodDecl *Method : Record.methods())
    if (Generated(Method) && (Method->isCopyAssignmentOperator() ||
                              (!Movable && Method->isMoveAssignmentOperator())))
      return "'" + Record.getNameAsString() + "' is copied";
  if (Record.isAggregate() && !Record.field_empty())
    return "'" + Record.getNameAsString() + "' is initialized member by member";
  return "";
}

/// Inserts \p Members (declarations, each on its own line, without
/// indentation) at the end of the class \p Record, in a private section;
/// the lines of \p Public (a destructor) first, in a public one.
bool addAtClassEnd(const CXXRecordDecl &Record,
                   llvm::ArrayRef<std::string> Public,
                   llvm::ArrayRef<std::string> Members, const SourceManager &SM,
                   std::vector<FixItHint> &Fixes) {
  SourceLocation Close = Record.getBraceRange().getEnd();
  if (Close.isInvalid() || Close.isMacroID())
    return false;
  // The access at the end of the class, and the indentation of its members.
  AccessSpecifier Access = Record.isClass() ? AS_private : AS_public;
  std::string Indent;
  for (const Decl *D : Record.decls()) {
    if (D->isImplicit() || D->getBeginLoc().isMacroID())
      continue;
    Access = D->getAccess();
    if (!isa<AccessSpecDecl>(D))
      Indent = leakguard::analysis::indentationOf(D->getBeginLoc(), SM);
  }
  if (Indent.empty())
    Indent = leakguard::analysis::indentationOf(Close, SM) + "  ";
  std::string Text;
  if (!Public.empty()) {
    Text += "public:\n";
    for (const std::string &Line : Public)
      Text += Indent + Line + "\n";
    Access = AS_public;
  }
  if (Access != AS_private && !Members.empty())
    Text += "private:\n";
  for (const std::string &Member : Members)
    Text += Indent + Member + "\n";
  Fixes.push_back(FixItHint::CreateInsertion(Close, Text));
  return true;
}

/// The statement \p E is the expression of, when it is one of its own in a
/// block (past the full-expression's cleanups), else null.
const Stmt *ownStatement(const Expr *E, const ParentMap &Parents) {
  const Stmt *Statement = E;
  const Stmt *Parent = Parents.getParent(E);
  while (isa_and_nonnull<ExprWithCleanups>(Parent)) {
    Statement = Parent;
    Parent = Parents.getParent(Parent);
  }
  return isa_and_nonnull<CompoundStmt>(Parent) ? Statement : nullptr;
}

std::optional<PoolWait> poolWait(const Stmt *Loop, const ParentMap &Parents) {
  llvm::SmallVector<const CXXMemberCallExpr *, 2> Waits;
  leakguard::analysis::forEachStatement(Loop, [&](const Stmt *S) {
    if (isa<LambdaExpr>(S))
      return false;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        Call && isCallNamed(Call, {"wait", "wait_for", "wait_until"}))
      Waits.push_back(Call);
    return true;
  });
  if (Waits.size() != 1 || !isCallNamed(Waits.front(), {"wait"}) ||
      Waits.front()->getNumArgs() != 2 ||
      Waits.front()->getBeginLoc().isMacroID())
    return std::nullopt;
  PoolWait Result;
  Result.Wait = Waits.front();
  if (!ownStatement(Result.Wait, Parents))
    return std::nullopt;
  Result.Condition = dyn_cast_or_null<FieldDecl>(calledOn(Result.Wait));
  // The lock: a local std::unique_lock built on a member mutex.
  const auto *Lock =
      dyn_cast_or_null<VarDecl>(namedDecl(Result.Wait->getArg(0)));
  const auto *LockInit = Lock ? dyn_cast_or_null<CXXConstructExpr>(
                                    Lock->getInit()->IgnoreImplicit())
                              : nullptr;
  if (LockInit && LockInit->getNumArgs() >= 1)
    Result.Mutex = dyn_cast_or_null<FieldDecl>(namedDecl(LockInit->getArg(0)));
  // The predicate: a lambda whose body is `return <ready>;`.
  const auto *Predicate = dyn_cast<LambdaExpr>(
      leakguard::analysis::stripTransparent(Result.Wait->getArg(1)));
  const auto *Body =
      Predicate ? dyn_cast<CompoundStmt>(Predicate->getBody()) : nullptr;
  const auto *Return = Body && Body->size() == 1
                           ? dyn_cast<ReturnStmt>(Body->body_front())
                           : nullptr;
  Result.Ready = Return ? Return->getRetValue() : nullptr;
  if (!Result.Condition || !Result.Mutex || !Result.Ready ||
      Result.Ready->getBeginLoc().isMacroID())
    return std::nullopt;
  return Result;
}

/// Replaces the last token of the type \p Loc (`thread` of `std::thread`,
/// `condition_variable`) by \p To, when it reads \p From.
std::optional<FixItHint> renameType(TypeLoc Loc, StringRef From, StringRef To,
                                    const SourceManager &SM,
                                    const LangOptions &LangOpts) {
  if (Loc.isNull())
    return std::nullopt;
  SourceLocation Name = Loc.getEndLoc();
  if (Name.isInvalid() || Name.isMacroID())
    return std::nullopt;
  CharSourceRange Range = CharSourceRange::getTokenRange(Name, Name);
  if (Lexer::getSourceText(Range, SM, LangOpts) != From)
    return std::nullopt;
  return FixItHint::CreateReplacement(Range, To);
}

/// The type loc of the first template argument of the type written in
/// \p Loc (`std::thread` in `std::vector<std::thread>`).
TypeLoc firstTemplateArgument(TypeLoc Loc) {
  if (auto Elaborated = Loc.getAs<ElaboratedTypeLoc>())
    Loc = Elaborated.getNamedTypeLoc();
  auto Specialization = Loc.getAs<TemplateSpecializationTypeLoc>();
  if (!Specialization || Specialization.getNumArgs() == 0 ||
      Specialization.getArgLoc(0).getArgument().getKind() !=
          TemplateArgument::Type)
    return TypeLoc();
  return Specialization.getArgLoc(0).getTypeSourceInfo()->getTypeLoc();
}

/// Inserts \p Text (statements, each after a line break) right after the
/// `{` of \p Body; when the body's first statement is on the line of the
/// brace (`~C() { f(); }`), it goes on a line of its own, indented by
/// \p Indent.
FixItHint afterBrace(const CompoundStmt &Body, const std::string &Text,
                     StringRef Indent, const SourceManager &SM) {
  SourceLocation After = Body.getLBracLoc().getLocWithOffset(1);
  if (!Body.body_empty()) {
    SourceLocation First = Body.body_front()->getBeginLoc();
    if (!First.isMacroID() && SM.getSpellingLineNumber(First) ==
                                  SM.getSpellingLineNumber(Body.getLBracLoc()))
      return FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(After, First),
          Text + "\n" + Indent.str());
  }
  return FixItHint::CreateInsertion(After, Text);
}

/// Adds `this` to the captures of \p Lambda when it captures nothing by
/// default and not `this` already; false when the introducer is spelled by
/// a macro.
bool captureThis(const LambdaExpr &Lambda, std::vector<FixItHint> &Fixes) {
  if (Lambda.getCaptureDefault() != LCD_None ||
      llvm::any_of(Lambda.captures(), [](const LambdaCapture &Capture) {
        return Capture.capturesThis();
      }))
    return true;
  SourceLocation Open = Lambda.getIntroducerRange().getBegin();
  if (Open.isMacroID())
    return false;
  Fixes.push_back(FixItHint::CreateInsertion(
      Open.getLocWithOffset(1),
      Lambda.explicit_captures().empty() ? "this" : "this, "));
  return true;
}

} // namespace

/// One thread start: a thread object constructed with a callable, or a
/// callable emplaced into a container of threads.
struct UncancellableThreadCheck::Start {
  const Expr *Creation = nullptr;
  const Expr *Callable = nullptr;
  bool Joining = false;
  const FunctionDecl *Function = nullptr;
  /// The local variable that holds the thread, and its declaration.
  const VarDecl *Local = nullptr;
  const DeclStmt *LocalDecl = nullptr;
  /// The member that holds it (the thread or a container of threads).
  const FieldDecl *Field = nullptr;
  /// The local container the thread is put in.
  const VarDecl *LocalContainer = nullptr;
  /// The detach() of the thread, if any.
  const CXXMemberCallExpr *Detach = nullptr;
  /// Else the call of a function that detaches it (`detach_worker(t)`).
  const CallExpr *DetachedBy = nullptr;
  std::optional<leakguard::analysis::ThreadBody> Body;
};

UncancellableThreadCheck::UncancellableThreadCheck(StringRef Name,
                                                   ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadTypes(leakguard::analysis::splitList(
          Options.get("ThreadTypes", DefaultThreadTypes))),
      JoiningThreadTypes(leakguard::analysis::splitList(
          Options.get("JoiningThreadTypes", DefaultJoiningThreadTypes))),
      StopFlagTypes(leakguard::analysis::splitList(
          Options.get("StopFlagTypes", DefaultStopFlagTypes))),
      TaskFunctions(leakguard::analysis::splitList(
          Options.get("TaskFunctions", DefaultTaskFunctions))),
      ReportProcessLifetimeThreads(
          Options.get("ReportProcessLifetimeThreads", true)),
      HelpersDir(Options.getLocalOrGlobal("LeakHelpersDir", "")),
      Summaries(Options.getLocalOrGlobal("LeakSummaries", ""),
                Options.getLocalOrGlobal("LeakResources", "")),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  if (!Summaries.error().empty())
    configurationDiag("%0 (option 'LeakSummaries')") << Summaries.error();
  Callees.setSummaries(Summaries.index());
}

void UncancellableThreadCheck::registerPPCallbacks(
    const SourceManager &SM, Preprocessor *PP, Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void UncancellableThreadCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadTypes",
                leakguard::analysis::joinList(ThreadTypes));
  Options.store(Opts, "JoiningThreadTypes",
                leakguard::analysis::joinList(JoiningThreadTypes));
  Options.store(Opts, "StopFlagTypes",
                leakguard::analysis::joinList(StopFlagTypes));
  Options.store(Opts, "TaskFunctions",
                leakguard::analysis::joinList(TaskFunctions));
  Options.store(Opts, "ReportProcessLifetimeThreads",
                ReportProcessLifetimeThreads);
  Options.store(Opts, "LeakHelpersDir", HelpersDir);
  Options.store(Opts, "LeakSummaries", Summaries.option());
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void UncancellableThreadCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<StringRef> AllThreadTypes(ThreadTypes.begin(), ThreadTypes.end());
  llvm::append_range(AllThreadTypes, JoiningThreadTypes);
  std::vector<StringRef> Tasks(TaskFunctions.begin(), TaskFunctions.end());
  const auto ThreadClass = cxxRecordDecl(hasAnyName(AllThreadTypes));
  const auto ThreadType = qualType(
      hasUnqualifiedDesugaredType(recordType(hasDeclaration(ThreadClass))));
  const auto ThreadContainer = classTemplateSpecializationDecl(
      hasTemplateArgument(0, refersToType(ThreadType)));
  // A thread object started with a callable.
  const auto ThreadConstruct = cxxConstructExpr(
      hasDeclaration(cxxConstructorDecl(ofClass(ThreadClass),
                                        unless(isCopyConstructor()),
                                        unless(isMoveConstructor()))),
      hasArgument(0, expr()), unless(isExpansionInSystemHeader()));
  // A callable emplaced into a container of threads: the thread itself is
  // constructed in the library's headers.
  const auto ThreadEmplace = cxxMemberCallExpr(
      callee(cxxMethodDecl(
          hasAnyName("emplace_back", "emplace", "emplace_front"))),
      thisPointerType(ThreadContainer), hasArgument(0, expr()),
      unless(isExpansionInSystemHeader()));
  const auto PthreadCreate =
      callExpr(callee(functionDecl(hasName("::pthread_create"))),
               argumentCountIs(4), unless(isExpansionInSystemHeader()));
  const auto TaskCall =
      callExpr(callee(functionDecl(hasAnyName(unqualifiedNames(Tasks)),
                                   hasQualifiedNameIn(Tasks))),
               unless(isExpansionInSystemHeader()));
  StartMatcher = stmt(
      anyOf(ThreadConstruct.bind("construct"), ThreadEmplace.bind("emplace"),
            PthreadCreate.bind("pthread"), TaskCall.bind("task")));
  const auto StartsThread =
      stmt(anyOf(ThreadConstruct, ThreadEmplace, PthreadCreate, TaskCall));

  // A function of the user's that starts a thread or hands a task over
  // (in its body, or a constructor in its member initializers), matched as
  // a whole: its starts are then analyzed with a parent map of this one
  // body, and nothing runs over the functions that start nothing. (Lambdas
  // are analyzed inside their functions.)
  leakguard::analysis::FunctionMatchOptions Starters;
  Starters.Where = functionDecl();
  Starters.ConstructorInitializers = true;
  Bodies = leakguard::analysis::addFunctionMatchers(Finder, StartsThread, this,
                                                    Starters);
  // pthread_cancel in a function of the user's: the file stops its threads
  // by cancelling them.
  leakguard::analysis::addFunctionMatchers(
      Finder, callExpr(callee(functionDecl(hasName("::pthread_cancel")))),
      &Cancels);
  // Private thread members (or containers of threads): are they ever joined?
  // Only the types that must be joined: a joining thread (`std::jthread`)
  // requests a stop and joins in its destructor, so a member of that type
  // needs no join of its own (its loop ignoring the token is what is
  // reported, at the start).
  const auto UnjoinedClass = cxxRecordDecl(hasAnyName(
      std::vector<StringRef>(ThreadTypes.begin(), ThreadTypes.end())));
  const auto UnjoinedType = qualType(
      hasUnqualifiedDesugaredType(recordType(hasDeclaration(UnjoinedClass))));
  // Threads owned through raw pointers too: `std::thread *t_`, an array of
  // them, or a container of them, filled with `new std::thread(...)`.
  const auto UnjoinedPointer =
      qualType(hasUnqualifiedDesugaredType(pointerType(pointee(UnjoinedType))));
  // The cheap tests first: the standard library's fields are dropped
  // before their types are looked at.
  Finder->addMatcher(
      fieldDecl(unless(isExpansionInSystemHeader()), isPrivate(),
                hasType(qualType(anyOf(
                    UnjoinedType, UnjoinedPointer,
                    hasUnqualifiedDesugaredType(
                        constantArrayType(hasElementType(UnjoinedPointer))),
                    hasUnqualifiedDesugaredType(recordType(
                        hasDeclaration(classTemplateSpecializationDecl(anyOf(
                            hasTemplateArgument(0, refersToType(UnjoinedType)),
                            hasTemplateArgument(
                                0, refersToType(UnjoinedPointer)))))))))))
          .bind("field"),
      this);
  Summaries.addMatchers(Finder, this);
}

bool UncancellableThreadCheck::isStopFlag(QualType T) const {
  const auto *Record = T.getCanonicalType()->getAsCXXRecordDecl();
  return Record && llvm::any_of(StopFlagTypes, [&](StringRef Name) {
           return leakguard::analysis::hasQualifiedName(Record, Name);
         });
}

bool UncancellableThreadCheck::isThreadClass(const CXXRecordDecl *Record,
                                             bool &Joining) const {
  if (!Record)
    return false;
  auto Named = [&](StringRef Name) {
    return leakguard::analysis::hasQualifiedName(Record, Name);
  };
  Joining = llvm::any_of(JoiningThreadTypes, Named);
  return Joining || llvm::any_of(ThreadTypes, Named);
}

void UncancellableThreadCheck::check(const MatchFinder::MatchResult &Result) {
  if (Summaries.onMatch(Result))
    return;
  ASTContext &Context = *Result.Context;
  if (const auto *Field = Result.Nodes.getNodeAs<FieldDecl>("field")) {
    // Members of a template's instantiations are the template's own.
    if (!isa<ClassTemplateSpecializationDecl>(Field->getParent()))
      Fields.insert(Field);
    return;
  }
  const auto *Function = Result.Nodes.getNodeAs<FunctionDecl>("function");
  // A lambda's call operator is matched on its own and inside its function.
  if (!Function || !Analyzed.insert(Function).second)
    return;
  const Stmt *Body = Function->getBody();
  ParentMap Parents(const_cast<Stmt *>(Body));
  // The function that runs \p S: a lambda inside Function, or Function.
  auto EnclosingFunction = [&](const Stmt *S) -> const FunctionDecl * {
    for (const Stmt *P = Parents.getParent(S); P; P = Parents.getParent(P))
      if (const auto *Lambda = dyn_cast<LambdaExpr>(P))
        return Lambda->getCallOperator();
    return Function;
  };
  for (const BoundNodes &Match :
       match(findAll(*StartMatcher), *Body, Context)) {
    const auto *Start = Match.getNodeAs<Expr>("construct");
    if (!Start)
      Start = Match.getNodeAs<Expr>("emplace");
    if (!Start)
      Start = Match.getNodeAs<Expr>("pthread");
    if (!Start)
      Start = Match.getNodeAs<Expr>("task");
    // A start in a local class's member function is that function's own
    // (it is not in this body's parent map). Each instantiation of a
    // template starts the same thread: one finding.
    if (!Start || !Parents.hasParent(Start) || !Seen.insert(Start).second ||
        !SeenLocations.insert(Start->getBeginLoc().getRawEncoding()).second)
      continue;
    const FunctionDecl *Runner = EnclosingFunction(Start);
    if (const auto *Call = Match.getNodeAs<CallExpr>("pthread"))
      analyzePthreadCreate(*Call, *Runner, Context);
    else if (const auto *Call = Match.getNodeAs<CallExpr>("task"))
      analyzeTask(*Call, *Runner, Parents, Context);
    else if (const auto *Emplace =
                 Match.getNodeAs<CXXMemberCallExpr>("emplace"))
      analyzeEmplace(*Emplace, *Runner, Context);
    else
      analyzeConstruct(*cast<CXXConstructExpr>(Start), Runner, Parents,
                       Context);
  }
  // Threads started in a constructor's member initializers.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function))
    for (const CXXCtorInitializer *Init : Ctor->inits()) {
      const auto *Construct =
          Init->isWritten() && Init->getMember()
              ? dyn_cast<CXXConstructExpr>(Init->getInit()->IgnoreImplicit())
              : nullptr;
      bool Joining = false;
      if (!Construct || Construct->getNumArgs() == 0 ||
          Construct->getConstructor()->isCopyOrMoveConstructor() ||
          !isThreadClass(Construct->getConstructor()->getParent(), Joining) ||
          !Seen.insert(Construct).second)
        continue;
      Start S;
      S.Creation = Construct;
      S.Callable = Construct->getArg(0);
      S.Joining = Joining;
      S.Function = Function;
      S.Field = Init->getMember();
      finishStart(S, Context);
    }
}

void UncancellableThreadCheck::analyzeEmplace(const CXXMemberCallExpr &Emplace,
                                              const FunctionDecl &Function,
                                              ASTContext &Context) {
  Start S;
  S.Function = &Function;
  S.Creation = &Emplace;
  S.Callable = Emplace.getArg(0);
  S.Field = dyn_cast_or_null<FieldDecl>(calledOn(&Emplace));
  S.LocalContainer = localContainer(calledOn(&Emplace));
  QualType Container = Emplace.getImplicitObjectArgument()->getType();
  if (Container->isPointerType())
    Container = Container->getPointeeType();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          Container->getAsCXXRecordDecl()))
    isThreadClass(Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl(),
                  S.Joining);
  // A container element that is itself a thread (a move): nothing starts.
  if (const CXXRecordDecl *Arg = S.Callable->getType()->getAsCXXRecordDecl();
      Arg && isThreadClass(Arg, S.Joining))
    return;
  finishStart(S, Context);
}

void UncancellableThreadCheck::analyzeConstruct(
    const CXXConstructExpr &Construct, const FunctionDecl *Function,
    const ParentMap &Parents, ASTContext &Context) {
  Start S;
  S.Function = Function;
  S.Creation = &Construct;
  S.Callable = Construct.getArg(0);
  isThreadClass(Construct.getConstructor()->getParent(), S.Joining);
  // Who holds the new thread: climb through the wrappers.
  const Stmt *Current = &Construct;
  const Stmt *Parent = Parents.getParent(Current);
  while (Parent && isa<Expr>(Parent) && isTransparent(cast<Expr>(Parent))) {
    Current = Parent;
    Parent = Parents.getParent(Current);
  }
  // `new std::thread(...)` kept in a member: `t_ = new ...`,
  // `threads_[i] = new ...`, `threads_.push_back(new ...)`.
  if (isa_and_nonnull<CXXNewExpr>(Parent)) {
    Current = Parent;
    Parent = Parents.getParent(Current);
    while (Parent && isa<ImplicitCastExpr, ParenExpr>(Parent)) {
      Current = Parent;
      Parent = Parents.getParent(Current);
    }
    if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(Parent);
        Assign && Assign->getOpcode() == BO_Assign &&
        Assign->getRHS()->IgnoreParenImpCasts() ==
            cast<Expr>(Current)->IgnoreParenImpCasts())
      S.Field = pointerMember(Assign->getLHS());
    else if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(Parent);
             Call && isCallNamed(Call, {"push_back", "emplace_back",
                                        "push_front", "emplace", "insert"}))
      S.Field = dyn_cast_or_null<FieldDecl>(calledOn(Call));
    finishStart(S, Context);
    return;
  }
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(Parent)) {
    // std::thread(...).detach()
    const auto *Call =
        dyn_cast_or_null<CXXMemberCallExpr>(Parents.getParent(Member));
    if (Call && isCallNamed(Call, {"detach"}))
      S.Detach = Call;
  } else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Parent);
             Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
             Op->getArg(1) == Current) {
    S.Field = dyn_cast_or_null<FieldDecl>(namedDecl(Op->getArg(0)));
    // `workers_[i] = std::thread(...)` after `workers_.resize(n)`.
    if (!S.Field)
      S.Field = containerOfElement(Op->getArg(0));
  } else if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(Parent);
             Call &&
             isCallNamed(Call, {"push_back", "emplace_back", "push_front",
                                "emplace", "insert", "push"})) {
    S.Field = dyn_cast_or_null<FieldDecl>(calledOn(Call));
    S.LocalContainer = localContainer(calledOn(Call));
  } else if (const auto *Decls = dyn_cast_or_null<DeclStmt>(Parent)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->getInit() == Current && Var->hasLocalStorage() &&
          !Var->getType()->isReferenceType()) {
        S.Local = Var;
        S.LocalDecl = Decls;
      }
  }
  if (S.Local && Function) {
    auto Detaches = memberCallsOn(Function->getBody(), S.Local, {"detach"});
    if (!Detaches.empty())
      S.Detach = Detaches.front();
    else
      borrowingCalls(Function->getBody(), S.Local, &S.DetachedBy);
  }
  finishStart(S, Context);
}

void UncancellableThreadCheck::finishStart(Start &S, ASTContext &Context) {
  if (S.Field && !S.Detach)
    if (const auto *Record = dyn_cast<CXXRecordDecl>(S.Field->getParent()))
      for (const CXXMethodDecl *Method : Record->methods()) {
        const FunctionDecl *Definition = nullptr;
        if (!Method->hasBody(Definition))
          continue;
        auto Detaches =
            memberCallsOn(Definition->getBody(), S.Field, {"detach"});
        if (!Detaches.empty()) {
          S.Detach = Detaches.front();
          break;
        }
        // The threads of a container, detached one by one.
        if (const CXXMemberCallExpr *Detach =
                elementDetach(Definition->getBody(), S.Field)) {
          S.Detach = Detach;
          break;
        }
      }
  S.Body = leakguard::analysis::resolveThreadBody(S.Callable);
  analyzeStart(S, Context);
}

std::optional<leakguard::analysis::EndlessLoop>
UncancellableThreadCheck::endlessLoopOf(
    const leakguard::analysis::ThreadBody &Body, ASTContext &Context,
    const FunctionDecl *&LoopFunction) {
  auto IsStopFlag = [this](QualType T) { return isStopFlag(T); };
  LoopFunction = Body.Function;
  if (auto Loop = leakguard::analysis::findEndlessLoop(*Body.Function, Context,
                                                       IsStopFlag))
    return Loop;
  // `[this] { run(); }`, `void *start(void *a) { serve(a); return 0; }`: the
  // loop is in a function the body calls.
  const auto *Compound =
      dyn_cast_or_null<CompoundStmt>(Body.Function->getBody());
  if (!Compound)
    return std::nullopt;
  for (const Stmt *Statement : Compound->body()) {
    const auto *Call = dyn_cast<CallExpr>(Statement);
    const FunctionDecl *Definition = nullptr;
    if (!Call || !Call->getDirectCallee() ||
        !Call->getDirectCallee()->hasBody(Definition))
      continue;
    if (Context.getSourceManager().isInSystemHeader(Definition->getLocation()))
      continue;
    if (auto Loop = leakguard::analysis::findEndlessLoop(*Definition, Context,
                                                         IsStopFlag)) {
      LoopFunction = Definition;
      return Loop;
    }
  }
  return std::nullopt;
}

void UncancellableThreadCheck::analyzeStart(const Start &S,
                                            ASTContext &Context) {
  // Detached from main(): the thread and main's locals both last until the
  // process exits.
  if ((S.Detach || S.DetachedBy) && S.Function && S.Function->isMain())
    return;
  if (S.Body && reportEndless(S, Context)) {
    if (S.Field)
      ReportedFields.insert(S.Field);
    return;
  }
  if ((S.Detach || S.DetachedBy) && S.Function &&
      !leakguard::analysis::callsWaitOrJoin(S.Function->getBody())) {
    // What the detached thread holds by reference: lambda captures and
    // arguments (`std::ref(x)`, `&x`), in source order.
    llvm::SmallVector<leakguard::analysis::ReferenceCapture, 4> References;
    if (S.Body && S.Body->Lambda)
      References = leakguard::analysis::referenceCaptures(*S.Body->Lambda);
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S.Creation))
      for (unsigned I = 1; I < Construct->getNumArgs(); ++I)
        if (auto Reference =
                leakguard::analysis::argumentReference(Construct->getArg(I)))
          References.push_back(*Reference);
    if (S.Detach
            ? reportReferences(References, S.Detach, "a detached thread",
                               "the thread is detached here")
            : reportReferences(
                  References, S.DetachedBy, "a detached thread",
                  "'" + S.DetachedBy->getDirectCallee()->getNameAsString() +
                      "' detaches the thread here"))
      return;
  }
  if (S.Local && S.LocalDecl && !S.Joining && !S.Detach && !S.DetachedBy &&
      S.Function)
    reportJoinable(S, Context);
  if (S.LocalContainer && !S.Joining && S.Function &&
      ReportedContainers.insert(S.LocalContainer).second)
    reportLocalContainer(S);
}

bool UncancellableThreadCheck::reportEndless(const Start &S,
                                             ASTContext &Context) {
  const FunctionDecl *LoopFunction = nullptr;
  auto Loop = endlessLoopOf(*S.Body, Context, LoopFunction);
  if (!Loop)
    return false;
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  const bool Cxx20 = LangOpts.CPlusPlus20;
  // A member container of threads: a pool's workers.
  bool Joining = false;
  QualType FieldType = S.Field ? S.Field->getType() : QualType();
  if (S.Field && FieldType->isPointerType())
    FieldType = FieldType->getPointeeType();
  const bool InContainer =
      S.Field && !isThreadClass(FieldType->getAsCXXRecordDecl(), Joining);

  // The fix: in C++20 a std::jthread whose loop tests its std::stop_token;
  // before, a std::atomic<bool> stop flag member set before the joins.
  std::vector<FixItHint> Fixes;
  std::string NoFix;
  if (!endlessFix(S, *Loop, LoopFunction, InContainer, Fixes, NoFix, Context))
    Fixes.clear();

  SourceLocation At = S.Creation->getBeginLoc();
  // A detached thread started by an object that lives until the process
  // ends (its destructor aborts, or is deleted): by design, a remark that a
  // project can switch off.
  const CXXRecordDecl *Owner = nullptr;
  for (const DeclContext *DC = S.Function; DC && !Owner; DC = DC->getParent())
    if (const auto *Record = dyn_cast<CXXRecordDecl>(DC);
        Record && !Record->isLambda())
      Owner = Record;
  const bool ProcessLifetime =
      S.Detach && Owner && leakguard::analysis::neverDestroyed(*Owner);
  if (ProcessLifetime && !ReportProcessLifetimeThreads)
    return true;
  const DiagnosticIDs::Level Level =
      ProcessLifetime ? DiagnosticIDs::Remark : DiagnosticIDs::Warning;
  {
    auto Diagnostic =
        S.Joining
            ? diag(At,
                   "'%0' runs an endless loop that ignores its "
                   "'std::stop_token'; its destructor waits forever; end "
                   "the loop when a stop is requested",
                   Level)
                  << (S.Creation->getType()->getAsCXXRecordDecl()
                          ? S.Creation->getType()
                                ->getAsCXXRecordDecl()
                                ->getQualifiedNameAsString()
                          : std::string("std::jthread"))
            : diag(At,
                   "%select{thread|detached thread}0 runs an endless loop "
                   "that nothing can stop; %1",
                   Level)
                  << (S.Detach ? 1 : 0)
                  << (Cxx20 ? "use 'std::jthread' and end the loop when its "
                              "'std::stop_token' is requested"
                            : "give the loop a 'std::atomic<bool>' stop flag "
                              "and join the thread on shutdown");
    for (const FixItHint &Fix : Fixes)
      Diagnostic << Fix;
  }
  noteLoop(*Loop);
  if (ProcessLifetime)
    diag(Owner->getLocation(),
         "%0 is never destroyed (its destructor is deleted or ends the "
         "program), so the "
         "thread lasts as long as the process by design; "
         "'ReportProcessLifetimeThreads: false' leaves these out",
         DiagnosticIDs::Note)
        << Owner;
  // A detach() apart from the creation: of a named thread, or of the
  // elements of a container (`workers_.back().detach()`).
  if (S.Detach &&
      constructionOf(S.Detach->getImplicitObjectArgument()) != S.Creation)
    diag(S.Detach->getBeginLoc(), "the thread is detached here",
         DiagnosticIDs::Note);
  // A pool whose destructor neither stops, wakes nor joins its workers:
  // they go on with the object's members (its queue, its condition
  // variable) after it is destroyed.
  const bool UsesObject =
      S.Body &&
      (S.Body->Lambda ? llvm::any_of(S.Body->Lambda->captures(),
                                     [](const LambdaCapture &Capture) {
                                       return Capture.capturesThis();
                                     })
                      : isa<CXXMethodDecl>(S.Body->Function) &&
                            !cast<CXXMethodDecl>(S.Body->Function)->isStatic());
  if (InContainer && UsesObject)
    if (const auto *Record = dyn_cast<CXXRecordDecl>(S.Field->getParent())) {
      const CXXDestructorDecl *Dtor = Record->getDestructor();
      const FunctionDecl *Definition = nullptr;
      if (!Dtor || Dtor->isImplicit() || Dtor->isDefaulted())
        diag(Record->getLocation(),
             "%0 has no destructor that stops, wakes or joins the threads of "
             "%1; they outlive the object and keep using its members",
             DiagnosticIDs::Note)
            << Record << S.Field;
      else if (Dtor->hasBody(Definition) &&
               !stopsWakesOrJoins(Definition->getBody()))
        diag(Definition->getLocation(),
             "the destructor of %0 neither stops, wakes nor joins the "
             "threads of %1; they outlive the object and keep using its "
             "members",
             DiagnosticIDs::Note)
            << Record << S.Field;
    }
  if (!Cxx20 && !S.Joining && Fixes.empty())
    diag(Loop->Loop->getBeginLoc(),
         "before C++20: declare 'std::atomic<bool> stop{false}', loop while "
         "'!stop', and on shutdown set 'stop = true' and join the thread",
         DiagnosticIDs::Note);
  if (Fixes.empty() && !NoFix.empty())
    diag(At, NoFix, DiagnosticIDs::Note);
  return true;
}

bool UncancellableThreadCheck::endlessFix(
    const Start &S, const leakguard::analysis::EndlessLoop &Loop,
    const FunctionDecl *LoopFunction, bool InContainer,
    std::vector<FixItHint> &Fixes, std::string &NoFix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  if (S.Function->isTemplateInstantiation() ||
      (S.Function->getParent() &&
       isa<ClassTemplateSpecializationDecl>(S.Function->getParent())))
    return false;
  if (!S.Body->Lambda || LoopFunction != S.Body->Function) {
    // Before C++20 the note on the stop flag says what to write.
    if (LangOpts.CPlusPlus20)
      NoFix = "no fix: the thread does not run a lambda with the loop in it; "
              "give its function a 'std::stop_token' parameter and test "
              "'stop_requested()' in the loop";
    return false;
  }
  // A pool: workers kept in a member container.
  if (InContainer && !S.Joining)
    return poolFix(S, Loop, Fixes, NoFix, Context);
  if (!LangOpts.CPlusPlus20) {
    if (S.Local)
      return localStopFlagFix(S, Loop, Fixes, NoFix, Context);
    return S.Detach && !S.Field
               ? detachedStopFlagFix(S, Loop, Fixes, NoFix, Context)
               : stopFlagFix(S, Loop, Fixes, NoFix, Context);
  }
  // A stop request does not wake a condition variable's wait: the join
  // would wait forever.
  auto WaitsOnCondition = [&] {
    if (!conditionWait(Loop.Loop))
      return false;
    NoFix = "no fix: the loop waits on a condition variable, which a stop "
            "request does not wake; make it a 'std::condition_variable_any' "
            "and pass the 'std::stop_token' to its wait";
    return true;
  };
  if (S.Detach && !S.Field) {
    if (WaitsOnCondition())
      return false;
    // Detached by a member function: the object keeps it in a new member.
    // Declared last: destroyed (stopped and joined) before the members its
    // loop may use.
    std::string Member;
    if (const CXXRecordDecl *Record =
            detachedToMember(S, /*Cxx20=*/true, Member, Fixes, NoFix, Context))
      return addAtClassEnd(*Record, {}, {"std::jthread " + Member + ";"}, SM,
                           Fixes) &&
             stopTokenFix(S, Loop, Fixes, Context);
    if (NoFix.empty())
      NoFix = "no fix: a 'std::jthread' in this scope would be stopped at "
              "its end; keep the thread in a member 'std::jthread' instead "
              "of detaching it";
    return false;
  }
  if (!S.Joining && InContainer) {
    NoFix = "no fix: the threads are kept in a container; make its "
            "elements 'std::jthread' and end the loop when the "
            "'std::stop_token' they pass is requested";
    return false;
  }
  if (!S.Joining && !S.Local && !S.Field) {
    NoFix = "no fix: only a thread held by a local variable or a member is "
            "rewritten";
    return false;
  }
  if (WaitsOnCondition())
    return false;
  // The thread variable: std::thread -> std::jthread, a stop requested
  // before each join.
  if (!S.Joining && S.Field) {
    if (!addMemberFixes(S, SM, LangOpts, Fixes))
      return false;
  } else if (!S.Joining) {
    if (auto Fix =
            toJThread(S.Local->getTypeSourceInfo()->getTypeLoc(), SM, LangOpts))
      Fixes.push_back(*Fix);
    else if (!isa<AutoType>(S.Local->getType()))
      return false;
    const Expr *Init = S.Local->getInit();
    while (Init && isTransparent(Init) && !isa<CXXTemporaryObjectExpr>(Init))
      Init = isa<CXXConstructExpr>(Init)
                 ? cast<CXXConstructExpr>(Init)->getArg(0)
                 : cast<Expr>(*Init->child_begin());
    if (const auto *Temporary = dyn_cast_or_null<CXXTemporaryObjectExpr>(Init))
      if (auto Fix = toJThread(Temporary->getTypeSourceInfo()->getTypeLoc(), SM,
                               LangOpts))
        Fixes.push_back(*Fix);
    if (Fixes.empty())
      return false;
    // Every other use must be a join, joinable() or get_id().
    auto Joins = memberCallsOn(S.Function->getBody(), S.Local, {"join"});
    auto Benign = memberCallsOn(S.Function->getBody(), S.Local,
                                {"join", "joinable", "get_id"});
    if (countReferences(S.Function->getBody(), S.Local) != Benign.size())
      return false;
    ParentMap Parents(S.Function->getBody());
    for (const CXXMemberCallExpr *Join : Joins)
      if (!addRequestStop(Join, S.Local->getName().str() + ".request_stop();",
                          Parents, SM, LangOpts, Fixes))
        return false;
  }
  return stopTokenFix(S, Loop, Fixes, Context);
}

bool UncancellableThreadCheck::stopTokenFix(
    const Start &S, const leakguard::analysis::EndlessLoop &Loop,
    std::vector<FixItHint> &Fixes, ASTContext &Context,
    std::string *TokenName) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  const LambdaExpr *Lambda = S.Body->Lambda;
  const CXXMethodDecl *Operator = Lambda->getCallOperator();
  // The stop token parameter.
  std::string Token;
  if (Operator->getNumParams() > 0 &&
      isStopFlag(Operator->getParamDecl(0)->getType()) &&
      leakguard::analysis::hasQualifiedName(Operator->getParamDecl(0)
                                                ->getType()
                                                .getCanonicalType()
                                                .getNonReferenceType()
                                                ->getAsCXXRecordDecl(),
                                            "std::stop_token")) {
    Token = Operator->getParamDecl(0)->getName().str();
    if (Token.empty())
      return false;
  } else {
    Token = leakguard::analysis::freshName({"st", "stop_token", "token"},
                                           Lambda->getBody(), SM, LangOpts);
    std::string Param = "std::stop_token " + Token;
    if (!Lambda->hasExplicitParameters()) {
      SourceLocation After = Lambda->getIntroducerRange().getEnd();
      if (After.isMacroID())
        return false;
      Fixes.push_back(FixItHint::CreateInsertion(After.getLocWithOffset(1),
                                                 "(" + Param + ")"));
    } else {
      auto Proto = Operator->getTypeSourceInfo()
                       ->getTypeLoc()
                       .getAsAdjusted<FunctionProtoTypeLoc>();
      if (!Proto || Proto.getLParenLoc().isMacroID())
        return false;
      Fixes.push_back(FixItHint::CreateInsertion(
          Proto.getLParenLoc().getLocWithOffset(1),
          Operator->getNumParams() == 0 ? Param : Param + ", "));
    }
  }
  if (!loopConditionFix(Loop, "!" + Token + ".stop_requested()", Fixes,
                        Context))
    return false;
  sleepFixes(Loop, Token, Fixes, Context);
  if (TokenName)
    *TokenName = Token;
  return true;
}

bool UncancellableThreadCheck::loopConditionFix(
    const leakguard::analysis::EndlessLoop &Loop, StringRef Stop,
    std::vector<FixItHint> &Fixes, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  const Expr *Cond = nullptr;
  if (const auto *While = dyn_cast<WhileStmt>(Loop.Loop))
    Cond = While->getCond();
  else if (const auto *Do = dyn_cast<DoStmt>(Loop.Loop))
    Cond = Do->getCond();
  else if (const auto *For = dyn_cast<ForStmt>(Loop.Loop)) {
    Cond = For->getCond();
    if (!Cond) {
      if (For->getInit() || For->getInc() || For->getLParenLoc().isMacroID() ||
          For->getRParenLoc().isMacroID())
        return false;
      Fixes.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(For->getLParenLoc(),
                                         For->getRParenLoc()),
          "(; " + Stop.str() + ";)"));
      return true;
    }
  }
  if (!Cond)
    return false;
  CharSourceRange Range =
      CharSourceRange::getTokenRange(Cond->getSourceRange());
  if (Cond->getBeginLoc().isMacroID() || Cond->getEndLoc().isMacroID())
    return false;
  if (Loop.UnchangedVariable) {
    auto Text = leakguard::analysis::spelledText(Cond, SM, LangOpts);
    if (!Text)
      return false;
    Fixes.push_back(
        FixItHint::CreateReplacement(Range, *Text + " && " + Stop.str()));
  } else {
    Fixes.push_back(FixItHint::CreateReplacement(Range, Stop));
  }
  return true;
}

bool UncancellableThreadCheck::stopFlagFix(
    const Start &S, const leakguard::analysis::EndlessLoop &Loop,
    std::vector<FixItHint> &Fixes, std::string &NoFix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  // One std::thread member of a class of this file, its lambda on `this`.
  if (!S.Field || S.Joining || S.Detach || !LangOpts.CPlusPlus11)
    return false;
  const FieldDecl &Field = *S.Field;
  const auto *Record = dyn_cast<CXXRecordDecl>(Field.getParent());
  if (!Record || !Record->getIdentifier() ||
      Field.getType()->getAsCXXRecordDecl() !=
          S.Creation->getType()->getAsCXXRecordDecl() ||
      SM.getFileID(SM.getExpansionLoc(Field.getLocation())) !=
          SM.getFileID(SM.getExpansionLoc(S.Creation->getBeginLoc())) ||
      Field.getBeginLoc().isMacroID())
    return false;
  const LambdaExpr *Lambda = S.Body->Lambda;
  const auto *Method = dyn_cast<CXXMethodDecl>(S.Function);
  if (!Method || Method->isStatic() || Method->getParent() != Record)
    return false;
  if (conditionWait(Loop.Loop)) {
    NoFix = "no fix: the loop waits on a condition variable; add a "
            "'std::atomic<bool>' stop flag to its predicate, set it and "
            "'notify_all()' before joining the thread";
    return false;
  }
  // The flag: a name no member and nothing in the lambda uses.
  llvm::StringSet<> Taken;
  for (const Decl *D : Record->decls())
    if (const auto *Named = dyn_cast<NamedDecl>(D);
        Named && Named->getIdentifier())
      Taken.insert(Named->getName());
  llvm::SmallVector<StringRef, 4> Candidates;
  for (StringRef Name : {"stop_", "stopping_", "stop_requested_", "stop_flag_"})
    if (!Taken.contains(Name))
      Candidates.push_back(Name);
  if (Candidates.empty())
    return false;
  std::string Flag = leakguard::analysis::freshName(
      Candidates, Lambda->getBody(), SM, LangOpts);
  if (Taken.contains(Flag))
    return false;
  // The lambda reads the flag through `this`.
  if (!captureThis(*Lambda, Fixes))
    return false;
  // Declared before the thread: built before it starts, destroyed after it
  // is joined.
  Fixes.push_back(FixItHint::CreateInsertion(
      Field.getBeginLoc(),
      "std::atomic<bool> " + Flag + "{false};\n" +
          leakguard::analysis::indentationOf(Field.getBeginLoc(), SM)));
  if (!loopConditionFix(Loop, "!" + Flag, Fixes, Context))
    return false;
  // Every use: the start, joins (the flag is set first), joinable(),
  // get_id().
  unsigned Joins = 0;
  bool Fits =
      forEachFieldUse(Field, [&](const MemberExpr &Member, const Stmt *User,
                                 const ParentMap &Parents) {
        if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(User);
            Op && Op->getOperator() == OO_Equal &&
            Op->getArg(0)->IgnoreParenImpCasts() == &Member)
          return constructionOf(Op->getArg(1)) == S.Creation;
        const CXXMemberCallExpr *Call = callOnMember(User, Parents);
        if (!Call || Call->getBeginLoc().isMacroID())
          return false;
        if (isCallNamed(Call, {"join"})) {
          ++Joins;
          return addRequestStop(Call, Flag + " = true;", Parents, SM, LangOpts,
                                Fixes);
        }
        return isCallNamed(Call, {"joinable", "get_id"});
      });
  if (!Fits)
    return false;
  if (Joins == 0) {
    // Nothing joins: a destructor that stops and joins, when the class has
    // none of its own.
    if (Record->hasUserDeclaredDestructor()) {
      NoFix = "no fix: the destructor of '" + Record->getNameAsString() +
              "' does not join the thread; set a 'std::atomic<bool>' stop "
              "flag the loop tests, then join it there";
      return false;
    }
    SourceLocation Close = Record->getBraceRange().getEnd();
    if (Close.isInvalid() || Close.isMacroID())
      return false;
    std::string Indent =
        leakguard::analysis::indentationOf(Field.getBeginLoc(), SM);
    std::string Name = Field.getNameAsString();
    Fixes.push_back(FixItHint::CreateInsertion(
        Close, "public:\n" + Indent + "~" + Record->getNameAsString() +
                   "() {\n" + Indent + "  " + Flag + " = true;\n" + Indent +
                   "  if (" + Name + ".joinable())\n" + Indent + "    " + Name +
                   ".join();\n" + Indent + "}\n"));
  }
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, SM, SM.getFileID(SM.getExpansionLoc(Field.getLocation())),
          "<atomic>", getLangOpts()))
    Fixes.push_back(*Include);
  return true;
}

const CXXRecordDecl *UncancellableThreadCheck::detachedToMember(
    const Start &S, bool Cxx20, std::string &Name,
    std::vector<FixItHint> &Fixes, std::string &NoFix, ASTContext &Context,
    StringRef Flag) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  // `std::thread(...).detach();`, a statement of its own, in a non-static
  // member function (or a constructor) of a class of this file.
  if (!S.Detach || S.Local || S.Field ||
      constructionOf(S.Detach->getImplicitObjectArgument()) != S.Creation)
    return nullptr;
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(S.Function);
  if (!Method || Method->isStatic() || isa<CXXDestructorDecl>(Method))
    return nullptr;
  const CXXRecordDecl *Record = Method->getParent();
  if (!Record || Record->isLambda() || !Record->getIdentifier() ||
      Record->isUnion() || Record->getDescribedClassTemplate() ||
      isa<ClassTemplateSpecializationDecl>(Record))
    return nullptr;
  SourceLocation Start = SM.getExpansionLoc(S.Creation->getBeginLoc());
  if (!SM.isWrittenInMainFile(Start) ||
      !SM.isWrittenInMainFile(Record->getLocation()) ||
      Record->getLocation().isMacroID()) {
    NoFix = "no fix: the class '" + Record->getNameAsString() +
            "' is declared in another file; keep the thread in a member "
            "'std::jthread' instead of detaching it";
    return nullptr;
  }
  if (std::string Why = cannotAddMember(*Record, /*Movable=*/Cxx20);
      !Why.empty()) {
    NoFix =
        "no fix: " + Why +
        ", and a member that keeps the thread could "
        "not be; keep the thread in a " +
        (Cxx20 ? std::string("'std::jthread'") : std::string("'std::thread'")) +
        " member and stop copying the object";
    return nullptr;
  }
  // The statement: `std::thread(...).detach();` in a block.
  const Expr *Object = S.Detach->getImplicitObjectArgument()->IgnoreImplicit();
  TypeLoc Written;
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Object))
    Written = Cast->getTypeInfoAsWritten()->getTypeLoc();
  else if (const auto *Temporary = dyn_cast<CXXTemporaryObjectExpr>(Object))
    Written = Temporary->getTypeSourceInfo()->getTypeLoc();
  else
    return nullptr;
  ParentMap Parents(Method->getBody());
  const Stmt *Parent = Parents.getParent(S.Detach);
  while (isa_and_nonnull<ExprWithCleanups>(Parent))
    Parent = Parents.getParent(Parent);
  if (!isa_and_nonnull<CompoundStmt>(Parent) ||
      S.Detach->getBeginLoc().isMacroID() || S.Detach->getEndLoc().isMacroID())
    return nullptr;
  Name = newMemberName(*Record, {"thread_", "worker_", "background_thread_"},
                       Method->getBody(), SM, LangOpts);
  if (Name.empty())
    return nullptr;
  if (Cxx20) {
    auto JThread = toJThread(Written, SM, LangOpts);
    if (!JThread)
      return nullptr;
    Fixes.push_back(*JThread);
  }
  // Started again by a member function other than a constructor: the
  // previous thread is stopped and joined first (a std::jthread's move
  // assignment does that; assigning to a joinable std::thread would call
  // std::terminate).
  std::string Restart;
  if (!Cxx20 && !isa<CXXConstructorDecl>(Method)) {
    std::string Indent =
        leakguard::analysis::indentationOf(S.Detach->getBeginLoc(), SM);
    Restart = "if (" + Name + ".joinable()) {\n" + Indent + "  " + Flag.str() +
              " = true;\n" + Indent + "  " + Name + ".join();\n" + Indent +
              "  " + Flag.str() + " = false;\n" + Indent + "}\n" + Indent;
  }
  Fixes.push_back(FixItHint::CreateInsertion(S.Detach->getBeginLoc(),
                                             Restart + Name + " = "));
  // `.detach()` goes.
  SourceLocation AfterObject =
      Lexer::getLocForEndOfToken(Object->getEndLoc(), 0, SM, LangOpts);
  SourceLocation AfterCall =
      Lexer::getLocForEndOfToken(S.Detach->getEndLoc(), 0, SM, LangOpts);
  if (AfterObject.isInvalid() || AfterCall.isInvalid())
    return nullptr;
  Fixes.push_back(FixItHint::CreateRemoval(
      CharSourceRange::getCharRange(AfterObject, AfterCall)));
  return Record;
}

bool UncancellableThreadCheck::detachedStopFlagFix(
    const Start &S, const leakguard::analysis::EndlessLoop &Loop,
    std::vector<FixItHint> &Fixes, std::string &NoFix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  if (!LangOpts.CPlusPlus11 || S.Joining)
    return false;
  if (conditionWait(Loop.Loop)) {
    NoFix = "no fix: the loop waits on a condition variable; add a "
            "'std::atomic<bool>' stop flag to its predicate, set it and "
            "'notify_all()' before joining the thread";
    return false;
  }
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(S.Function);
  if (!Method)
    return false;
  const LambdaExpr *Lambda = S.Body->Lambda;
  std::string Flag =
      newMemberName(*Method->getParent(),
                    {"stop_", "stopping_", "stop_requested_", "stop_flag_"},
                    Lambda->getBody(), SM, LangOpts);
  if (Flag.empty())
    return false;
  std::string Thread;
  const CXXRecordDecl *Record =
      detachedToMember(S, /*Cxx20=*/false, Thread, Fixes, NoFix, Context, Flag);
  if (!Record || Flag == Thread)
    return false;
  // The lambda reads the flag through `this`.
  if (!captureThis(*Lambda, Fixes))
    return false;
  if (!loopConditionFix(Loop, "!" + Flag, Fixes, Context))
    return false;
  // The destructor sets the flag and joins: the class's own, at the start
  // of its body, or a new one.
  std::string Stop = Flag + " = true;";
  std::string Join = "if (" + Thread + ".joinable())";
  std::string JoinCall = Thread + ".join();";
  std::vector<std::string> Public;
  if (const CXXDestructorDecl *Dtor = Record->getDestructor();
      Dtor && Dtor->isUserProvided()) {
    const FunctionDecl *Definition = nullptr;
    const auto *Body =
        Dtor->hasBody(Definition)
            ? dyn_cast_or_null<CompoundStmt>(Definition->getBody())
            : nullptr;
    if (!Body || Body->getLBracLoc().isMacroID() ||
        !SM.isWrittenInMainFile(Body->getLBracLoc())) {
      NoFix = "no fix: the destructor of '" + Record->getNameAsString() +
              "' is not in this file; set a 'std::atomic<bool>' stop flag "
              "the loop tests, then join the thread there";
      return false;
    }
    std::string Indent =
        leakguard::analysis::indentationOf(Definition->getBeginLoc(), SM) +
        "  ";
    Fixes.push_back(afterBrace(*Body,
                               "\n" + Indent + Stop + "\n" + Indent + Join +
                                   "\n" + Indent + "  " + JoinCall,
                               Indent, SM));
  } else if (Dtor && !Dtor->isImplicit()) {
    NoFix = "no fix: the destructor of '" + Record->getNameAsString() +
            "' is defaulted or deleted; set a 'std::atomic<bool>' stop flag "
            "the loop tests, then join the thread in it";
    return false;
  } else {
    Public.push_back("~" + Record->getNameAsString() + "() {");
    Public.push_back("  " + Stop);
    Public.push_back("  " + Join);
    Public.push_back("    " + JoinCall);
    Public.push_back("}");
  }
  // Declared last, the flag before the thread: destroyed first, the thread
  // before the flag, both after the destructor's body joined the thread.
  if (!addAtClassEnd(*Record, Public,
                     {"std::atomic<bool> " + Flag + "{false};",
                      "std::thread " + Thread + ";"},
                     SM, Fixes))
    return false;
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, SM, SM.getMainFileID(), "<atomic>", getLangOpts()))
    Fixes.push_back(*Include);
  return true;
}

/// The wait of the workers of a pool that poolFix() can stop, or none
/// (with the reason in \p NoFix when there is one to give).
std::optional<PoolWait> UncancellableThreadCheck::poolToStop(
    const Start &S, const leakguard::analysis::EndlessLoop &Loop,
    std::string &NoFix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const FieldDecl &Field = *S.Field;
  const auto *Record = dyn_cast<CXXRecordDecl>(Field.getParent());
  const LambdaExpr *Lambda = S.Body->Lambda;
  const CXXMethodDecl *Operator = Lambda->getCallOperator();
  const std::string Workers = Field.getNameAsString();
  // Workers emplaced once into a member container of a class of this file,
  // running a lambda that returns nothing.
  if (S.Detach || S.Joining || !Record || !Record->getIdentifier() ||
      Record->getDescribedClassTemplate() ||
      isa<ClassTemplateSpecializationDecl>(Record) ||
      !isa<CXXMemberCallExpr>(S.Creation) ||
      !SM.isWrittenInMainFile(Field.getLocation()) ||
      Field.getBeginLoc().isMacroID() ||
      !Operator->getReturnType()->isVoidType())
    return std::nullopt;
  unsigned Starts = 0;
  bool Fits = forEachFieldUse(Field, [&](const MemberExpr &, const Stmt *User,
                                         const ParentMap &Parents) {
    const CXXMemberCallExpr *Call = callOnMember(User, Parents);
    if (Call == S.Creation) {
      ++Starts;
      return true;
    }
    return Call && isCallNamed(Call, {"size", "empty", "reserve", "capacity"});
  });
  if (!Fits || Starts != 1) {
    NoFix = "no fix: the threads of '" + Workers +
            "' are used for more than being started here; stop their loop "
            "and join them in the destructor";
    return std::nullopt;
  }
  ParentMap Parents(Operator->getBody());
  std::optional<PoolWait> Wait = poolWait(Loop.Loop, Parents);
  if (!Wait || Wait->Condition->getParent() != Record ||
      Wait->Mutex->getParent() != Record) {
    NoFix = "no fix: the workers do not wait in one 'cv.wait(lock, "
            "predicate)' statement on a condition variable and a mutex of '" +
            Record->getNameAsString() +
            "'; wake them with a stop flag in the predicate, then join them";
    return std::nullopt;
  }
  // What the workers use must outlive them: declared before the container,
  // destroyed after it.
  const FieldDecl *Later = nullptr;
  leakguard::analysis::forEachStatement(Lambda->getBody(), [&](const Stmt *St) {
    if (const auto *Member = dyn_cast<MemberExpr>(St))
      if (const auto *Used = dyn_cast<FieldDecl>(Member->getMemberDecl());
          Used && Used->getParent() == Record &&
          Used->getFieldIndex() >= Field.getFieldIndex())
        Later = Used;
    return !Later;
  });
  if (Later) {
    NoFix = "no fix: the workers use '" + Later->getNameAsString() +
            "', declared after '" + Workers +
            "'; declare the threads last, so that they are stopped before "
            "what they use is destroyed";
    return std::nullopt;
  }
  Wait->Statement = ownStatement(Wait->Wait, Parents);
  return Wait;
}

bool UncancellableThreadCheck::poolFix(
    const Start &S, const leakguard::analysis::EndlessLoop &Loop,
    std::vector<FixItHint> &Fixes, std::string &NoFix, ASTContext &Context) {
  const bool Cxx20 = getLangOpts().CPlusPlus20;
  if (Cxx20)
    NoFix = "no fix: the threads are kept in a container; make its "
            "elements 'std::jthread' and end the loop when the "
            "'std::stop_token' they pass is requested";
  std::optional<PoolWait> Wait = poolToStop(S, Loop, NoFix, Context);
  if (!Wait ||
      !(Cxx20 ? poolJthreadFix(S, Loop, *Wait, Fixes, Context)
              : poolStopFlagFix(S, Loop, *Wait, Fixes, NoFix, Context)))
    return false;
  NoFix.clear();
  return true;
}

// In C++20: std::vector<std::jthread>, std::condition_variable_any, and
// `if (!cv_.wait(lock, st, pred)) return;`.
bool UncancellableThreadCheck::poolJthreadFix(
    const Start &S, const leakguard::analysis::EndlessLoop &Loop,
    const PoolWait &Wait, std::vector<FixItHint> &Fixes, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  const FieldDecl &Field = *S.Field;
  auto Elements =
      renameType(firstTemplateArgument(Field.getTypeSourceInfo()->getTypeLoc()),
                 "thread", "jthread", SM, LangOpts);
  if (!Elements)
    return false;
  Fixes.push_back(*Elements);
  const CXXRecordDecl *Condition =
      Wait.Condition->getType()->getAsCXXRecordDecl();
  if (!leakguard::analysis::hasQualifiedName(Condition,
                                             "std::condition_variable_any")) {
    auto Any = renameType(Wait.Condition->getTypeSourceInfo()->getTypeLoc(),
                          "condition_variable", "condition_variable_any", SM,
                          LangOpts);
    if (!Any || !SM.isWrittenInMainFile(Wait.Condition->getLocation()))
      return false;
    Fixes.push_back(*Any);
  }
  std::string Token;
  if (!stopTokenFix(S, Loop, Fixes, Context, &Token))
    return false;
  SourceLocation AfterWait =
      Lexer::getLocForEndOfToken(Wait.Wait->getEndLoc(), 0, SM, LangOpts);
  if (AfterWait.isInvalid())
    return false;
  Fixes.push_back(
      FixItHint::CreateInsertion(Wait.Wait->getBeginLoc(), "if (!"));
  Fixes.push_back(FixItHint::CreateInsertion(
      Wait.Wait->getArg(1)->getBeginLoc(), Token + ", "));
  Fixes.push_back(FixItHint::CreateInsertion(
      AfterWait,
      ")\n" + leakguard::analysis::indentationOf(Wait.Wait->getBeginLoc(), SM) +
          "  return"));
  return true;
}

// Before C++20: a stop flag in the predicate, tested after the wait; the
// destructor sets it under the mutex, wakes every worker and joins them.
bool UncancellableThreadCheck::poolStopFlagFix(
    const Start &S, const leakguard::analysis::EndlessLoop &Loop,
    const PoolWait &Wait, std::vector<FixItHint> &Fixes, std::string &NoFix,
    ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  const FieldDecl &Field = *S.Field;
  const auto *Record = cast<CXXRecordDecl>(Field.getParent());
  const LambdaExpr *Lambda = S.Body->Lambda;
  const std::string Workers = Field.getNameAsString();
  if (std::string Why = cannotAddMember(*Record, /*Movable=*/false);
      !Why.empty()) {
    NoFix = "no fix: " + Why +
            ", and a 'std::atomic<bool>' stop flag could "
            "not be";
    return false;
  }
  std::string Flag = newMemberName(
      *Record, {"stop_", "stopping_", "stop_requested_", "stop_flag_"},
      Lambda->getBody(), SM, LangOpts);
  if (Flag.empty())
    return false;
  // The lambda reads the flag through `this`.
  if (!captureThis(*Lambda, Fixes))
    return false;
  if (!loopConditionFix(Loop, "!" + Flag, Fixes, Context))
    return false;
  const Expr *Ready = Wait.Ready->IgnoreImplicit();
  const bool Parenthesize = isa<BinaryOperator, ConditionalOperator>(Ready);
  Fixes.push_back(FixItHint::CreateInsertion(
      Wait.Ready->getBeginLoc(), Flag + " || " + (Parenthesize ? "(" : "")));
  if (Parenthesize)
    Fixes.push_back(FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(Wait.Ready->getEndLoc(), 0, SM, LangOpts),
        ")"));
  CharSourceRange WaitRange =
      leakguard::analysis::statementWithSemicolon(Wait.Statement, SM, LangOpts);
  if (WaitRange.isInvalid())
    return false;
  std::string Indent =
      leakguard::analysis::indentationOf(Wait.Wait->getBeginLoc(), SM);
  Fixes.push_back(FixItHint::CreateInsertion(WaitRange.getEnd(),
                                             "\n" + Indent + "if (" + Flag +
                                                 ")\n" + Indent + "  return;"));
  std::string Mutex = Wait.Mutex->getNameAsString();
  std::string MutexType =
      Wait.Mutex->getType().getUnqualifiedType().getAsString(
          Context.getPrintingPolicy());
  std::vector<std::string> Shutdown = {
      "{",
      "  std::lock_guard<" + MutexType + "> lock(" + Mutex + ");",
      "  " + Flag + " = true;",
      "}",
      Wait.Condition->getNameAsString() + ".notify_all();",
      "for (auto &worker : " + Workers + ")",
      "  if (worker.joinable())",
      "    worker.join();"};
  std::vector<std::string> Public;
  if (const CXXDestructorDecl *Dtor = Record->getDestructor();
      Dtor && Dtor->isUserProvided()) {
    const FunctionDecl *Definition = nullptr;
    const auto *Body =
        Dtor->hasBody(Definition)
            ? dyn_cast_or_null<CompoundStmt>(Definition->getBody())
            : nullptr;
    if (!Body || Body->getLBracLoc().isMacroID() ||
        !SM.isWrittenInMainFile(Body->getLBracLoc()))
      return false;
    std::string Inner =
        leakguard::analysis::indentationOf(Definition->getBeginLoc(), SM) +
        "  ";
    std::string Text;
    for (const std::string &Line : Shutdown)
      Text += "\n" + Inner + Line;
    Fixes.push_back(afterBrace(*Body, Text, Inner, SM));
  } else if (Dtor && !Dtor->isImplicit()) {
    NoFix = "no fix: the destructor of '" + Record->getNameAsString() +
            "' is defaulted or deleted; stop, wake and join the workers in it";
    return false;
  } else {
    Public.push_back("~" + Record->getNameAsString() + "() {");
    for (const std::string &Line : Shutdown)
      Public.push_back("  " + Line);
    Public.push_back("}");
    if (!addAtClassEnd(*Record, Public, {}, SM, Fixes))
      return false;
  }
  Fixes.push_back(FixItHint::CreateInsertion(
      Field.getBeginLoc(),
      "std::atomic<bool> " + Flag + "{false};\n" +
          leakguard::analysis::indentationOf(Field.getBeginLoc(), SM)));
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, SM, SM.getMainFileID(), "<atomic>", getLangOpts()))
    Fixes.push_back(*Include);
  return true;
}

bool UncancellableThreadCheck::localStopFlagFix(
    const Start &S, const leakguard::analysis::EndlessLoop &Loop,
    std::vector<FixItHint> &Fixes, std::string &NoFix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  // A local std::thread, declared alone, joined and otherwise only asked
  // joinable() or get_id().
  if (!S.Local || !S.LocalDecl || !S.LocalDecl->isSingleDecl() || S.Detach ||
      S.Joining || !LangOpts.CPlusPlus11 ||
      S.LocalDecl->getBeginLoc().isMacroID())
    return false;
  if (conditionWait(Loop.Loop)) {
    NoFix = "no fix: the loop waits on a condition variable; add a "
            "'std::atomic<bool>' stop flag to its predicate, set it and "
            "'notify_all()' before joining the thread";
    return false;
  }
  const Stmt *Body = S.Function->getBody();
  auto Joins = memberCallsOn(Body, S.Local, {"join"});
  auto Benign = memberCallsOn(Body, S.Local, {"join", "joinable", "get_id"});
  if (Joins.empty() || countReferences(Body, S.Local) != Benign.size())
    return false;
  const LambdaExpr *Lambda = S.Body->Lambda;
  std::string Flag = leakguard::analysis::freshName(
      {"stop", "stopping", "stop_requested"}, Body, SM, LangOpts);
  // The lambda holds the flag by reference (a `[&]` lambda already does).
  if (Lambda->getCaptureDefault() != LCD_ByRef) {
    SourceLocation Close = Lambda->getIntroducerRange().getEnd();
    if (Close.isMacroID())
      return false;
    const bool Captures = Lambda->getCaptureDefault() != LCD_None ||
                          !Lambda->explicit_captures().empty();
    Fixes.push_back(
        FixItHint::CreateInsertion(Close, (Captures ? ", &" : "&") + Flag));
  }
  if (!loopConditionFix(Loop, "!" + Flag, Fixes, Context))
    return false;
  ParentMap Parents(const_cast<Stmt *>(Body));
  for (const CXXMemberCallExpr *Join : Joins)
    if (!addRequestStop(Join, Flag + " = true;", Parents, SM, LangOpts, Fixes))
      return false;
  Fixes.push_back(FixItHint::CreateInsertion(
      S.LocalDecl->getBeginLoc(),
      "std::atomic<bool> " + Flag + "{false};\n" +
          leakguard::analysis::indentationOf(S.LocalDecl->getBeginLoc(), SM)));
  FileID File = SM.getFileID(SM.getExpansionLoc(S.LocalDecl->getBeginLoc()));
  if (auto Include = leakguard::analysis::insertInclude(Inserter, SM, File,
                                                        "<atomic>", LangOpts))
    Fixes.push_back(*Include);
  return true;
}

void UncancellableThreadCheck::sleepFixes(
    const leakguard::analysis::EndlessLoop &Loop, StringRef Token,
    std::vector<FixItHint> &Fixes, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  bool Any = false;
  leakguard::analysis::forEachStatement(Loop.Loop, [&](const Stmt *S) {
    if (isa<LambdaExpr>(S))
      return false; // Another function's sleeps.
    const auto *Call = dyn_cast<CallExpr>(S);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || Call->getNumArgs() != 1 ||
        !(leakguard::analysis::hasQualifiedName(
              Callee, "std::this_thread::sleep_for") ||
          leakguard::analysis::hasQualifiedName(
              Callee, "std::this_thread::sleep_until")))
      return true;
    const Expr *Name = Call->getCallee()->IgnoreImplicit();
    const Expr *Arg = Call->getArg(0);
    if (!isa<DeclRefExpr>(Name) || Name->getBeginLoc().isMacroID() ||
        Name->getEndLoc().isMacroID() || Arg->getBeginLoc().isMacroID())
      return true;
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Name->getSourceRange()),
        "leakguard::" + Callee->getName().str()));
    Fixes.push_back(
        FixItHint::CreateInsertion(Arg->getBeginLoc(), Token.str() + ", "));
    Any = true;
    return true;
  });
  if (!Any)
    return;
  FileID File = SM.getFileID(SM.getExpansionLoc(Loop.Loop->getBeginLoc()));
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, SM, File,
          leakguard::analysis::helperInclude("<leakguard/stop_sleep.h>",
                                             HelpersDir, SM, File),
          LangOpts))
    Fixes.push_back(*Include);
}

void UncancellableThreadCheck::noteLoop(
    const leakguard::analysis::EndlessLoop &Loop) {
  if (Loop.UnchangedVariable)
    diag(Loop.Loop->getBeginLoc(), "endless loop: nothing changes '%0'",
         DiagnosticIDs::Note)
        << Loop.UnchangedVariable->getName();
  else
    diag(Loop.Loop->getBeginLoc(),
         "endless loop: its condition is always true and nothing leaves it",
         DiagnosticIDs::Note);
}

bool UncancellableThreadCheck::addMemberFixes(const Start &S,
                                              const SourceManager &SM,
                                              const LangOptions &LangOpts,
                                              std::vector<FixItHint> &Fixes) {
  const FieldDecl &Field = *S.Field;
  // A single thread, declared in the file that starts it.
  if (Field.getType()->getAsCXXRecordDecl() !=
          S.Creation->getType()->getAsCXXRecordDecl() ||
      SM.getFileID(SM.getExpansionLoc(Field.getLocation())) !=
          SM.getFileID(SM.getExpansionLoc(S.Creation->getBeginLoc())))
    return false;
  auto FieldFix =
      toJThread(Field.getTypeSourceInfo()->getTypeLoc(), SM, LangOpts);
  if (!FieldFix)
    return false;
  Fixes.push_back(*FieldFix);
  // Every use: the start, joins (a stop is requested first), detaches (the
  // member now keeps the thread alive and joins it), joinable(), get_id().
  return forEachFieldUse(Field, [&](const MemberExpr &Member, const Stmt *User,
                                    const ParentMap &Parents) {
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(User);
        Op && Op->getOperator() == OO_Equal &&
        Op->getArg(0)->IgnoreParenImpCasts() == &Member) {
      if (constructionOf(Op->getArg(1)) != S.Creation)
        return false;
      const Expr *Value = Op->getArg(1)->IgnoreImplicit();
      TypeLoc Written;
      if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Value))
        Written = Cast->getTypeInfoAsWritten()->getTypeLoc();
      else if (const auto *Temporary = dyn_cast<CXXTemporaryObjectExpr>(Value))
        Written = Temporary->getTypeSourceInfo()->getTypeLoc();
      auto Fix = toJThread(Written, SM, LangOpts);
      if (Fix)
        Fixes.push_back(*Fix);
      return Fix.has_value();
    }
    const CXXMemberCallExpr *Call = callOnMember(User, Parents);
    if (!Call || Call->getBeginLoc().isMacroID())
      return false;
    if (isCallNamed(Call, {"join"})) {
      auto Object = leakguard::analysis::spelledText(
          Call->getImplicitObjectArgument(), SM, LangOpts);
      return Object && addRequestStop(Call, *Object + ".request_stop();",
                                      Parents, SM, LangOpts, Fixes);
    }
    if (isCallNamed(Call, {"detach"})) {
      auto Removal =
          isa_and_nonnull<CompoundStmt>(Parents.getParent(Call))
              ? leakguard::analysis::removeStatement(Call, SM, LangOpts)
              : std::nullopt;
      if (Removal)
        Fixes.push_back(*Removal);
      return Removal.has_value();
    }
    return isCallNamed(Call, {"joinable", "get_id"});
  });
}

bool UncancellableThreadCheck::reportReferences(
    llvm::ArrayRef<leakguard::analysis::ReferenceCapture> References,
    const Stmt *At, StringRef What, StringRef AtNote) {
  if (References.empty())
    return false;
  const leakguard::analysis::ReferenceCapture &First = References.front();
  diag(First.Location,
       "'%0' is %select{captured by reference by|passed by reference to}2 %1, "
       "which may outlive it; %select{capture it by value or move it into the "
       "lambda|pass a copy}2")
      << First.Variable->getName() << What << (First.Argument ? 1 : 0);
  for (const auto &Other : References.drop_front())
    diag(Other.Location, "'%0' is %select{captured|passed}1 by reference too",
         DiagnosticIDs::Note)
        << Other.Variable->getName() << (Other.Argument ? 1 : 0);
  diag(At->getBeginLoc(), AtNote, DiagnosticIDs::Note);
  return true;
}

void UncancellableThreadCheck::reportJoinable(const Start &S,
                                              ASTContext &Context) {
  const Stmt *Body = S.Function->getBody();
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd(); // Every use of the thread is a step.
  std::unique_ptr<CFG> Cfg =
      CFG::buildCFG(S.Function, const_cast<Stmt *>(Body), &Context, Options);
  if (!Cfg)
    return;
  // The references to the thread that neither release it nor let it escape.
  llvm::DenseSet<const Expr *> Benign;
  llvm::DenseSet<const CXXMemberCallExpr *> Releases;
  for (const CXXMemberCallExpr *Call :
       memberCallsOn(Body, S.Local, {"join", "detach", "joinable", "get_id"})) {
    Benign.insert(Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
    // A test of joinable() guards the join (`if (t.joinable()) t.join();`):
    // the paths past it are the code's own bookkeeping.
    if (isCallNamed(Call, {"join", "detach", "joinable"}))
      Releases.insert(Call);
  }
  // Given to functions that only ask it (`log_worker(t)`): still joinable.
  borrowingCalls(Body, S.Local, nullptr, &Benign);
  leakguard::analysis::ExploreOptions Explore;
  Explore.Context = &Context;
  leakguard::analysis::PathResult Paths = leakguard::analysis::explorePaths(
      *Cfg, S.LocalDecl,
      [&](const Stmt *St) {
        if (const auto *Call = dyn_cast<CXXMemberCallExpr>(St);
            Call && Releases.contains(Call))
          return leakguard::analysis::StepVerdict::Released;
        // Moved, handed on, or captured by a lambda that may join it.
        if (const auto *Ref = dyn_cast<DeclRefExpr>(St);
            Ref && Ref->getDecl() == S.Local && !Benign.contains(Ref))
          return leakguard::analysis::StepVerdict::Released;
        return leakguard::analysis::StepVerdict::Continue;
      },
      Explore);
  const SourceManager &SM = Context.getSourceManager();
  // Returns inside a system macro (gtest's ASSERT_*) bail out of a failed
  // test: not the code's own paths.
  llvm::erase_if(Paths.Exits, [&](const leakguard::analysis::LeakExit &Exit) {
    return Exit.At && SM.isInSystemMacro(Exit.At->getBeginLoc());
  });
  if (!Paths.Complete || Paths.Exits.empty())
    return;
  llvm::sort(Paths.Exits, [&](const leakguard::analysis::LeakExit &A,
                              const leakguard::analysis::LeakExit &B) {
    if (!A.At || !B.At)
      return A.At && !B.At;
    return SM.isBeforeInTranslationUnit(A.At->getBeginLoc(),
                                        B.At->getBeginLoc());
  });
  diag(S.Creation->getBeginLoc(),
       "thread '%0' can leave its scope still joinable, which calls "
       "'std::terminate'; join it on every path%select{| or make it a "
       "'std::jthread'}1")
      << S.Local->getName() << (getLangOpts().CPlusPlus20 ? 1 : 0);
  for (const leakguard::analysis::LeakExit &Exit : Paths.Exits)
    diag(Exit.At ? Exit.At->getBeginLoc() : Body->getEndLoc(),
         leakguard::analysis::exitNote(
             Exit.Kind, "is still joinable",
             "is destroyed still joinable when the loop comes back here"),
         DiagnosticIDs::Note)
        << S.Local->getName();
}

void UncancellableThreadCheck::reportLocalContainer(const Start &S) {
  // Only filled and measured: nothing joins, detaches or moves the threads.
  const Stmt *Body = S.Function->getBody();
  auto Uses = memberCallsOn(Body, S.LocalContainer,
                            {"emplace_back", "push_back", "emplace", "reserve",
                             "size", "empty"});
  // Given to functions that only ask them (`running(threads)`) too.
  if (countReferences(Body, S.LocalContainer) !=
      Uses.size() + borrowingCalls(Body, S.LocalContainer))
    return;
  diag(S.Creation->getBeginLoc(),
       "threads of '%0' are started here but never joined or detached; "
       "destroying '%0' destroys them joinable, which calls 'std::terminate'")
      << S.LocalContainer->getName();
  diag(S.LocalContainer->getLocation(), "'%0' declared here",
       DiagnosticIDs::Note)
      << S.LocalContainer->getName();
}

void UncancellableThreadCheck::analyzePthreadCreate(
    const CallExpr &Call, const FunctionDecl &Function, ASTContext &Context) {
  const Stmt *Body = Function.getBody();
  auto StartRoutine = leakguard::analysis::resolveThreadBody(Call.getArg(2));
  const VarDecl *Tid = addressedVariable(Call.getArg(0));
  // Detached by its attributes, by pthread_detach here, or by itself.
  bool Detached = false;
  bool AttrKnown = true;
  const Expr *Attr = Call.getArg(1)->IgnoreParenImpCasts();
  if (!Attr->isNullPointerConstant(Context,
                                   Expr::NPC_ValueDependentIsNotNull)) {
    const VarDecl *AttrVar = addressedVariable(Attr);
    AttrKnown = AttrVar && AttrVar->hasLocalStorage();
    if (AttrKnown)
      for (const CallExpr *Set : callsOf(Body, "pthread_attr_setdetachstate"))
        if (Set->getNumArgs() == 2 &&
            addressedVariable(Set->getArg(0)) == AttrVar &&
            isSpelled(Set->getArg(1), "PTHREAD_CREATE_DETACHED", Context))
          Detached = true;
  }
  const CallExpr *DetachCall = nullptr;
  if (Tid)
    for (const CallExpr *D : callsOf(Body, "pthread_detach"))
      if (D->getNumArgs() == 1 && namedDecl(D->getArg(0)) == Tid)
        DetachCall = D;
  bool SelfDetached =
      StartRoutine && StartRoutine->Function &&
      !callsOf(StartRoutine->Function->getBody(), "pthread_detach").empty();
  // Given to functions: some may detach it, some only ask it.
  const CallExpr *DetachedBy = nullptr;
  unsigned Borrowed = Tid ? borrowingCalls(Body, Tid, &DetachedBy) : 0;
  Detached = Detached || DetachCall || SelfDetached || DetachedBy;

  Start S;
  S.Creation = &Call;
  S.Callable = Call.getArg(2);
  S.Function = &Function;
  S.Body = StartRoutine;
  // Detached from main(), a thread lasts as long as the process anyway.
  if (StartRoutine && !(Detached && Function.isMain())) {
    const FunctionDecl *LoopFunction = nullptr;
    if (auto Loop = endlessLoopOf(*StartRoutine, Context, LoopFunction)) {
      // Reported at the end of the file, unless the file cancels threads.
      PendingPthreads.push_back({&Call, *Loop, Detached});
      return;
    }
  }
  // Never joined nor detached: a local pthread_t that nothing reads again.
  if (Detached || !AttrKnown || !Tid || !Tid->hasLocalStorage() ||
      Tid->getType()->isArrayType() ||
      countReferences(Body, Tid) != 1 + Borrowed)
    return;
  diag(Call.getBeginLoc(),
       "thread created by 'pthread_create' is never joined or detached; its "
       "stack and exit status stay allocated after it ends; join it, or "
       "detach it if nothing waits for it");
  diag(Tid->getLocation(), "'%0' is not used after the thread is created",
       DiagnosticIDs::Note)
      << Tid->getName();
}

void UncancellableThreadCheck::analyzeTask(const CallExpr &Call,
                                           const FunctionDecl &Function,
                                           const ParentMap &Parents,
                                           ASTContext &Context) {
  // The lambda the task runs.
  const LambdaExpr *Lambda = nullptr;
  for (const Expr *Arg : Call.arguments()) {
    // A lambda converted to the pool's task type (`std::function`).
    Arg = Arg->IgnoreImplicit();
    if (const auto *Convert = dyn_cast<CXXConstructExpr>(Arg);
        Convert && Convert->getNumArgs() == 1)
      Arg = Convert->getArg(0);
    if (auto Body = leakguard::analysis::resolveThreadBody(Arg);
        Body && Body->Lambda) {
      Lambda = Body->Lambda;
      break;
    }
  }
  if (!Lambda)
    return;
  // A pool that is a local of this function waits for its tasks when it is
  // destroyed, at the end of the function.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(&Call))
    if (const auto *Pool = dyn_cast_or_null<VarDecl>(calledOn(Member));
        Pool && Pool->hasLocalStorage() &&
        !Pool->getType()->isReferenceType() &&
        !Pool->getType()->isPointerType())
      return;
  // Where the task's future goes.
  const Stmt *Current = &Call;
  const Stmt *Parent = Parents.getParent(Current);
  while (Parent && isa<Expr>(Parent) && isTransparent(cast<Expr>(Parent))) {
    Current = Parent;
    Parent = Parents.getParent(Current);
  }
  bool Outlives = false;
  bool Awaited = false;
  if (!Parent || isa<ReturnStmt>(Parent)) {
    Outlives = Parent != nullptr;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
             Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2 &&
             Op->getArg(1) == Current) {
    const auto *Var = dyn_cast_or_null<VarDecl>(namedDecl(Op->getArg(0)));
    Outlives = !Var || !Var->hasLocalStorage();
    Awaited = !Outlives;
  } else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Parent)) {
    // Stored in a container: the container's lifetime decides.
    const auto *Var = dyn_cast_or_null<VarDecl>(calledOn(Member));
    Outlives = !Var || !Var->hasLocalStorage();
    Awaited = !Outlives;
  } else if (const auto *Decls = dyn_cast<DeclStmt>(Parent)) {
    for (const Decl *D : Decls->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D);
          Var && Var->getInit() == Current)
        Awaited = Var->hasLocalStorage() && !Var->getType()->isReferenceType();
  } else if (isa<CallExpr>(Parent)) {
    return; // Handed to another function: it may wait or keep it.
  }
  const FunctionDecl *Callee = Call.getDirectCallee();
  const bool IsAsync =
      Callee && leakguard::analysis::hasQualifiedName(Callee, "std::async");
  // std::async's own future waits in its destructor: only one that leaves
  // the function lets the task outlive its captures.
  if (IsAsync ? !Outlives : Awaited)
    return;
  if (leakguard::analysis::callsWaitOrJoin(Function.getBody()))
    return;
  reportReferences(
      leakguard::analysis::referenceCaptures(*Lambda), &Call,
      IsAsync ? "a 'std::async' task whose future leaves the function"
              : "a task that is not waited for",
      IsAsync ? "the task is started here" : "the task is submitted here");
}

void UncancellableThreadCheck::analyzeField(const FieldDecl &Field,
                                            ASTContext &Context) {
  const auto *Record = dyn_cast<CXXRecordDecl>(Field.getParent());
  if (!Record || !Record->hasDefinition() || Record->hasFriends())
    return;
  // Every member function must be visible: a join may be in another file.
  llvm::SmallVector<const FunctionDecl *, 16> Bodies;
  for (const Decl *D : Record->decls()) {
    if (isa<FunctionTemplateDecl>(D))
      return;
    const auto *Method = dyn_cast<CXXMethodDecl>(D);
    if (!Method || Method->isDefaulted() || Method->isDeleted() ||
        Method->isPureVirtual())
      continue;
    const FunctionDecl *Definition = nullptr;
    if (!Method->hasBody(Definition))
      return;
    Bodies.push_back(Definition);
  }
  // Where it is started; any other use (a join, a loop over the container,
  // a move, a call with it) may join it: stay quiet then.
  const Stmt *FirstStart = nullptr;
  SourceManager &SM = Context.getSourceManager();
  auto NoteStart = [&](const Stmt *S) {
    if (!FirstStart || SM.isBeforeInTranslationUnit(S->getBeginLoc(),
                                                    FirstStart->getBeginLoc()))
      FirstStart = S;
  };
  for (const FunctionDecl *Definition : Bodies) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Definition))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->getMember() == &Field && Init->isWritten())
          if (const auto *Construct =
                  dyn_cast<CXXConstructExpr>(Init->getInit()->IgnoreImplicit());
              Construct && Construct->getNumArgs() > 0 &&
              !Construct->getConstructor()->isCopyOrMoveConstructor())
            NoteStart(Construct);
  }
  // Threads owned through raw pointers: `std::thread *`, an array or a
  // container of them.
  QualType Held = Field.getType();
  bool Single = true;
  if (const auto *Array = Context.getAsConstantArrayType(Held)) {
    Held = Array->getElementType();
    Single = false;
  } else if (const auto *Spec =
                 dyn_cast_or_null<ClassTemplateSpecializationDecl>(
                     Held->getAsCXXRecordDecl());
             Spec && Spec->getTemplateArgs().size() > 0 &&
             Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
    Held = Spec->getTemplateArgs()[0].getAsType();
    Single = false;
  }
  const bool Pointers = Held->isPointerType();
  // The threads given to the member (`m = std::thread(...)`,
  // `v.push_back(std::thread(...))`), whose type a fix changes too.
  llvm::SmallVector<const Expr *, 4> Values;
  auto IsNew = [](const Expr *E) {
    return isa<CXXNewExpr>(E->IgnoreParenImpCasts());
  };
  bool OnlyStarted =
      forEachFieldUse(Field, [&](const MemberExpr &Member, const Stmt *User,
                                 const ParentMap &Parents) {
        if (Pointers) {
          // `threads_[i] = new std::thread(...)`, `t_ = new ...`.
          const Stmt *Target = &Member;
          if (isa_and_nonnull<ArraySubscriptExpr>(User) ||
              (isa_and_nonnull<CXXOperatorCallExpr>(User) &&
               cast<CXXOperatorCallExpr>(User)->getOperator() ==
                   OO_Subscript)) {
            Target = User;
            User = Parents.getParent(User);
            while (User && isa<ImplicitCastExpr, ParenExpr>(User))
              User = Parents.getParent(User);
          }
          if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(User);
              Assign && Assign->getOpcode() == BO_Assign &&
              Assign->getLHS()->IgnoreParenImpCasts() == Target) {
            if (!IsNew(Assign->getRHS()))
              return false;
            NoteStart(Assign);
            return true;
          }
          if (Target != &Member)
            return false;
          const CXXMemberCallExpr *Call = callOnMember(User, Parents);
          if (Call && isCallNamed(Call, {"push_back", "emplace_back",
                                         "push_front", "emplace_front"})) {
            if (Call->getNumArgs() != 1 || !IsNew(Call->getArg(0)))
              return false;
            NoteStart(Call);
            return true;
          }
          return Call && isCallNamed(Call, {"size", "empty", "reserve",
                                            "resize", "capacity"});
        }
        if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(User);
            Op && Op->getOperator() == OO_Equal &&
            Op->getArg(0)->IgnoreParenImpCasts() == &Member) {
          const CXXConstructExpr *Construct = constructionOf(Op->getArg(1));
          if (!Construct || Construct->getNumArgs() == 0 ||
              Construct->getConstructor()->isCopyOrMoveConstructor())
            return false;
          NoteStart(Op);
          Values.push_back(Op->getArg(1));
          return true;
        }
        // `workers_.emplace_back(...)` and friends.
        const CXXMemberCallExpr *Call = callOnMember(User, Parents);
        if (Call && isCallNamed(Call, {"emplace_back", "push_back", "emplace",
                                       "push_front", "emplace_front"})) {
          bool Joining = false;
          if (Call->getNumArgs() > 0 &&
              !isThreadClass(Call->getArg(0)->getType()->getAsCXXRecordDecl(),
                             Joining))
            NoteStart(Call);
          else if (Call->getNumArgs() > 0)
            Values.push_back(Call->getArg(0));
          return true;
        }
        return Call && isCallNamed(Call, {"joinable", "get_id", "size", "empty",
                                          "reserve", "capacity"});
      });
  if (!OnlyStarted)
    return;
  if (!FirstStart || ReportedFields.contains(&Field))
    return;
  if (SM.isInSystemHeader(FirstStart->getBeginLoc()))
    return;
  bool Container = !Single;
  if (Pointers)
    diag(FirstStart->getBeginLoc(),
         "%select{thread|threads of}0 member %1 %select{is|are}0 started here "
         "with 'new' but no member function of %2 joins or deletes "
         "%select{it|them}0; %select{it is|they are}0 never joined and "
         "%select{its|their}0 'std::thread' %select{object is|objects are}0 "
         "never freed")
        << (Container ? 1 : 0) << &Field << Record;
  else {
    std::vector<FixItHint> Fixes;
    if (!unjoinedMemberFix(Field, Container, Values, Fixes, Context))
      Fixes.clear();
    auto Diagnostic =
        diag(FirstStart->getBeginLoc(),
             "%select{thread|threads of}0 member %1 %select{is|are}0 started "
             "here but no member function of %2 joins or detaches "
             "%select{it|them}0; destroying a joinable thread calls "
             "'std::terminate'")
        << (Container ? 1 : 0) << &Field << Record;
    for (const FixItHint &Fix : Fixes)
      Diagnostic << Fix;
  }
  diag(Field.getLocation(), "%0 declared here", DiagnosticIDs::Note) << &Field;
}

bool UncancellableThreadCheck::unjoinedMemberFix(
    const FieldDecl &Field, bool Container, llvm::ArrayRef<const Expr *> Values,
    std::vector<FixItHint> &Fixes, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = getLangOpts();
  const auto *Record = dyn_cast<CXXRecordDecl>(Field.getParent());
  if (!Record || !Record->getIdentifier() ||
      Record->getDescribedClassTemplate() ||
      !SM.isWrittenInMainFile(Field.getLocation()) ||
      Field.getBeginLoc().isMacroID() || !LangOpts.CPlusPlus11)
    return false;
  // The last member is destroyed first, while what the thread may use
  // still exists.
  const FieldDecl *Last = nullptr;
  for (const FieldDecl *F : Record->fields())
    Last = F;
  if (LangOpts.CPlusPlus20 && Last == &Field) {
    // std::jthread: its destructor joins (after a stop request the body
    // may ignore: it ends by itself, or it would be reported as endless).
    TypeLoc Type = Field.getTypeSourceInfo()->getTypeLoc();
    auto Member = Container ? renameType(firstTemplateArgument(Type), "thread",
                                         "jthread", SM, LangOpts)
                            : toJThread(Type, SM, LangOpts);
    if (!Member)
      return false;
    Fixes.push_back(*Member);
    for (const Expr *Value : Values) {
      const Expr *Written = Value->IgnoreImplicit();
      TypeLoc Loc;
      if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Written))
        Loc = Cast->getTypeInfoAsWritten()->getTypeLoc();
      else if (const auto *Temporary =
                   dyn_cast<CXXTemporaryObjectExpr>(Written))
        Loc = Temporary->getTypeSourceInfo()->getTypeLoc();
      auto Fix = toJThread(Loc, SM, LangOpts);
      if (!Fix)
        return false;
      Fixes.push_back(*Fix);
    }
    return true;
  }
  // Before C++20, or a member declared before others: the destructor
  // joins, first thing.
  const std::string Name = Field.getNameAsString();
  std::vector<std::string> Join =
      Container ? std::vector<std::string>{"for (auto &thread : " + Name + ")",
                                           "  if (thread.joinable())",
                                           "    thread.join();"}
                : std::vector<std::string>{"if (" + Name + ".joinable())",
                                           "  " + Name + ".join();"};
  const CXXDestructorDecl *Dtor = Record->getDestructor();
  if (Dtor && Dtor->isUserProvided()) {
    const FunctionDecl *Definition = nullptr;
    const auto *Body =
        Dtor->hasBody(Definition)
            ? dyn_cast_or_null<CompoundStmt>(Definition->getBody())
            : nullptr;
    if (!Body || Body->getLBracLoc().isMacroID() ||
        !SM.isWrittenInMainFile(Body->getLBracLoc()))
      return false;
    std::string Inner =
        leakguard::analysis::indentationOf(Definition->getBeginLoc(), SM) +
        "  ";
    std::string Text;
    for (const std::string &Line : Join)
      Text += "\n" + Inner + Line;
    Fixes.push_back(afterBrace(*Body, Text, Inner, SM));
    return true;
  }
  if (Dtor && !Dtor->isImplicit())
    return false;
  std::vector<std::string> Public = {"~" + Record->getNameAsString() + "() {"};
  for (const std::string &Line : Join)
    Public.push_back("  " + Line);
  Public.push_back("}");
  return addAtClassEnd(*Record, Public, {}, SM, Fixes);
}

unsigned UncancellableThreadCheck::borrowingCalls(
    const Stmt *Body, const VarDecl *Var, const CallExpr **DetachedBy,
    llvm::DenseSet<const Expr *> *Borrowed) {
  unsigned Count = 0;
  for (auto [Call, Index] : leakguard::analysis::callsGiven(Body, Var)) {
    leakguard::analysis::ThreadUse Use =
        Callees.use(Call->getDirectCallee(), Index);
    if (Use == leakguard::analysis::ThreadUse::Borrows) {
      ++Count;
      if (Borrowed)
        leakguard::analysis::forEachStatement(
            Call->getArg(Index), [&](const Stmt *S) {
              if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
                  Ref && Ref->getDecl() == Var)
                Borrowed->insert(Ref);
              return true;
            });
    } else if (Use == leakguard::analysis::ThreadUse::Detaches && DetachedBy &&
               !*DetachedBy) {
      *DetachedBy = Call;
    }
  }
  return Count;
}

void UncancellableThreadCheck::onEndOfTranslationUnit() {
  // A file that calls pthread_cancel stops its threads that way.
  if (!CancelsThreads)
    for (const PendingPthread &Pending : PendingPthreads) {
      diag(Pending.Call->getBeginLoc(),
           "%select{thread|detached thread}0 started by 'pthread_create' runs "
           "an endless loop that nothing can stop; give the loop a stop flag "
           "and join the thread on shutdown")
          << (Pending.Detached ? 1 : 0);
      noteLoop(Pending.Loop);
    }
  PendingPthreads.clear();
  CancelsThreads = false;
  for (const FieldDecl *Field : Fields)
    analyzeField(*Field, Field->getASTContext());
  Fields.clear();
  ReportedFields.clear();
  Analyzed.clear();
  Seen.clear();
  SeenLocations.clear();
  ReportedContainers.clear();
  Callees.clear();
  Summaries.flush();
}

} // namespace clang::tidy::leak
