//===--- Summarize.cpp - what a translation unit tells the others ---------===//

#include "analysis/Summarize.h"
#include "analysis/AstHelpers.h"
#include "analysis/HandleUses.h"
#include "analysis/OwnershipPolicy.h"
#include "analysis/Protocols.h"
#include "analysis/ThreadModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <csignal>
#include <map>
#include <tuple>
#include <unistd.h>
#include <utility>
#ifdef __linux__
#include <sys/prctl.h>
#endif

using namespace clang;

namespace leakguard::analysis {

std::string summaryKey(const FunctionDecl *Function) {
  if (!Function)
    return "";
  Function = Function->getCanonicalDecl();
  if (!Function->isExternallyVisible() || Function->isDependentContext() ||
      Function->getTemplatedKind() == FunctionDecl::TK_FunctionTemplate)
    return "";
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(Function, USR))
    return "";
  return std::string(USR);
}

std::string containerKey(const ValueDecl *D) {
  if (!D || D->isInvalidDecl())
    return "";
  if (const auto *Var = dyn_cast<VarDecl>(D)) {
    if (!Var->hasGlobalStorage() || Var->isStaticLocal() ||
        !Var->isExternallyVisible() ||
        Var->getTemplateSpecializationKind() != TSK_Undeclared ||
        Var->getDeclContext()->isDependentContext())
      return "";
  } else if (const auto *Field = dyn_cast<FieldDecl>(D)) {
    const auto *Record = dyn_cast<CXXRecordDecl>(Field->getParent());
    if (!Record || !Record->isExternallyVisible() ||
        Record->isDependentContext() ||
        isa<ClassTemplateSpecializationDecl>(Record) || Record->isLocalClass())
      return "";
  } else {
    return "";
  }
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(D->getCanonicalDecl(), USR))
    return "";
  return std::string(USR);
}

ContainerSummary containerSummary(const ValueDecl *D) {
  ContainerSummary Summary;
  if (const auto *Field = dyn_cast<FieldDecl>(D))
    Summary.Name = Field->getParent()->getQualifiedNameAsString() +
                   "::" + Field->getNameAsString();
  else
    Summary.Name = D->getQualifiedNameAsString();
  PrintingPolicy Policy(D->getASTContext().getLangOpts());
  Policy.SuppressTagKeyword = true;
  Summary.Type = D->getType().getCanonicalType().getAsString(Policy);
  return Summary;
}

std::string resourceName(const ResourceApi &Api) {
  return Api.Acquirers.empty() ? "" : Api.Acquirers.front();
}

namespace {

/// For a release by `delete`: no API.
const ResourceApi NoApi{};

/// What the walk over the whole unit (summarizeUnit) gathers about one
/// function, statement by statement: the mutexes it unlocks and locks, what
/// it does to the threads it receives. No walk of its own.
struct FunctionWalk {
  explicit FunctionWalk(const FunctionDecl &Function) : Threads(Function) {}
  UnlockScan Locks;
  ThreadParamUses Threads;
};

/// Summarizes the functions of one unit, with the models of the checks.
class Summarizer {
public:
  Summarizer(const ResourceModel &Model, const ResourceModel &Heap)
      : Model(Model), Heap(Heap), Facts(Model), Oracle(true) {}

