//===--- ThrowOracle.cpp - may this call throw? ---------------------------===//

#include "analysis/ThrowOracle.h"
#include "analysis/Summarize.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

using namespace clang;
using clang::tidy::utils::ExceptionAnalyzer;

namespace leakguard::analysis {

static bool isNothrowType(QualType Type) {
  if (const auto *Proto = Type->getAs<FunctionProtoType>())
    return Proto->canThrow() == CT_Cannot;
  return false;
}

/// The standard containers and strings, whose operations throw only when
/// memory runs out or a size overflows (what std::bad_alloc stands for),
/// except for the checked accessor at().
static bool isStdContainer(const CXXRecordDecl *Record) {
  if (!Record || !Record->isInStdNamespace() || !Record->getIdentifier())
    return false;
  return llvm::is_contained({"basic_string",
                             "vector",
                             "deque",
                             "list",
                             "forward_list",
                             "map",
                             "multimap",
                             "set",
                             "multiset",
                             "unordered_map",
                             "unordered_multimap",
                             "unordered_set",
                             "unordered_multiset",
                             "basic_string_view",
                             "queue",
                             "stack",
                             "priority_queue",
                             "shared_ptr",
                             "weak_ptr",
                             "unique_ptr",
                             "basic_ostringstream",
                             "basic_stringstream"},
                            Record->getName());
}

/// The standard library's calls that throw only on misuse or when a stream
/// was asked to (`exceptions()`): stream insertion and extraction, and a
/// thread's join and detach.
static bool throwsOnlyOnRequestOrMisuse(const FunctionDecl *Callee) {
  auto IsStream = [](const CXXRecordDecl *Record) {
    return Record && Record->isInStdNamespace() && Record->getIdentifier() &&
           llvm::is_contained({"basic_ostream", "basic_istream",
                               "basic_iostream", "basic_ios"},
                              Record->getName());
  };
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee)) {
    const CXXRecordDecl *Record = Method->getParent();
    if (IsStream(Record))
      return true;
    if (Record->isInStdNamespace() && Record->getIdentifier() &&
        (Record->getName() == "thread" || Record->getName() == "jthread") &&
        Method->getIdentifier() &&
        llvm::is_contained({"join", "detach", "joinable"}, Method->getName()))
      return true;
  }
  // `std::cerr << "..."`, `out << value` into a standard stream.
  if (Callee->isOverloadedOperator() && Callee->getNumParams() > 0)
    return IsStream(Callee->getParamDecl(0)
                        ->getType()
                        .getNonReferenceType()
                        ->getAsCXXRecordDecl());
  return false;
}

static bool onlyAllocationFailures(const FunctionDecl *Callee) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee))
    return isStdContainer(Method->getParent()) &&
           !(Method->getIdentifier() && Method->getName() == "at");
  // `a + b`, `a == b` on strings.
  if (Callee->isOverloadedOperator() && Callee->isInStdNamespace())
    return llvm::any_of(Callee->parameters(), [](const ParmVarDecl *Param) {
      return isStdContainer(
          Param->getType().getNonReferenceType()->getAsCXXRecordDecl());
    });
  return false;
}

std::optional<bool> ThrowOracle::bodyMayThrow(const FunctionDecl *Callee,
                                              unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  if (Depth > 3 || !Callee->hasBody(Definition) ||
      Definition->getASTContext().getSourceManager().isInSystemHeader(
          Definition->getLocation()))
    return std::nullopt;
  if (auto It = Bodies.find(Definition); It != Bodies.end())
    return It->second;
  Bodies[Definition] = true; // Recursion: assume the worst until known.
  bool Throws = false;
  llvm::SmallVector<const Stmt *, 32> Work = {Definition->getBody()};
  while (!Work.empty() && !Throws) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (isa<CXXThrowExpr, CXXTryStmt>(S)) {
      Throws = true; // A try may rethrow: not worth telling apart here.
      break;
    }
    if (const auto *E = dyn_cast<Expr>(S);
        E && (E->isTypeDependent() || E->isValueDependent())) {
      Throws = true;
      break;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *Inner = Call->getDirectCallee();
      if (!Inner || mayThrow(Inner, Depth + 1)) {
        Throws = !Inner ? !isNothrowType(Call->getCallee()->getType()) &&
                              UnknownCallsMayThrow
                        : true;
        if (Throws)
          break;
      }
    }
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
      if (const CXXConstructorDecl *Ctor = Construct->getConstructor();
          Ctor && !Ctor->isTrivial() && mayThrow(Ctor, Depth + 1)) {
        Throws = true;
        break;
      }
    llvm::append_range(Work, S->children());
  }
  Bodies[Definition] = Throws;
  return Throws;
}