  FunctionSummary summarize(const FunctionDecl *Function,
                            const FunctionWalk &Walk);

private:
  /// The resource the value \p E acquired fresh, with the functions of
  /// other units whose answer decides it in \p From; false when it is
  /// something else.
  bool returnedResource(const Expr *E, std::string &Resource,
                        std::vector<std::string> &From, unsigned Depth);
  /// Whether every non-null return of \p Definition gives a fresh
  /// acquisition of one resource (see returnedResource).
  bool returnsOf(const FunctionDecl *Definition, std::string &Resource,
                 std::vector<std::string> &From, unsigned Depth);
  ParamSummary param(const FunctionDecl *Function, unsigned Index);
  /// The releases (an API's, or `delete`) that give back parameter
  /// \p Index of \p Function somewhere, in it or in the functions of this
  /// unit it passes the parameter to.
  void releaseCandidates(
      const FunctionDecl *Function, unsigned Index,
      std::vector<std::pair<const ResourceApi *, bool>> &Candidates,
      unsigned Depth);
  /// releaseCandidates() of a definition's parameter at a depth, in the
  /// order found: a parameter handed down the unit's calls (`client *c`)
  /// reaches the same functions from every call, and their bodies are
  /// walked once.
  std::map<std::tuple<const FunctionDecl *, unsigned, unsigned>,
           std::vector<std::pair<const ResourceApi *, bool>>>
      CandidatesOf;
  void throws(const FunctionDecl *Function, FunctionSummary &Summary);
  /// What it unlocks for its caller, and does to the threads it receives.
  void handovers(const FunctionDecl *Function, const FunctionWalk &Walk,
                 FunctionSummary &Summary);

  const ResourceModel &Model;
  const ResourceModel &Heap;
  CalleeFacts Facts;
  ThrowOracle Oracle;
};

bool Summarizer::returnedResource(const Expr *E, std::string &Resource,
                                  std::vector<std::string> &From,
                                  unsigned Depth) {
  E = E->IgnoreParenCasts();
  auto Agree = [&](const std::string &Name) {
    if (!Resource.empty() && Resource != Name)
      return false;
    Resource = Name;
    return true;
  };
  if (bool Array = false; isa<CXXNewExpr>(E))
    return isFreshNew(E, Array) && Agree(Array ? "new[]" : "new");
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return false;
  for (const ResourceModel *M : {&Heap, &Model})
    if (const ResourceApi *Api = M->acquiredBy(Callee))
      return Api->OutParam < 0 && Agree(resourceName(*Api));
  const FunctionDecl *Definition = nullptr;
  if (Callee->hasBody(Definition))
    // A wrapper of this unit, a few calls deep.
    return Depth < 3 && returnsOf(Definition, Resource, From, Depth + 1);
  // Another unit's function: its summary decides.
  std::string Key = summaryKey(Callee);
  if (Key.empty() ||
      Callee->getASTContext().getSourceManager().isInSystemHeader(
          Callee->getLocation()))
    return false;
  From.push_back(Key);
  return true;
}

bool Summarizer::returnsOf(const FunctionDecl *Definition,
                           std::string &Resource,
                           std::vector<std::string> &From, unsigned Depth) {
  if (!Definition->getReturnType()->isPointerType())
    return false;
  // Every return gives a fresh acquisition (of one resource) or null.
  if (!everyReturnedValue(*Definition, [&](const Expr *Value) {
        return returnedResource(Value, Resource, From, Depth);
      }))
    return false;
  return !Resource.empty() || !From.empty();
}

/// Whether every use of \p Param in \p Body is a borrow but for arguments
/// of calls to one function of another unit (\p Callee's argument
/// \p Index): the parameter is passed on to it.
static bool onlyPassedOn(const ParmVarDecl *Param, const Stmt *Body,
                         const ParentMap &Parents, std::string &Callee,
                         unsigned &Index) {
  bool Passed = true;
  forEachStatement(Body, [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (!Passed || !Ref || Ref->getDecl() != Param)
      return Passed;
    const Stmt *User =
        Parents.getParentIgnoreParenImpCasts(const_cast<DeclRefExpr *>(Ref));
    if (onlyTests(User))
      return false;
    const auto *Call = dyn_cast_or_null<CallExpr>(User);
    const FunctionDecl *Target = Call ? Call->getDirectCallee() : nullptr;
    if (!Target || Target->hasBody()) {
      Passed = false;
      return false;
    }
    std::string Key = summaryKey(Target);
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
      if (Call->getArg(I)->IgnoreParenImpCasts() == Ref) {
        if (Key.empty() || (!Callee.empty() && (Callee != Key || Index != I)))
          Passed = false;
        Callee = Key;
        Index = I;
      }
    return false;
  });
  return Passed && !Callee.empty();
}

void Summarizer::releaseCandidates(
    const FunctionDecl *Function, unsigned Index,
    std::vector<std::pair<const ResourceApi *, bool>> &Candidates,
    unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  if (Depth > 3 || !Function || !Function->hasBody(Definition) ||
      Index >= Definition->getNumParams())
    return;
  auto Merge = [&](ArrayRef<std::pair<const ResourceApi *, bool>> Found) {
    for (const auto &Candidate : Found)
      if (!llvm::is_contained(Candidates, Candidate))
        Candidates.push_back(Candidate);
  };
  auto Key = std::make_tuple(Definition, Index, Depth);
  if (auto It = CandidatesOf.find(Key); It != CandidatesOf.end()) {
    Merge(It->second);
    return;
  }
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  std::vector<std::pair<const ResourceApi *, bool>> Found;
  auto Add = [&](const ResourceApi *Api, bool Deletes) {
    if (!llvm::is_contained(Found, std::make_pair(Api, Deletes)))
      Found.push_back({Api, Deletes});
  };
  forEachStatement(Definition->getBody(), [&](const Stmt *S) {
    if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S);
        Delete && refersTo(Delete->getArgument(), Param))
      Add(&NoApi, true);
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      return true;
    // The arguments first: most calls do not get the parameter, and naming
    // the callee against every API is the costly part (#14).
    SmallVector<unsigned, 2> Passed;
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
      if (refersTo(Call->getArg(I), Param))
        Passed.push_back(I);
    if (Passed.empty())
      return true;
    for (const ResourceModel *M : {&Heap, &Model})
      for (const ResourceApi *Api : M->releasedBy(Call->getDirectCallee()))
        if (llvm::is_contained(Passed, Api->ReleaseArg))
          Add(Api, false);
    // What a function of this unit that gets it releases it with.
    for (unsigned I : Passed)
      releaseCandidates(Call->getDirectCallee(), I, Found, Depth + 1);
    return true;
  });
  Merge(Found);
  CandidatesOf.try_emplace(Key, std::move(Found));
}

ParamSummary Summarizer::param(const FunctionDecl *Function, unsigned Index) {
  ParamSummary Result;
  const ParmVarDecl *Param = Function->getParamDecl(Index);
  QualType Type = Param->getType();
  if (!Type->isPointerType() && !Type->isIntegralOrEnumerationType())
    return Result;
  const Stmt *Body = Function->getBody();
  // Released on every path: by `delete`, or by a release of one of the
  // APIs the body calls on it.
  std::vector<std::pair<const ResourceApi *, bool>> Candidates;
  releaseCandidates(Function, Index, Candidates, 0);
  // Kept by something that outlives the call (not returned to the caller,
  // not copied into a local), itself or through locals that take its value
  // (`char *out = buf; ... *result = out;`).
  bool Stores = false;
  forEachStatement(Body, [&](const Stmt *S) {
    Stores = Stores || (!isa<ReturnStmt, DeclStmt>(S) && handsOn(S, Param));
    return !Stores;
  });
  Stores =
      Stores || (Type->isPointerType() && storesOutsideThrough(Body, Param));
  for (auto [Api, Deletes] : Candidates)
    if (Facts.releasesParameter(Function, Index, *Api, Deletes)) {
      Result.Use = ParamUse::Releases;
      Result.Resource = Deletes ? "delete" : resourceName(*Api);
      return Result;
    }
  // Kept only on the paths that return a success value (the summary says
  // which), neither kept nor released on the others.
  if (Type->isPointerType())
    if (const summary::KeptWhen *Kept = Facts.keptOnSuccess(Function, Index)) {
      Result.Use = ParamUse::Stores;
      Result.Kept = *Kept;
      return Result;
    }
  if (Stores) {
    Result.Use = ParamUse::Stores;
    return Result;
  }
  // Released on some paths only: neither a release nor a borrow.
  if (!Candidates.empty())
    return Result;
  if (Type->isPointerType() && Facts.onlyBorrows(Function, Index, NoApi)) {
    Result.Use = ParamUse::Borrows;
    return Result;
  }
  if (onlyPassedOn(Param, Body, Facts.parentsOf(Function), Result.PassedTo,
                   Result.PassedIndex))
    return Result;
  Result.PassedTo.clear();
  return Result;
}