bool ThrowOracle::mayThrow(const FunctionDecl *Callee, unsigned Depth) {
  if (Callee->isExternC() || Callee->getBuiltinID() != 0 ||
      isNothrowType(Callee->getType()) ||
      (!AllocationFailuresThrow && onlyAllocationFailures(Callee)) ||
      throwsOnlyOnRequestOrMisuse(Callee))
    return false;
  // A function of the file whose body neither throws nor calls anything
  // that may (C functions, noexcept ones, other such functions) does not
  // throw, whatever the exception analysis makes of its callees.
  if (std::optional<bool> Body = bodyMayThrow(Callee, Depth); Body && !*Body)
    return false;
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && Method->isTrivial())
    return false;
  // A noreturn function whose body is elsewhere ends the program (abort,
  // exit, an assertion handler): it does not leave by an exception. One
  // that throws is caught when its body is visible.
  // (The standard library's throw helpers, std::__throw_*, are noreturn
  // too, and do throw.)
  if ((Callee->isNoReturn() || Callee->hasAttr<AnalyzerNoReturnAttr>()) &&
      !Callee->hasBody() &&
      !(Callee->isInStdNamespace() && Callee->getIdentifier() &&
        Callee->getName().starts_with("__throw_")))
    return false;
  // Defined in another unit: its summary, or (while summarizing this one)
  // a question for the merge.
  if (!Callee->hasBody() &&
      !Callee->getASTContext().getSourceManager().isInSystemHeader(
          Callee->getLocation())) {
    if (std::optional<bool> Known = summaryMayThrow(Callee, /*Virtual=*/false))
      return *Known;
    if (Deferred && !summaryKey(Callee).empty()) {
      Deferred->push_back(Callee);
      return false;
    }
  }
  switch (Analyzer.analyze(Callee).getBehaviour()) {
  case ExceptionAnalyzer::State::Throwing:
    return true;
  case ExceptionAnalyzer::State::NotThrowing:
    return false;
  case ExceptionAnalyzer::State::Unknown:
    return UnknownCallsMayThrow;
  }
  return UnknownCallsMayThrow;
}

std::optional<bool> ThrowOracle::summaryMayThrow(const FunctionDecl *Callee,
                                                 bool Virtual) {
  if (!Summaries && !Deferred && !SummaryRecorder::get().enabled())
    return std::nullopt;
  std::string Key = summaryKey(Callee);
  if (Key.empty())
    return std::nullopt;
  SummaryRecorder::get().ask(Key, Virtual ? "overriders" : "throws",
                             Summaries.get());
  if (!Summaries)
    return std::nullopt;
  summary::ThrowFact Fact = summary::ThrowFact::Unknown;
  if (Virtual)
    Fact = Summaries->overridersThrow(Key);
  else if (const FunctionSummary *S = Summaries->find(Key))
    Fact = S->Throws;
  if (Fact == summary::ThrowFact::Unknown)
    return std::nullopt;
  return Fact == summary::ThrowFact::May;
}