void Summarizer::throws(const FunctionDecl *Function,
                        FunctionSummary &Summary) {
  std::vector<const FunctionDecl *> Deferred;
  std::optional<bool> May = Oracle.summarizeThrows(Function, Deferred);
  if (!May)
    return;
  if (*May) {
    Summary.Throws = ThrowFact::May;
    return;
  }
  Summary.Throws = ThrowFact::Cannot;
  for (const FunctionDecl *Callee : Deferred) {
    std::string Key = summaryKey(Callee);
    if (!llvm::is_contained(Summary.ThrowsIf, Key))
      Summary.ThrowsIf.push_back(Key);
  }
}

void Summarizer::handovers(const FunctionDecl *Function,
                           const FunctionWalk &Walk, FunctionSummary &Summary) {
  auto Param = [&](unsigned Index) -> ParamSummary & {
    if (Summary.Params.size() <= Index)
      Summary.Params.resize(Index + 1);
    return Summary.Params[Index];
  };
  for (const ValueDecl *Root : Walk.Locks.unlockedForCaller()) {
    if (const auto *P = dyn_cast<ParmVarDecl>(Root)) {
      // (Not a parameter of a lambda inside it.)
      if (P->getDeclContext() == Function)
        Param(P->getFunctionScopeIndex()).Unlocks = true;
    } else if (std::string Key = containerKey(Root); !Key.empty()) {
      Summary.UnlocksGlobals.push_back(std::move(Key));
    }
  }
  llvm::sort(Summary.UnlocksGlobals);
  if (Walk.Threads.any())
    for (unsigned I = 0, E = Function->getNumParams(); I < E; ++I)
      if (ThreadUse Use = Walk.Threads.use(I); Use != ThreadUse::Unknown)
        Param(I).Thread = Use;
}

FunctionSummary Summarizer::summarize(const FunctionDecl *Function,
                                      const FunctionWalk &Walk) {
  FunctionSummary Summary;
  Summary.Name = Function->getQualifiedNameAsString();
  std::string Resource;
  std::vector<std::string> From;
  if (returnsOf(Function, Resource, From, 0)) {
    Summary.Acquires = Resource;
    Summary.ReturnsFrom = std::move(From);
  }
  for (unsigned I = 0, E = Function->getNumParams(); I < E; ++I)
    Summary.Params.push_back(param(Function, I));
  handovers(Function, Walk, Summary);
  while (!Summary.Params.empty() && Summary.Params.back() == ParamSummary())
    Summary.Params.pop_back();
  throws(Function, Summary);
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Function))
    for (const CXXMethodDecl *Base : Method->overridden_methods())
      if (std::string Key = summaryKey(Base); !Key.empty())
        Summary.Overrides.push_back(Key);
  return Summary;
}

} // namespace

/// The absolute path of the main file of \p Context.
static std::string unitPath(const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  if (!Main)
    return "";
  llvm::SmallString<256> Path(Main->getName());
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

/// Calls \p Visit on each declaration at the top of the unit that starts
/// in its main file (or in a macro expanded there). What the summarizer
/// looks for (the functions the unit defines, the calls it makes) is
/// there; the headers' declarations, which a walk of the whole unit also
/// visits, are most of a C++ unit (the standard library's).
template <typename VisitFn>
static void forEachMainFileDecl(ASTContext &Context, VisitFn Visit) {
  const SourceManager &SM = Context.getSourceManager();
  for (Decl *D : Context.getTranslationUnitDecl()->decls())
    if (SM.isInMainFile(SM.getExpansionLoc(D->getBeginLoc())))
      Visit(D);
}

SummaryFile summarizeUnit(ASTContext &Context, const ResourceModel &Model,
                          const ResourceModel &Heap) {
  SummaryFile File;
  const SourceManager &SM = Context.getSourceManager();
  File.Unit = unitPath(Context);
  Summarizer S(Model, Heap);
  // The one walk of the unit: it finds the functions to summarize and hands
  // each statement of their bodies (and of the lambdas in them) to what
  // gathers facts statement by statement.
  struct Visitor : RecursiveASTVisitor<Visitor> {
    using Base = RecursiveASTVisitor<Visitor>;
    std::vector<const FunctionDecl *> Found;
    llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionWalk>> Walks;
    FunctionWalk *Current = nullptr;
    const SourceManager &SM;
    const LockModel Locks = LockModel::defaults();
    explicit Visitor(const SourceManager &SM) : SM(SM) {}
    bool shouldVisitTemplateInstantiations() const { return false; }
    bool TraverseDecl(Decl *D) {
      if (!isa_and_nonnull<FunctionDecl>(D))
        return Base::TraverseDecl(D);
      FunctionWalk *Outer = Current;
      Current = nullptr; // (Set when the function is one to summarize.)
      bool Result = Base::TraverseDecl(D);
      Current = Outer;
      return Result;
    }
    bool VisitFunctionDecl(FunctionDecl *F) {
      if (F->doesThisDeclarationHaveABody() && !F->isDependentContext() &&
          SM.isInMainFile(SM.getExpansionLoc(F->getLocation()))) {
        Found.push_back(F);
        auto &Walk = Walks[F];
        Walk = std::make_unique<FunctionWalk>(*F);
        Current = Walk.get();
      }
      return true;
    }
    bool VisitStmt(Stmt *St) {
      if (Current && isa<CallExpr>(St))
        Current->Locks.add(St, Locks);
      if (Current)
        Current->Threads.add(St);
      return true;
    }
  } V(SM);
  forEachMainFileDecl(Context, [&](Decl *D) { V.TraverseDecl(D); });
  for (const FunctionDecl *F : V.Found) {
    std::string Key = summaryKey(F);
    if (Key.empty())
      continue;
    FunctionSummary Summary = S.summarize(F, *V.Walks[F]);
    // Only what tells something: a function with no fact is unknown
    // anyway.
    if (Summary.Acquires.empty() && Summary.ReturnsFrom.empty() &&
        Summary.Params.empty() && Summary.Throws == ThrowFact::Unknown &&
        Summary.Overrides.empty() && Summary.UnlocksGlobals.empty())
      continue;
    File.Functions[Key] = std::move(Summary);
  }
  return File;
}

//===----------------------------------------------------------------------===//
// The recorder
//===----------------------------------------------------------------------===//

SummaryRecorder::SummaryRecorder()
    : Output(llvm::sys::Process::GetEnv("LEAKGUARD_SUMMARY_OUT").value_or("")),
      ParkPath(llvm::sys::Process::GetEnv("LEAKGUARD_PARK").value_or("")),
      Parent(::getppid()) {}

SummaryRecorder &SummaryRecorder::get() {
  static SummaryRecorder Recorder;
  return Recorder;
}

void SummaryRecorder::ask(llvm::StringRef Key, llvm::StringRef Facet,
                          const SummaryIndex *Index) {
  if (!enabled())
    return;
  std::string Question = summary::question(Key, Facet);
  std::lock_guard<std::mutex> Guard(Lock);
  if (Summarizing)
    return;
  auto [It, Inserted] = File.Asked.try_emplace(Question);
  if (!Inserted)
    return;
  It->second = Index ? Index->answer(Question) : "";
  Dirty = true;
}

void SummaryRecorder::summarize(ASTContext &Context, const ResourceModel &Model,
                                const ResourceModel &Heap) {
  if (!enabled())
    return;
  {
    std::lock_guard<std::mutex> Guard(Lock);
    if (Summarized == &Context)
      return;
    Summarized = &Context;
    Summarizing = true;
  }
  // (What the summarizer asks of other units is for the merge to answer,
  // not a question of the analysis.)
  SummaryFile Unit = summarizeUnit(Context, Model, Heap);
  // A call to a function of another unit that returns a pointer may
  // acquire: the checks follow it only when the summaries say so, so the
  // question is asked here for them.
  struct Calls : RecursiveASTVisitor<Calls> {
    const SourceManager &SM;
    std::vector<std::string> Keys;
    explicit Calls(const SourceManager &SM) : SM(SM) {}
    bool VisitCallExpr(CallExpr *Call) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      if (Callee && !Callee->hasBody() &&
          Callee->getReturnType()->isPointerType() &&
          SM.isInMainFile(SM.getExpansionLoc(Call->getBeginLoc())) &&
          !SM.isInSystemHeader(Callee->getLocation()))
        if (std::string Key = summaryKey(Callee); !Key.empty())
          Keys.push_back(std::move(Key));
      return true;
    }
  } Visitor(Context.getSourceManager());
  forEachMainFileDecl(Context, [&](Decl *D) { Visitor.TraverseDecl(D); });
  std::lock_guard<std::mutex> Guard(Lock);
  Summarizing = false;
  // Asked in settle(), after a parked unit read the summaries again.
  Acquirers = std::move(Visitor.Keys);
  File.Unit = std::move(Unit.Unit);
  File.Functions = std::move(Unit.Functions);
  Dirty = true;
}