std::optional<bool>
ThrowOracle::summarizeThrows(const FunctionDecl *Function,
                             std::vector<const FunctionDecl *> &Sink) {
  // What was learned without deferring does not hold with it, and back.
  Bodies.clear();
  Deferred = &Sink;
  std::optional<bool> Throws = bodyMayThrow(Function, 0);
  Deferred = nullptr;
  Bodies.clear();
  return Throws;
}

bool ThrowOracle::mayThrow(const Stmt *S) {
  // In a template, a dependent call is resolved per instantiation: nothing
  // can be said of it here.
  if (const auto *E = dyn_cast<Expr>(S);
      E && (E->isTypeDependent() || E->isValueDependent()))
    return false;
  // A virtual call: what runs is one of the overriders the other units
  // define. When the summaries know them all to throw or not, and the
  // method itself agrees (pure, or its body in sight), that decides.
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
    if (const CXXMethodDecl *Method = Member->getMethodDecl();
        Method && Method->isVirtual() && !Method->hasAttr<FinalAttr>() &&
        !(isa<MemberExpr>(Member->getCallee()) &&
          cast<MemberExpr>(Member->getCallee())->hasQualifier())) {
      std::optional<bool> Overriders =
          summaryMayThrow(Method, /*Virtual=*/true);
      if (Overriders && *Overriders)
        return true;
      if (Overriders && (Method->isPureVirtual() || !mayThrow(Method)))
        return false;
    }
  if (const auto *Call = dyn_cast<CallExpr>(S)) {
    if (const FunctionDecl *Callee = Call->getDirectCallee())
      return mayThrow(Callee);
    // A call through a pointer: only its type can tell.
    QualType CalleeType = Call->getCallee()->getType();
    if (const auto *Pointer = CalleeType->getAs<PointerType>())
      CalleeType = Pointer->getPointeeType();
    if (isNothrowType(CalleeType))
      return false;
    return UnknownCallsMayThrow;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(S)) {
    const CXXConstructorDecl *Ctor = Construct->getConstructor();
    return Ctor && !Ctor->isTrivial() && mayThrow(Ctor);
  }
  // `new T`: std::bad_alloc, unless its operator new cannot throw
  // (`new (std::nothrow) T`).
  if (const auto *New = dyn_cast<CXXNewExpr>(S))
    return AllocationFailuresThrow && New->getOperatorNew() &&
           !isNothrowType(New->getOperatorNew()->getType()) &&
           New->getNumPlacementArgs() == 0;
  return false;
}

/// Whether \p Record is `std::thread` or `std::jthread`.
static bool isThreadClass(const CXXRecordDecl *Record) {
  return Record && (hasQualifiedName(Record, "std::thread") ||
                    hasQualifiedName(Record, "std::jthread"));
}

/// Whether \p Arg is the first argument of \p Use, a construction of a
/// thread (`std::thread t(task, i)`) or an emplacement into a container of
/// threads (`threads.emplace_back(task, i)`): the callable the new thread
/// runs.
static bool startsThreadWith(const Stmt *Use, const Stmt *Arg) {
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Use))
    return Construct->getNumArgs() > 0 && Construct->getArg(0) == Arg &&
           isThreadClass(Construct->getConstructor()->getParent());
  const auto *Call = dyn_cast<CXXMemberCallExpr>(Use);
  const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
  if (!Method || !Method->getIdentifier() || Call->getNumArgs() == 0 ||
      Call->getArg(0) != Arg ||
      !llvm::is_contained({"emplace_back", "emplace_front", "emplace"},
                          Method->getName()))
    return false;
  const auto *Container =
      dyn_cast<ClassTemplateSpecializationDecl>(Method->getParent());
  if (!Container || !Container->isInStdNamespace() ||
      Container->getTemplateArgs().size() == 0 ||
      Container->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return false;
  return isThreadClass(
      Container->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl());
}