void SummaryRecorder::settle(const ASTContext &Context,
                             const SummaryIndex *Index,
                             llvm::StringRef IndexPath) {
  if (!enabled())
    return;
  std::lock_guard<std::mutex> Guard(Lock);
  if (Settled == &Context)
    return;
  Settled = &Context;
  // Once per process: clang-tidy analyzes a file once for each of its
  // commands in the compile database, and `scan` lets it wait once.
  // LEAKGUARD_PARK is "<scan's pid>:<file>": a child whose parent is not
  // scan (a wrapper between them) does not wait, nobody would continue it.
  std::string Parking = std::exchange(ParkPath, std::string());
  auto [Pid, Park] = llvm::StringRef(Parking).split(':');
  if (!Park.empty() && Pid == std::to_string(Parent) && Index &&
      !IndexPath.empty() && park(Park.str()))
    // Refused when an answer the analysis already used would change: then
    // the unit keeps the summaries it started with, and `scan` analyzes it
    // again if its answers differ from the last merge's.
    Index->reread(IndexPath, File.Asked);
  for (const std::string &Key : Acquirers) {
    std::string Question = summary::question(Key, "acquires");
    if (!File.Asked.count(Question))
      File.Asked[Question] = Index ? Index->answer(Question) : "";
  }
  Acquirers.clear();
}

bool SummaryRecorder::park(const std::string &ParkPath) {
  // The summary first: the units this one waits for may wait for it.
  if (llvm::Error Err = summary::writeSummaryFile(Output, File)) {
    llvm::errs() << "leakguard: " << llvm::toString(std::move(Err)) << "\n";
    return false;
  }
  {
    std::error_code EC;
    llvm::raw_fd_ostream Marker(ParkPath, EC);
    if (EC)
      return false;
    Marker << "parked\n";
  }
  std::string Go = ParkPath + ".go";
#ifdef __linux__
  // Stopped, `scan` continues it once the units it calls wrote their
  // summaries; if `scan` ends first, so does this process.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != Parent)
    return false;
  ::raise(SIGSTOP);
  ::prctl(PR_SET_PDEATHSIG, 0);
#else
  return false;
#endif
  auto Answer = llvm::MemoryBuffer::getFile(Go);
  return Answer && (*Answer)->getBuffer().trim() == "reread";
}

void SummaryRecorder::protocols(ASTContext &Context) {
  if (!enabled())
    return;
  {
    std::lock_guard<std::mutex> Guard(Lock);
    if (ScannedProtocols == &Context)
      return;
    ScannedProtocols = &Context;
  }
  UnitProtocols Unit = scanProtocols(Context, Destructions | References);
  SummaryFile Facts;
  summarizeProtocols(Unit, Facts);
  std::lock_guard<std::mutex> Guard(Lock);
  if (File.Unit.empty())
    File.Unit = unitPath(Context);
  File.DestroyedClasses = std::move(Facts.DestroyedClasses);
  File.References = std::move(Facts.References);
  Dirty = true;
}

void SummaryRecorder::boundedContainers(
    ASTContext &Context, std::map<std::string, ContainerSummary> Bounded) {
  if (!enabled())
    return;
  std::lock_guard<std::mutex> Guard(Lock);
  // (A unit no other check summarizes still needs its name: the merge
  // drops a summary without one.)
  if (File.Unit.empty())
    File.Unit = unitPath(Context);
  File.BoundedContainers = std::move(Bounded);
  Dirty = true;
}

void SummaryRecorder::flush() {
  if (!enabled())
    return;
  std::lock_guard<std::mutex> Guard(Lock);
  if (!Dirty)
    return;
  if (llvm::Error Err = summary::writeSummaryFile(Output, File))
    llvm::errs() << "leakguard: " << llvm::toString(std::move(Err)) << "\n";
  Dirty = false;
}

//===----------------------------------------------------------------------===//
// In a check
//===----------------------------------------------------------------------===//

CheckSummaries::CheckSummaries(llvm::StringRef Option)
    : Option(Option.str()),
      Index(summary::loadSummaries(summary::summaryPathFromOption(Option),
                                   Error)) {}

CheckSummaries::CheckSummaries(llvm::StringRef Option,
                               llvm::StringRef Resources)
    : CheckSummaries(Option) {
  this->Resources = Resources.str();
}

bool CheckSummaries::onMatch(
    const clang::ast_matchers::MatchFinder::MatchResult &Result) {
  if (!Result.Nodes.getNodeAs<TranslationUnitDecl>("leak-summarize-unit"))
    return false;
  // Built here, once per unit that is summarized: nothing when none is.
  // (A bad entry is the resource checks' to report.)
  ResourceModel Model = ResourceModel::builtin();
  std::vector<std::string> Errors;
  for (ResourceApi &Api : parseResourceApis(Resources, Errors))
    Model.add(std::move(Api));
  return onMatch(Result, Model, ResourceModel::heap());
}

void CheckSummaries::addMatchers(
    clang::ast_matchers::MatchFinder *Finder,
    clang::ast_matchers::MatchFinder::MatchCallback *Check) {
  using namespace clang::ast_matchers;
  if (SummaryRecorder::get().enabled())
    Finder->addMatcher(translationUnitDecl().bind("leak-summarize-unit"),
                       Check);
}

bool CheckSummaries::onMatch(
    const clang::ast_matchers::MatchFinder::MatchResult &Result,
    const ResourceModel &Model, const ResourceModel &Heap) {
  if (!Result.Nodes.getNodeAs<TranslationUnitDecl>("leak-summarize-unit"))
    return false;
  SummaryRecorder &Recorder = SummaryRecorder::get();
  Recorder.summarize(*Result.Context, Model, Heap);
  Recorder.protocols(*Result.Context);
  Recorder.settle(*Result.Context, Index.get(),
                  summary::summaryPathFromOption(Option));
  return true;
}

std::shared_ptr<const AcquirerNames>
CheckSummaries::acquirerNames(std::vector<std::string> Modelled) const {
  return std::make_shared<AcquirerNames>(std::move(Modelled), Index);
}

AcquirerNames::AcquirerNames(std::vector<std::string> Modelled,
                             std::shared_ptr<const SummaryIndex> Index)
    : Modelled(std::move(Modelled)), Index(std::move(Index)) {
  build();
}

void AcquirerNames::build() const {
  std::vector<std::string> Names = Modelled;
  if (Index) {
    Generation = Index->generation();
    llvm::append_range(Names, Index->acquirerNames());
  }
  std::vector<llvm::StringRef> Refs(Names.begin(), Names.end());
  Last = lastNameComponents(Refs);
  Full = Names.empty()
             ? nullptr
             : std::make_unique<clang::ast_matchers::internal::HasNameMatcher>(
                   std::move(Names));
}

bool AcquirerNames::matches(const clang::NamedDecl &D) const {
  if (Index && Index->generation() != Generation)
    build();
  const clang::IdentifierInfo *Id = D.getIdentifier();
  return Id && Last->contains(Id->getName()) && Full && Full->matchesNode(D);
}

} // namespace leakguard::analysis