/// Whether the value of \p E (the closure of class \p Closure, or a
/// variable holding it) is only the callable of a new thread: its parent,
/// past parentheses, casts, temporaries and copies of the closure, starts
/// a thread with it.
static bool isThreadCallable(const Stmt *E, const ParentMap &Parents,
                             const CXXRecordDecl *Closure) {
  const Stmt *Child = E;
  const Stmt *P = Parents.getParent(E);
  while (P && (isa<ParenExpr, ImplicitCastExpr, MaterializeTemporaryExpr,
                   CXXBindTemporaryExpr, ExprWithCleanups>(P) ||
               (isa<CXXConstructExpr>(P) && !isa<CXXTemporaryObjectExpr>(P) &&
                cast<CXXConstructExpr>(P)->getConstructor()->getParent() ==
                    Closure))) {
    Child = P;
    P = Parents.getParent(P);
  }
  return P && startsThreadWith(P, Child);
}

/// Whether the lambda whose call operator is \p Operator is only a
/// thread's callable (see exceptionsEndTheProcess()).
static bool onlyRunsAsThread(const CXXMethodDecl *Operator) {
  const CXXRecordDecl *Closure = Operator->getParent();
  const auto *Enclosing =
      dyn_cast_or_null<FunctionDecl>(Closure->getDeclContext());
  const Stmt *Body = Enclosing ? Enclosing->getBody() : nullptr;
  if (!Body)
    return false;
  ParentMap Parents(const_cast<Stmt *>(Body));
  const LambdaExpr *Lambda = nullptr;
  forEachStatement(Body, [&](const Stmt *S) {
    if (const auto *L = dyn_cast<LambdaExpr>(S);
        L && L->getLambdaClass() == Closure)
      Lambda = L;
    return true;
  });
  if (!Lambda)
    return false;
  if (isThreadCallable(Lambda, Parents, Closure))
    return true;
  // `auto task = [&] { ... };`: every use of the variable starts a thread.
  const Stmt *Child = Lambda;
  const Stmt *P = Parents.getParent(Lambda);
  while (P &&
         isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
             ExprWithCleanups, CXXConstructExpr>(P)) {
    Child = P;
    P = Parents.getParent(P);
  }
  const auto *Decl = dyn_cast_or_null<DeclStmt>(P);
  const auto *Var = Decl && Decl->isSingleDecl()
                        ? dyn_cast<VarDecl>(Decl->getSingleDecl())
                        : nullptr;
  if (!Var || Var->getInit() != Child || !Var->hasLocalStorage())
    return false;
  bool Uses = false, Others = false;
  forEachStatement(Body, [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (Ref && Ref->getDecl() == Var) {
      Uses = true;
      Others = Others || !isThreadCallable(Ref, Parents, Closure);
    }
    return true;
  });
  return Uses && !Others;
}

bool exceptionsEndTheProcess(const FunctionDecl *Function) {
  if (!Function)
    return false;
  if (isNothrowType(Function->getType()))
    return true;
  const auto *Method = dyn_cast<CXXMethodDecl>(Function);
  return Method && Method->getParent()->isLambda() &&
         Method->getOverloadedOperator() == OO_Call && onlyRunsAsThread(Method);
}

bool isInTryBlock(const Stmt *S, const ParentMap &Parents) {
  const Stmt *Child = S;
  for (const Stmt *P = Parents.getParent(S); P;
       Child = P, P = Parents.getParent(P))
    if (const auto *Try = dyn_cast<CXXTryStmt>(P);
        Try && Try->getTryBlock() == Child)
      return true;
  return false;
}

llvm::SmallVector<const Stmt *, 4>
outermostSites(llvm::ArrayRef<const Stmt *> Sites, const ParentMap &Parents,
               const SourceManager &SM) {
  llvm::SmallVector<const Stmt *, 4> Outer;
  for (const Stmt *Site : Sites)
    if (llvm::none_of(Sites, [&](const Stmt *Other) {
          return Other != Site && isAncestor(Other, Site, Parents);
        }))
      Outer.push_back(Site);
  llvm::sort(Outer, [&](const Stmt *A, const Stmt *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  });
  return Outer;
}

} // namespace leakguard::analysis
