//===--- MissingRaiiCheck.cpp - leak-missing-raii -------------------------===//

#include "MissingRaiiCheck.h"
#include "analysis/DeclContexts.h"
#include "analysis/FixItBuilders.h"
#include "analysis/FunctionScope.h"
#include "analysis/HelperHeaders.h"
#include "analysis/IncludePlacement.h"
#include "analysis/ObjectKey.h"
#include "analysis/OptionLists.h"
#include "analysis/OwnerRewriter.h"
#include "analysis/Ownership.h"
#include "analysis/OwnershipPolicy.h"
#include "analysis/PathExplorer.h"
#include "analysis/Protocols.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringExtras.h"
#include <functional>

using namespace clang::ast_matchers;
using leakguard::analysis::Acquired;
using leakguard::analysis::bindsToMutableReference;
using leakguard::analysis::carriesHandle;
using leakguard::analysis::declarationOf;
using leakguard::analysis::ExitKind;
using leakguard::analysis::FailureTest;
using leakguard::analysis::isHandleOrAddress;
using leakguard::analysis::isNullConstant;
using leakguard::analysis::refersTo;
using leakguard::analysis::ResourceApi;
using leakguard::analysis::StepVerdict;
using leakguard::analysis::textOf;

namespace clang::tidy::leak {

namespace {

constexpr unsigned MaxThrowNotes = 3;
constexpr StringRef DefaultMethodPairs =
    "acquire:release;checkout:checkin;check_out:check_in;borrow:giveBack;"
    "borrow:give_back;lease:unlease";

std::vector<MissingRaiiCheck::MethodPair>
parseMethodPairs(StringRef Text, std::vector<std::string> &Bad) {
  auto IsName = [](StringRef Name) {
    return !llvm::isDigit(Name.front()) && llvm::all_of(Name, [](char C) {
      return llvm::isAlnum(C) || C == '_';
    });
  };
  std::vector<MissingRaiiCheck::MethodPair> Pairs;
  for (auto &[Acquire, Release] : leakguard::analysis::splitPairs(
           Text, Bad, [&](StringRef Acquire, StringRef Release) {
             return IsName(Acquire) && IsName(Release) && Acquire != Release;
           }))
    Pairs.push_back({std::move(Acquire), std::move(Release)});
  return Pairs;
}

std::string
formatMethodPairs(const std::vector<MissingRaiiCheck::MethodPair> &Pairs) {
  std::vector<std::pair<std::string, std::string>> Entries;
  for (const auto &Pair : Pairs)
    Entries.emplace_back(Pair.Acquire, Pair.Release);
  return leakguard::analysis::joinPairs(Entries);
}

bool isStdSemaphore(const CXXRecordDecl *Record) {
  if (!Record)
    return false;
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Record))
    Record = Spec->getSpecializedTemplate()->getTemplatedDecl();
  return leakguard::analysis::hasQualifiedName(Record,
                                               "std::counting_semaphore");
}

/// Whether \p Record has a member function named \p Name (or inherits one).
bool hasMethodNamed(const CXXRecordDecl *Record, StringRef Name,
                    unsigned Depth = 0) {
  if (!Record || !Record->hasDefinition() || Depth > 4)
    return false;
  Record = Record->getDefinition();
  for (const CXXMethodDecl *Method : Record->methods())
    if (Method->getIdentifier() && Method->getName() == Name)
      return true;
  for (const Decl *D : Record->decls())
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D);
        Template && Template->getIdentifier() && Template->getName() == Name)
      return true;
  for (const CXXBaseSpecifier &Base : Record->bases())
    if (hasMethodNamed(Base.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
      return true;
  return false;
}

/// Whether \p Record can be copied with its implicit copy constructor: no
/// user-declared copy or move operations, and every base and member is
/// copyable.
bool hasUsableImplicitCopy(const CXXRecordDecl *Record, unsigned Depth = 0) {
  if (!Record || !Record->hasDefinition())
    return true;
  Record = Record->getDefinition();
  if (Depth > 0) {
    // A member's (or base's) own copy constructor, if it has one that is
    // deleted or private (the C++03 way to forbid copies): the implicit
    // copy of the class that holds it is deleted then.
    for (const CXXConstructorDecl *Ctor : Record->ctors())
      if (Ctor->isCopyConstructor() &&
          (Ctor->isDeleted() || Ctor->getAccess() == AS_private))
        return false;
    if (Record->hasUserDeclaredCopyConstructor())
      return true;
  } else if (Record->hasUserDeclaredCopyConstructor() ||
             Record->hasUserDeclaredCopyAssignment()) {
    return false;
  } else if (const CXXDestructorDecl *Dtor = Record->getDestructor();
             Dtor && Dtor->getAccess() == AS_private) {
    // Nobody outside can destroy one, so nobody outside holds a copy (a
    // singleton).
    return false;
  }
  if (Record->hasUserDeclaredMoveConstructor() ||
      Record->hasUserDeclaredMoveAssignment())
    return false;
  if (Depth > 4)
    return true;
  for (const CXXBaseSpecifier &Base : Record->bases())
    if (!hasUsableImplicitCopy(Base.getType()->getAsCXXRecordDecl(), Depth + 1))
      return false;
  for (const FieldDecl *Field : Record->fields()) {
    QualType Type = Field->getType();
    if (Type->isReferenceType())
      continue;
    while (const auto *Array = dyn_cast<ArrayType>(Type.getCanonicalType()))
      Type = Array->getElementType();
    if (!hasUsableImplicitCopy(Type->getAsCXXRecordDecl(), Depth + 1))
      return false;
  }
  return true;
}

} // namespace

/// One thing owned by hand in a function (a pointer from `new` or `malloc`,
/// a handle of the resource model, or the first half of a method pair), with
/// what this check says of it.
struct MissingRaiiCheck::Ownership : leakguard::analysis::Acquired {
  /// For a pair: the pair and the object's expression.
  const MethodPair *Pair = nullptr;
  const Expr *Object = nullptr;
  /// How the messages name it: `p` or `pool.checkout()`.
  std::string Name;
};

MissingRaiiCheck::MissingRaiiCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawResources(Options.getLocalOrGlobal("LeakResources", "")),
      RawMethodPairs(Options.get("MethodPairs", DefaultMethodPairs)),
      RawIgnoredTypes(Options.get("IgnoredTypes", "")),
      UnknownCallsMayThrow(
          Options.getLocalOrGlobal("UnknownCallsMayThrow", true)),
      IgnoreMacros(Options.get("IgnoreMacros", false)),
      Model(leakguard::analysis::ResourceModel::builtin()),
      Memory(leakguard::analysis::ResourceModel::heap()),
      AllocationFailuresThrow(
          Options.getLocalOrGlobal("AllocationFailuresThrow", false)),
      Oracle(UnknownCallsMayThrow, AllocationFailuresThrow),
      Summaries(Options.getLocalOrGlobal("LeakSummaries", "")),
      HelpersDir(Options.getLocalOrGlobal("LeakHelpersDir", "")),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  std::vector<std::string> Errors;
  for (ResourceApi &Api :
       leakguard::analysis::parseResourceApis(RawResources, Errors))
    Model.add(std::move(Api));
  for (const std::string &Error : Errors)
    configurationDiag("invalid entry %0 in option 'LeakResources' of check "
                      "'%1'")
        << Error << Name;
  std::vector<std::string> Bad;
  Pairs = parseMethodPairs(RawMethodPairs, Bad);
  for (const std::string &Entry : Bad)
    configurationDiag("invalid entry '%0' in option 'MethodPairs' of check "
                      "'%1': expected 'acquire:release' with two different "
                      "member function names")
        << Entry << Name;
  IgnoredTypes = leakguard::analysis::splitList(RawIgnoredTypes);
  if (!Summaries.error().empty())
    configurationDiag("%0 (option 'LeakSummaries')") << Summaries.error();
  Facts.setSummaries(Summaries.index());
  Oracle.setSummaries(Summaries.index());
}

void MissingRaiiCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LeakResources", RawResources);
  Options.store(Opts, "MethodPairs", formatMethodPairs(Pairs));
  Options.store(Opts, "IgnoredTypes", RawIgnoredTypes);
  Options.store(Opts, "UnknownCallsMayThrow", UnknownCallsMayThrow);
  Options.store(Opts, "AllocationFailuresThrow", AllocationFailuresThrow);
  Options.store(Opts, "LeakSummaries", Summaries.option());
  Options.store(Opts, "LeakHelpersDir", HelpersDir);
  Options.store(Opts, "IgnoreMacros", IgnoreMacros);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void MissingRaiiCheck::registerPPCallbacks(const SourceManager &SM,
                                           Preprocessor *PP,
                                           Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void MissingRaiiCheck::registerMatchers(MatchFinder *Finder) {
  // The modelled acquiring functions, and those of other units that
  // return what one acquired (or a new object).
  std::vector<std::string> Names = Model.acquirerNames();
  llvm::append_range(Names, Memory.acquirerNames());
  std::vector<StringRef> PairNames;
  for (const MethodPair &Pair : Pairs)
    PairNames.push_back(Pair.Acquire);
  using leakguard::analysis::hasLastNameIn;
  using leakguard::analysis::hasStatementBelow;
  using leakguard::analysis::lastNameComponents;
  const auto Acquire = callExpr(callee(functionDecl(
      leakguard::analysis::isAcquirerIn(Summaries.acquirerNames(Names)))));
  const auto PairCall = cxxMemberCallExpr(callee(cxxMethodDecl(
      hasLastNameIn(lastNameComponents(PairNames)), hasAnyName(PairNames))));
  // A wrapper of this file, or a wrapper of a wrapper, that returns what
  // an acquiring function or a new-expression gave (CalleeFacts decides
  // whether every return does).
  auto Returns = [](auto Fresh) {
    return returnStmt(hasReturnValue(ignoringParenCasts(anyOf(
        Fresh,
        declRefExpr(to(varDecl(hasInitializer(ignoringParenCasts(Fresh)))))))));
  };
  auto WrapperOf = [&](auto Fresh) {
    // (The standard library's inline functions are no wrappers: their
    // bodies are not searched.)
    return callExpr(
        callee(functionDecl(unless(isExpansionInSystemHeader()),
                            hasBody(hasStatementBelow(Returns(Fresh))))));
  };
  const auto Fresh = expr(anyOf(Acquire, cxxNewExpr()));
  const auto CallsWrapper = WrapperOf(expr(anyOf(Fresh, WrapperOf(Fresh))));
  // Functions and lambdas that own something by hand; each is analyzed once.
  Bodies = leakguard::analysis::addFunctionMatchers(
      Finder, stmt(anyOf(cxxNewExpr(), Acquire, PairCall, CallsWrapper)), this);
  Summaries.addMatchers(Finder, this);
  // Classes with a pointer (or handle) member that may own a resource.
  Finder->addMatcher(
      cxxRecordDecl(
          isDefinition(), unless(isExpansionInSystemHeader()),
          unless(isImplicit()),
          has(fieldDecl(isPrivate(), hasType(hasCanonicalType(pointerType())))))
          .bind("record"),
      this);
}

void MissingRaiiCheck::check(const MatchFinder::MatchResult &Result) {
  if (Summaries.onMatch(Result, Model, Memory))
    return;
  if (const auto *Record = Result.Nodes.getNodeAs<CXXRecordDecl>("record")) {
    analyzeRecord(*Record, *Result.Context);
    return;
  }
  if (const FunctionDecl *Function =
          leakguard::analysis::functionToAnalyze(Result, Analyzed))
    analyzeFunction(*Function, *Result.Context);
}

void MissingRaiiCheck::onEndOfTranslationUnit() {
  Analyzed.clear();
  LocalProtocols.reset();
  Oracle.reset();
  Facts.clear();
  Summaries.flush();
}

const MissingRaiiCheck::MethodPair *
MissingRaiiCheck::pairOf(const CXXMethodDecl *Method) const {
  if (!Method || !Method->getIdentifier())
    return nullptr;
  for (const MethodPair &Pair : Pairs)
    if (Pair.Acquire == Method->getName())
      return &Pair;
  return nullptr;
}

/// Whether objects of \p Record count their own references (`AddRef`,
/// `inc_ref`, `retain`...): they are released by the last unref, not by
/// whoever allocated them.
static bool isIntrusivelyCounted(const CXXRecordDecl *Record,
                                 unsigned Depth = 0) {
  if (!Record || !Record->hasDefinition() || Depth > 4)
    return false;
  Record = Record->getDefinition();
  for (const CXXMethodDecl *Method : Record->methods()) {
    if (!Method->getIdentifier())
      continue;
    std::string Name = Method->getName().lower();
    llvm::erase(Name, '_');
    if (llvm::is_contained({"addref", "incref", "increfcount", "ref", "retain",
                            "incrementrefcount", "incrementref"},
                           Name))
      return true;
  }
  return llvm::any_of(Record->bases(), [&](const CXXBaseSpecifier &Base) {
    return isIntrusivelyCounted(Base.getType()->getAsCXXRecordDecl(),
                                Depth + 1);
  });
}

bool MissingRaiiCheck::isIgnoredType(QualType Type) const {
  const CXXRecordDecl *Record = Type->getAsCXXRecordDecl();
  if (!Record)
    return false;
  return isIntrusivelyCounted(Record) ||
         llvm::any_of(IgnoredTypes, [&](const std::string &Name) {
           return leakguard::analysis::hasQualifiedName(Record, Name);
         });
}

void MissingRaiiCheck::analyzeFunction(const FunctionDecl &Function,
                                       ASTContext &Context) {
  const Stmt *Body = Function.getBody();
  if (!Body)
    return;
  std::unique_ptr<CFG> Cfg =
      leakguard::analysis::buildStatementCfg(Function, Context);
  if (!Cfg)
    return;
  ParentMap Parents(const_cast<Stmt *>(Body));
  const SourceManager &SM = Context.getSourceManager();

  // Every acquisition of the function that this check follows.
  llvm::DenseSet<const Stmt *> Seen;
  std::vector<Ownership> Found;
  for (const CFGBlock *Block : *Cfg)
    for (const CFGElement &Element : *Block) {
      auto CS = Element.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (!isa<CXXNewExpr, CallExpr>(S) || !Seen.insert(S).second ||
          SM.isInSystemHeader(S->getBeginLoc()) ||
          (IgnoreMacros && S->getBeginLoc().isMacroID()))
        continue;
      Ownership Own;
      Own.K = Acquired::New;
      Own.Acquire = cast<Expr>(S);
      Own.Site = {nullptr, nullptr, nullptr, nullptr};
      bool Follow = false;
      if (const auto *New = dyn_cast<CXXNewExpr>(S))
        Follow = newCandidate(New, Parents, Own);
      else if (const auto *Member = dyn_cast<CXXMemberCallExpr>(S))
        Follow = pairCandidate(Member, Parents, Context, Own);
      else
        Follow = callCandidate(cast<CallExpr>(S), Parents, Own);
      if (Follow)
        Found.push_back(std::move(Own));
    }

  llvm::sort(Found, [&](const Ownership &A, const Ownership &B) {
    return SM.isBeforeInTranslationUnit(A.Acquire->getBeginLoc(),
                                        B.Acquire->getBeginLoc());
  });
  // `p = realloc(p, n)` grows the buffer `p = malloc(n)` gave: followed from
  // the first acquisition only, and never from a growth (the buffer it grows
  // came from elsewhere, or from a loop that grows it again and again).
  llvm::DenseSet<const VarDecl *> Growing;
  for (const Ownership &Own : Found)
    if (Own.K == Acquired::Memory && Own.Site.Api->Accumulates)
      reportLostOnFailure(Own, Parents, Context);
  for (const Ownership &Own : Found) {
    if (Own.K == Acquired::Memory && Own.Site.Api->Accumulates &&
        (!Growing.insert(Own.Site.Handle).second ||
         llvm::any_of(Own.Site.Call->arguments(), [&](const Expr *Arg) {
           return refersTo(Arg, Own.Site.Handle);
         })))
      continue;
    analyzeOwnership(Own, *Cfg, Parents, Body, Context);
  }
}

bool MissingRaiiCheck::newCandidate(const CXXNewExpr *New,
                                    const ParentMap &Parents, Ownership &Own) {
  // Placement new builds in memory someone else owns (an arena, a
  // buffer); `new (std::nothrow)` is the one placement form we follow.
  bool NoThrow = false;
  if (New->getNumPlacementArgs() == 1)
    if (const CXXRecordDecl *Tag =
            New->getPlacementArg(0)->getType()->getAsCXXRecordDecl())
      NoThrow = leakguard::analysis::hasQualifiedName(Tag, "std::nothrow_t");
  // (In a template, `new T` has no operator new yet.)
  if ((New->getNumPlacementArgs() != 0 && !NoThrow) ||
      (New->getOperatorNew() == nullptr &&
       !New->getAllocatedType()->isDependentType()) ||
      (New->getOperatorNew() && isa<CXXMethodDecl>(New->getOperatorNew())) ||
      isIgnoredType(New->getAllocatedType()))
    return false;
  Own.ArrayNew = New->isArray();
  Own.Site.Handle = leakguard::analysis::heldIn(New, Parents);
  if (!Own.Site.Handle)
    return false;
  Own.Site.Api = &leakguard::analysis::newApi(/*MayGiveNull=*/NoThrow);
  Own.Name = Own.Site.Handle->getName().str();
  return true;
}

bool MissingRaiiCheck::pairCandidate(const CXXMemberCallExpr *Member,
                                     const ParentMap &Parents,
                                     ASTContext &Context, Ownership &Own) {
  const SourceManager &SM = Context.getSourceManager();
  const CallExpr *Call = Member;
  const CXXMethodDecl *Method = Member->getMethodDecl();
  const MethodPair *Pair = pairOf(Method);
  if (!Pair)
    return false;
  const CXXRecordDecl *Record = Method->getParent();
  bool Semaphore = isStdSemaphore(Record);
  // The standard library's classes release in their destructors
  // (streams' open/close); its semaphores do not.
  if ((Record->isInStdNamespace() && !Semaphore) ||
      !hasMethodNamed(Record, Pair->Release))
    return false;
  const Expr *Object = Member->getImplicitObjectArgument();
  std::optional<std::string> Key =
      Object ? leakguard::analysis::objectKey(Object->IgnoreParenImpCasts())
             : std::nullopt;
  if (Object && !Key)
    if (const auto *Pointer = Object->IgnoreParenImpCasts();
        Pointer->getType()->isPointerType())
      Key = leakguard::analysis::pointeeKey(Pointer);
  if (!Key)
    return false;
  // A local object whose class has a destructor undoes itself.
  if (const ValueDecl *Root = leakguard::analysis::rootDecl(Object);
      Root && isa<VarDecl>(Root) && cast<VarDecl>(Root)->hasLocalStorage() &&
      !Root->getType()->isPointerType() &&
      !Root->getType()->isReferenceType() && Record->hasDefinition() &&
      !Record->hasTrivialDestructor() && !Semaphore)
    return false;
  Own.K = Acquired::Pair;
  Own.Pair = Pair;
  Own.PairRelease = Pair->Release;
  Own.ObjectKey = *Key;
  Own.Object = Object;
  Own.Site.Call = Call;
  if (!Call->getType()->isVoidType())
    Own.Site.Handle = leakguard::analysis::heldIn(Call, Parents);
  // Something comes back that nobody keeps: the pair cannot be
  // matched with its release (`if (!sem.try_acquire())`).
  const Stmt *User = leakguard::analysis::valueUser(Call, Parents);
  if (!Own.Site.Handle && !isa_and_nonnull<CompoundStmt>(User))
    return false;
  // `'slots.acquire()'`, `'pool->checkout()'`.
  std::string CallText = leakguard::analysis::textForMessage(
      Member->getCallee(), SM, Context.getLangOpts(), Pair->Acquire);
  Own.Name =
      Own.Site.Handle ? Own.Site.Handle->getName().str() : CallText + "()";
  return true;
}

bool MissingRaiiCheck::callCandidate(const CallExpr *Call,
                                     const ParentMap &Parents, Ownership &Own) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  // The heap's functions, a handle's, and the wrappers of this file and
  // of other units (their summaries) that return what one of them gave.
  const ResourceApi *Api = Facts.acquiredBy(Callee, Memory);
  Own.K = Acquired::Memory;
  if (!Api) {
    Api = Facts.acquiredBy(Callee);
    Own.K = Acquired::Handle;
  }
  if (!Api) {
    // A wrapper of `new` may also return null.
    std::optional<bool> Array = Facts.returnsNew(Callee);
    Own.Site = {Call, &leakguard::analysis::newApi(/*MayGiveNull=*/true),
                leakguard::analysis::heldIn(Call, Parents), nullptr};
    if (!Array || !Own.Site.Handle)
      return false;
    Own.K = Acquired::New;
    Own.ArrayNew = *Array;
    Own.Name = Own.Site.Handle->getName().str();
    return true;
  }
  Own.Site = leakguard::analysis::acquisitionSite(Call, *Api, Parents);
  if (!Own.Site.Handle)
    return false;
  Own.Name = Own.Site.Handle->getName().str();
  return true;
}

/// Whether \p S (an if statement's branch) ends the program or throws.
static bool isFatal(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CXXThrowExpr>(S))
    return true;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->isNoReturn())
      return true;
  return llvm::any_of(S->children(), isFatal);
}

void MissingRaiiCheck::reportLostOnFailure(const Ownership &Own,
                                           const ParentMap &Parents,
                                           ASTContext &Context) {
  // `p = realloc(p, n)`: the call grows the block the same variable holds.
  // Only the heap's own function is known to give null and keep the block:
  // a wrapper may end the program instead (what it does is its own).
  const CallExpr *Call = Own.Site.Call;
  if (!Call || Call->getNumArgs() == 0 ||
      !Memory.acquiredBy(Call->getDirectCallee()) ||
      !refersTo(Call->getArg(0), Own.Site.Handle))
    return;
  const auto *Assign = dyn_cast_or_null<BinaryOperator>(
      leakguard::analysis::valueUser(Call, Parents));
  if (!Assign || Assign->getOpcode() != BO_Assign)
    return;
  // Only a block this function allocated (or a pointer it starts at null)
  // is lost: a copy of a pointer kept elsewhere (`p = *slot; p =
  // realloc(p, n)`) leaves the old block reachable there.
  const VarDecl *Handle = Own.Site.Handle;
  const Expr *Init = Handle->getInit();
  if (isa<ParmVarDecl>(Handle) ||
      (Init && !isNullConstant(Init, Context) &&
       !Memory.acquiredBy(
           dyn_cast_or_null<CallExpr>(Init->IgnoreParenCasts())
               ? cast<CallExpr>(Init->IgnoreParenCasts())->getDirectCallee()
               : nullptr)))
    return;
  // The if that tests the result: around the assignment, or right after it.
  const Stmt *Test = nullptr;
  const Stmt *Child = Assign;
  for (const Stmt *P = Parents.getParent(Assign); P;
       Child = P, P = Parents.getParent(P)) {
    if (const auto *If = dyn_cast<IfStmt>(P); If && If->getCond() == Child) {
      Test = If;
      break;
    }
    if (const auto *Compound = dyn_cast<CompoundStmt>(P)) {
      auto It = llvm::find(Compound->body(), Child);
      if (It != Compound->body_end() && std::next(It) != Compound->body_end())
        Test = *std::next(It);
      break;
    }
  }
  // Failing to allocate ends the program or throws: nothing is lost
  // (`if (!p) abort();`, an assertion macro right after).
  if (isFatal(Test))
    return;
  std::string Name = Own.Site.Handle->getName().str();
  StringRef Callee = Call->getDirectCallee()->getName();
  diag(Assign->getBeginLoc(),
       "'%0 = %1(%0, ...)' loses the block '%0' points to when '%1' fails; "
       "assign the result to a temporary and replace '%0' only when it is "
       "not null")
      << Name << Callee;
}

void MissingRaiiCheck::analyzeOwnership(const Ownership &Own, const CFG &Cfg,
                                        const ParentMap &Parents,
                                        const Stmt *Body, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  const VarDecl *Handle = Own.Site.Handle;
  const ResourceApi *Api = Own.Site.Api;

  leakguard::analysis::FollowPolicy Policy;
  Policy.TrackThrows = LangOpts.CXXExceptions;
  leakguard::analysis::OwnershipResult Paths =
      Engine.follow(Own, Cfg, Parents, Body, Context, Policy);
  if (!Paths.Complete)
    return;
  const auto &Releases = Paths.Releases;
  const auto &HandOffs = Paths.HandOffs;
  const auto &ThrowSites = Paths.ThrowSites;
  const bool MaybeHandedOver = Paths.MaybeHandedOver;
  // No path releases it here. Memory that no path hands on, lends to a
  // call that may keep it, or gives away on construction is never
  // released; anything else is not a pair this function manages (a
  // factory, a hand-over, an object that deletes itself).
  // (A wrapper of `new` returns objects nothing adopts: see returnsNew.)
  const auto *New = dyn_cast<CXXNewExpr>(Own.Acquire);
  const bool Never =
      Paths.neverReleased() &&
      (Own.K == Acquired::Memory ||
       (Own.K == Acquired::New &&
        (!New || !leakguard::analysis::mayBeAdoptedOnConstruction(New))));
  // (A call that keeps it only when it succeeds makes it this function's
  // to release where the call fails.)
  if (Releases.empty() && !Never && Paths.KeptOnSuccess.empty())
    return;

  // A path that leaves a handle of the resource model unreleased is
  // leak-unclosed-resource's to report; this check adds the exceptions.
  if (Own.K == Acquired::Handle && !Paths.Exits.empty())
    return;

  enum class Finding { Never, Path, Exception } Kind;
  if (Never)
    Kind = Finding::Never;
  else if (!Paths.Exits.empty())
    Kind = Finding::Path;
  else if (!ThrowSites.empty() && HandOffs.empty() && !MaybeHandedOver)
    Kind = Finding::Exception;
  else
    return;

  // What the message says of it, and what would own it.
  std::string What;
  std::string ReleaseWord;
  std::string Owner;
  StringRef Acquirer;
  switch (Own.K) {
  case Acquired::New:
    What = "allocated with 'new" + std::string(Own.ArrayNew ? "[]'" : "'");
    if (Own.Site.Call)
      What = "from '" + Own.Site.Call->getDirectCallee()->getName().str() +
             "' (" + What + ")";
    What = "'" + Own.Name + "' " + What;
    ReleaseWord = "deleted";
    Owner = "own it with 'std::unique_ptr'";
    break;
  case Acquired::Memory:
  case Acquired::Handle: {
    Acquirer = Own.Site.Call->getDirectCallee()->getName();
    What = "'" + Own.Name + "' from '" + Acquirer.str() + "'";
    std::string Release = Api->Releasers.empty()
                              ? Api->ReleaseMethods.front() + "()"
                              : Api->Releasers.front();
    ReleaseWord = "released with '" + Release + "'";
    if (Own.K == Acquired::Memory)
      ReleaseWord = "freed";
    Owner = Handle->getType()->isPointerType() && !Api->Releasers.empty()
                ? "own it with 'std::unique_ptr' and '" + Release + "'"
            : leakguard::analysis::isDescriptorHandle(Api, Handle)
                ? "own it with 'leakguard::unique_fd'"
                : "release it in a scope guard";
    if (!LangOpts.CPlusPlus)
      Owner = "free it on every path";
    break;
  }
  case Acquired::Lock: // leak-manual-lock's, never followed here.
    return;
  case Acquired::Pair:
    What = "'" + Own.Name + "'" +
           (Handle ? " from '" + Own.Pair->Acquire + "()'" : "");
    ReleaseWord = "given back with '" + Own.Pair->Release + "()'";
    Owner = "give it back in a scope guard";
    break;
  }

  std::string Why;
  leakguard::analysis::OwnerRewritePolicy OwnerPolicy;
  OwnerPolicy.HelpersDir = HelpersDir;
  // A descriptor becomes a leakguard::unique_fd; where it cannot, a guard
  // closes it.
  std::vector<FixItHint> Fixes;
  if (LangOpts.CPlusPlus && Own.K == Acquired::Handle && HandOffs.empty() &&
      leakguard::analysis::isDescriptorHandle(Api, Handle))
    Fixes = leakguard::analysis::rewriteAsUniquePtr(
        Own, Paths, Engine, Body, Parents, Context, OwnerPolicy, Inserter, Why);
  if (Fixes.empty()) {
    Why.clear();
    Fixes = !LangOpts.CPlusPlus ? std::vector<FixItHint>()
            : Own.K == Acquired::Pair ||
                    (Own.K == Acquired::Handle && HandOffs.empty() &&
                     !Handle->getType()->isPointerType())
                ? guardFix(Own, Releases, Parents, Context, Why)
                : (HandOffs.empty() ? leakguard::analysis::rewriteAsUniquePtr(
                                          Own, Paths, Engine, Body, Parents,
                                          Context, OwnerPolicy, Inserter, Why)
                                    : std::vector<FixItHint>());
  }
  if (Own.K != Acquired::Pair && !HandOffs.empty())
    Why = "it is handed on here";
  {
    auto Warning =
        Kind == Finding::Never
            ? diag(Own.Acquire->getBeginLoc(), "%0 is never %1; %2")
        : Kind == Finding::Path
            ? diag(Own.Acquire->getBeginLoc(), "%0 is not %1 on every path; %2")
            : diag(Own.Acquire->getBeginLoc(),
                   "%0 leaks if an exception is thrown before it is %1; %2");
    Warning << What << ReleaseWord << Owner;
    for (const FixItHint &Fix : Fixes)
      Warning << Fix;
  }
  if (Fixes.empty() && !Why.empty())
    diag(HandOffs.empty() ? Own.Acquire->getBeginLoc()
                          : HandOffs.front()->getBeginLoc(),
         "no automatic fix: %0", DiagnosticIDs::Note)
        << Why;

  if (Kind == Finding::Path) {
    for (const CallExpr *Keeper : Paths.KeptOnSuccess)
      diag(Keeper->getBeginLoc(), "'%0' keeps '%1' only when it succeeds",
           DiagnosticIDs::Note)
          << Keeper->getDirectCallee()->getName() << Own.Name;
    leakguard::analysis::sortExits(Paths.Exits, SM);
    for (const leakguard::analysis::LeakExit &Exit : Paths.Exits)
      diag(Exit.At ? Exit.At->getBeginLoc() : Body->getEndLoc(),
           leakguard::analysis::exitNote(
               Exit.Kind, "leaks",
               "is acquired again here while the previous "
               "one is still held"),
           DiagnosticIDs::Note)
          << Own.Name;
  } else if (Kind == Finding::Exception) {
    llvm::SmallVector<const Stmt *, 4> Sites =
        leakguard::analysis::outermostSites(ThrowSites.getArrayRef(), Parents,
                                            SM);
    unsigned Notes = 0;
    for (const Stmt *Site : Sites) {
      if (Notes++ == MaxThrowNotes)
        break;
      diag(Site->getBeginLoc(), "'%0' leaks if an exception is thrown here",
           DiagnosticIDs::Note)
          << Own.Name;
    }
  }
}

/// What the class part learns of one member.
struct MissingRaiiCheck::MemberFacts {
  /// Where the member is first given a resource, and by what.
  const Expr *AcquiredAt = nullptr;
  std::string Resource;
  /// The functions of the class that release it.
  llvm::SmallVector<const FunctionDecl *, 2> ReleasedIn;
  /// Those of them that release it on every path that returns (or find it
  /// null): at the top of the body, or under a test that it is not null.
  llvm::SmallVector<const FunctionDecl *, 2> ReleasedEveryPathIn;
  /// The functions of the class that give it something other than null.
  llvm::SmallVector<const FunctionDecl *, 2> GivenIn;
  /// It is also given something the check cannot follow, or lent out by
  /// reference: not judged.
  bool Unclear = false;
  /// What it is given: `new`, `new[]`, anything else.
  bool ScalarNew = false, ArrayNew = false, Other = false;
};

namespace {

using MemberFacts = MissingRaiiCheck::MemberFacts;

/// The member \p E names (`buf_`, `this->buf_`, `other.buf_`), or null.
const FieldDecl *memberNamed(const Expr *E) {
  if (!E)
    return nullptr;
  const auto *Member = dyn_cast<MemberExpr>(E->IgnoreParenCasts());
  return Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
}

} // namespace

namespace {

/// Reads every member function of a class once and learns, for each
/// private pointer member, what it is given and which functions release it.
struct MemberScan {
  const CXXRecordDecl &Record;
  const leakguard::analysis::OwnershipEngine &Engine;
  const leakguard::analysis::ResourceModel &Model;
  const leakguard::analysis::ResourceModel &Heap;
  ASTContext &Context;
  llvm::MapVector<const FieldDecl *, MemberFacts> &Members;
  llvm::ArrayRef<const FunctionDecl *> Bodies;
  /// Calls between the class's own member functions (a destructor that
  /// releases through close()).
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallVector<const FunctionDecl *, 4>>
      Calls{};
  /// Those of the calls above that run on every path that returns.
  llvm::DenseMap<const FunctionDecl *,
                 llvm::SmallVector<const FunctionDecl *, 4>>
      EveryPathCalls{};
  /// The member function being read, and the statements from its body down
  /// to the one being read.
  const FunctionDecl *Function = nullptr;
  llvm::SmallVector<const Stmt *, 16> Path{};

  bool tracked(const FieldDecl *Field) const {
    return Field && Members.count(Field);
  }
  void unclear(const FieldDecl *Field) {
    if (tracked(Field))
      Members[Field].Unclear = true;
  }

  /// What a value given to a member is: a resource, null, or unknown.
  void given(const FieldDecl *Field, const Expr *Value) {
    MemberFacts &Facts = Members[Field];
    const Expr *E = Value->IgnoreParenCasts();
    if (const auto *Cleanups = dyn_cast<ExprWithCleanups>(E))
      E = Cleanups->getSubExpr()->IgnoreParenCasts();
    // In a template, `value_(new T())` keeps its parentheses.
    if (const auto *List = dyn_cast<ParenListExpr>(E);
        List && List->getNumExprs() == 1)
      E = List->getExpr(0)->IgnoreParenCasts();
    std::string Resource;
    if (const auto *New = dyn_cast<CXXNewExpr>(E)) {
      // `new QLabel(this)`, `new Node(parent)`: a parent object owns it.
      bool Parented = false;
      if (const auto *Construct =
              dyn_cast_or_null<CXXConstructExpr>(New->getConstructExpr()))
        Parented = llvm::any_of(Construct->arguments(), [](const Expr *Arg) {
          QualType Type = Arg->getType();
          return Type->isPointerType() &&
                 Type->getPointeeType()->isRecordType();
        });
      if (New->getNumPlacementArgs() == 0 && !Parented &&
          (New->getOperatorNew() ? !isa<CXXMethodDecl>(New->getOperatorNew())
                                 : New->getAllocatedType()->isDependentType()))
        Resource = New->isArray() ? "memory from 'new[]'" : "memory from 'new'";
      if (!Resource.empty())
        (New->isArray() ? Facts.ArrayNew : Facts.ScalarNew) = true;
    } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      Facts.Other = true;
      if (Heap.acquiredBy(Callee))
        Resource = "memory from '" + Callee->getName().str() + "'";
      else if (const ResourceApi *Api = Model.acquiredBy(Callee);
               Api && Api->OutParam < 0)
        Resource = "a handle from '" + Callee->getName().str() + "'";
    } else if (isNullConstant(E, Context)) {
      return;
    }
    gives(Facts);
    if (Resource.empty()) {
      Facts.Unclear = true;
      return;
    }
    if (!Facts.AcquiredAt) {
      Facts.AcquiredAt = Value;
      Facts.Resource = Resource;
    }
  }

  void gives(MemberFacts &Facts) {
    if (!llvm::is_contained(Facts.GivenIn, Function))
      Facts.GivenIn.push_back(Function);
  }

  /// Whether \p Cond is true only when \p Field is not null (\p Null
  /// false: `p_`, `p_ != nullptr`) or only when it is (\p Null: `!p_`,
  /// `p_ == nullptr`).
  bool testsNull(const Expr *Cond, const FieldDecl *Field, bool Null) const {
    if (!Cond)
      return false;
    Cond = Cond->IgnoreParenImpCasts();
    if (!Null && memberNamed(Cond) == Field)
      return true;
    if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
        Not && Not->getOpcode() == UO_LNot)
      return testsNull(Not->getSubExpr(), Field, !Null);
    const auto *Compare = dyn_cast<BinaryOperator>(Cond);
    if (!Compare || Compare->getOpcode() != (Null ? BO_EQ : BO_NE))
      return false;
    const Expr *L = Compare->getLHS(), *R = Compare->getRHS();
    return (memberNamed(L) == Field && isNullConstant(R, Context)) ||
           (memberNamed(R) == Field && isNullConstant(L, Context));
  }

  /// Whether a statement of a block, before the one being read, lets every
  /// path go on to it: it returns nowhere (a throw is no return: the caller
  /// does not go on to destroy the object either), or only when \p Field
  /// is null (`if (!p_) return;`).
  bool goesOn(const Stmt *Prior, const FieldDecl *Field) const {
    if (const auto *If = dyn_cast<IfStmt>(Prior);
        If && Field && !If->getElse() && !If->getConditionVariable() &&
        testsNull(If->getCond(), Field, /*Null=*/true))
      return true;
    bool Leaves = false;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || Leaves || isa<LambdaExpr>(S))
        return;
      if (isa<ReturnStmt, GotoStmt, IndirectGotoStmt>(S)) {
        Leaves = true;
        return;
      }
      for (const Stmt *Child : S->children())
        Walk(Child);
    };
    Walk(Prior);
    return !Leaves;
  }

  /// Whether the statement being read (the last of Path) runs on every
  /// path through the function that returns: each statement around it is
  /// a block whose earlier statements go on, an expression (not the right
  /// of `&&` or `||`, not a branch of `?:`), a declaration, a return, or an
  /// if whose condition it is part of or that tests \p Field not null.
  bool onEveryPath(const FieldDecl *Field) const {
    for (size_t I = Path.size() - 1; I > 0; --I) {
      const Stmt *Child = Path[I], *P = Path[I - 1];
      if (const auto *Block = dyn_cast<CompoundStmt>(P)) {
        for (const Stmt *Prior : Block->body()) {
          if (Prior == Child)
            break;
          if (!goesOn(Prior, Field))
            return false;
        }
        continue;
      }
      if (const auto *If = dyn_cast<IfStmt>(P)) {
        if (Child == If->getElse() ||
            (Child == If->getThen() &&
             (!Field || If->getConditionVariable() ||
              !testsNull(If->getCond(), Field, /*Null=*/false))))
          return false;
        continue;
      }
      if (const auto *Op = dyn_cast<BinaryOperator>(P);
          Op && Op->isLogicalOp() && Child == Op->getRHS())
        return false;
      if (const auto *Cond = dyn_cast<AbstractConditionalOperator>(P);
          Cond && Child != Cond->getCond())
        return false;
      if (isa<LambdaExpr>(P) || !isa<Expr, DeclStmt, ReturnStmt>(P))
        return false;
    }
    return true;
  }

  /// The member \p Operand names, through `&`.
  static const FieldDecl *memberThrough(const Expr *Operand) {
    if (!Operand)
      return nullptr;
    const Expr *E = Operand->IgnoreParenImpCasts();
    if (const auto *Op = dyn_cast<UnaryOperator>(E);
        Op && Op->getOpcode() == UO_AddrOf)
      E = Op->getSubExpr();
    return memberNamed(E);
  }

  void released(const FieldDecl *Field) {
    auto It = Members.find(Field);
    if (It == Members.end())
      return;
    if (!llvm::is_contained(It->second.ReleasedIn, Function))
      It->second.ReleasedIn.push_back(Function);
    if (!llvm::is_contained(It->second.ReleasedEveryPathIn, Function) &&
        onEveryPath(Field))
      It->second.ReleasedEveryPathIn.push_back(Function);
  }

  void onAssignment(const BinaryOperator *Assign) {
    const FieldDecl *Target = memberNamed(Assign->getLHS());
    if (tracked(Target))
      given(Target, Assign->getRHS());
    // Copied into another variable or member: it may be owned there.
    if (const FieldDecl *Field = memberNamed(Assign->getRHS()); Field != Target)
      unclear(Field);
  }

  /// `close()` called on the class itself, resolved or not (in a template,
  /// `clear()` of the class itself is not resolved yet).
  void onOwnCall(const CallExpr *Call) {
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      const CXXMethodDecl *Method = Member->getMethodDecl();
      const Expr *Object = Member->getImplicitObjectArgument();
      const FunctionDecl *Definition = nullptr;
      if (Method && Object && isa<CXXThisExpr>(Object->IgnoreParenImpCasts()) &&
          Method->getParent()->getCanonicalDecl() ==
              Record.getCanonicalDecl() &&
          Method->hasBody(Definition)) {
        Calls[Function].push_back(Definition);
        if (onEveryPath(nullptr))
          EveryPathCalls[Function].push_back(Definition);
      }
    }
    std::optional<DeclarationName> Dependent;
    const Expr *CalleeExpr = Call->getCallee()->IgnoreParenImpCasts();
    if (const auto *Unresolved = dyn_cast<UnresolvedMemberExpr>(CalleeExpr);
        Unresolved && Unresolved->isImplicitAccess())
      Dependent = Unresolved->getMemberName();
    if (const auto *Scope = dyn_cast<CXXDependentScopeMemberExpr>(CalleeExpr);
        Scope && Scope->isImplicitAccess())
      Dependent = Scope->getMember();
    // (or a plain call of a bound member function).
    if (const auto *Bound = dyn_cast<MemberExpr>(CalleeExpr);
        Bound && !isa<CXXMemberCallExpr>(Call) &&
        isa<CXXThisExpr>(Bound->getBase()->IgnoreParenImpCasts()))
      Dependent = Bound->getMemberDecl()->getDeclName();
    if (Dependent)
      for (const FunctionDecl *Other : Bodies)
        if (Other->getDeclName() == *Dependent)
          Calls[Function].push_back(Other);
  }

  /// A member given to a call (not to release it).
  void onArgument(const CallExpr *Call, unsigned I) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const Expr *Arg = Call->getArg(I)->IgnoreParenImpCasts();
    const auto *Op = dyn_cast<UnaryOperator>(Arg);
    bool AddressOf = Op && Op->getOpcode() == UO_AddrOf;
    const FieldDecl *Field = memberThrough(Arg);
    if (!tracked(Field))
      return;
    // `sqlite3_open(path, &db_)`: acquired through the address.
    if (const ResourceApi *Api = Model.acquiredBy(Callee);
        Api && AddressOf && Api->OutParam == static_cast<int>(I)) {
      MemberFacts &Facts = Members[Field];
      Facts.Other = true;
      gives(Facts);
      if (!Facts.AcquiredAt) {
        Facts.AcquiredAt = Call;
        Facts.Resource = "a handle from '" + Callee->getName().str() + "'";
      }
      return;
    }
    // Its address, or a reference to it, goes to code that may change it
    // (`std::swap(buf_, other.buf_)`).
    bool ByReference = false;
    if (Callee && I < Callee->getNumParams()) {
      QualType Param = Callee->getParamDecl(I)->getType();
      ByReference = Param->isReferenceType() &&
                    !Param->getPointeeType().isConstQualified();
    }
    if (AddressOf || ByReference || !Callee)
      unclear(Field);
    // Its value goes to code that may keep it (`cache_.push_back(material_)`)
    // unless the call only uses it.
    if (!leakguard::analysis::onlyUsesArgument(Call, I, Model))
      unclear(Field);
  }

  void visit(const Stmt *S, const Stmt *Parent) {
    if (!S)
      return;
    Path.push_back(S);
    visitNode(S, Parent);
    Path.pop_back();
  }

  void visitNode(const Stmt *S, const Stmt *Parent) {
    for (const Stmt *Child : S->children())
      visit(Child, S);
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->isAssignmentOp())
      return onAssignment(Assign);
    // `delete buf_`, `free(buf_)`, `regfree(&re_)`, `reply_->deleteLater()`.
    const Expr *Released = Engine.releasedOperand(S);
    if (const FieldDecl *Field = memberThrough(Released))
      released(Field);
    if (isa<CXXDeleteExpr>(S))
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      onOwnCall(Call);
      for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
        if (Call->getArg(I) != Released)
          onArgument(Call, I);
    }
    if (const auto *Decl = dyn_cast<DeclStmt>(S))
      for (const class Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          unclear(memberNamed(Var->getInit()));
    if (const auto *Op = dyn_cast<UnaryOperator>(S);
        Op && Op->getOpcode() == UO_AddrOf &&
        !isa_and_nonnull<CallExpr>(Parent))
      unclear(memberNamed(Op->getSubExpr()));
  }

  void read(const FunctionDecl *F) {
    Function = F;
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isMemberInitializer() && Init->isWritten() &&
            tracked(Init->getMember()))
          given(Init->getMember(), Init->getInit());
    visit(F->getBody(), nullptr);
  }

  /// Whether \p F releases the member (itself, or through the class's member
  /// functions it calls, a few calls deep).
  bool releasesIn(const FunctionDecl *F, const MemberFacts &Facts,
                  unsigned Depth) const {
    if (llvm::is_contained(Facts.ReleasedIn, F))
      return true;
    if (Depth == 3)
      return false;
    auto It = Calls.find(F);
    return It != Calls.end() &&
           llvm::any_of(It->second, [&](const FunctionDecl *Callee) {
             return releasesIn(Callee, Facts, Depth + 1);
           });
  }

  /// Whether \p F releases the member on every path that returns, and
  /// gives it nothing (itself, or through the class's member functions it
  /// calls, a few calls deep): after `f()` the member holds nothing.
  bool emptiesIn(const FunctionDecl *F, const MemberFacts &Facts) const {
    return releasesEveryPathIn(F, Facts, 0) && !givesIn(F, Facts, 0);
  }
  bool releasesEveryPathIn(const FunctionDecl *F, const MemberFacts &Facts,
                           unsigned Depth) const {
    if (llvm::is_contained(Facts.ReleasedEveryPathIn, F))
      return true;
    auto It = EveryPathCalls.find(F);
    return Depth < 3 && It != EveryPathCalls.end() &&
           llvm::any_of(
               It->second,
               [&](const FunctionDecl *Callee) {
                 return releasesEveryPathIn(Callee, Facts, Depth + 1);
               });
  }
  bool givesIn(const FunctionDecl *F, const MemberFacts &Facts,
               unsigned Depth) const {
    if (llvm::is_contained(Facts.GivenIn, F))
      return true;
    auto It = Calls.find(F);
    if (It == Calls.end() || It->second.empty())
      return false;
    // Deeper than that: it may.
    return Depth == 3 ||
           llvm::any_of(It->second, [&](const FunctionDecl *Callee) {
             return givesIn(Callee, Facts, Depth + 1);
           });
  }
};

} // namespace

bool MissingRaiiCheck::collectMembers(
    const CXXRecordDecl &Record, ASTContext &Context,
    llvm::MapVector<const FieldDecl *, MemberFacts> &Members,
    llvm::SmallVectorImpl<const FunctionDecl *> &Bodies) {
  if (isa<ClassTemplateSpecializationDecl>(Record) || Record.isLambda() ||
      Record.isUnion() ||
      leakguard::analysis::isInTemplateInstantiation(&Record) ||
      Record.hasFriends() || isIgnoredType(Context.getRecordType(&Record)))
    return false;
  for (const FieldDecl *Field : Record.fields())
    if (Field->getAccess() == AS_private && Field->getType()->isPointerType() &&
        !isIgnoredType(Field->getType()->getPointeeType()))
      Members[Field];
  if (Members.empty())
    return false;
  // Every member function must be defined here: the story of a member is
  // told by all of them.
  for (const Decl *D : Record.decls()) {
    const auto *Method = dyn_cast<CXXMethodDecl>(D);
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      Method = dyn_cast<CXXMethodDecl>(Template->getTemplatedDecl());
    if (!Method || Method->isImplicit() || Method->isDeleted() ||
        Method->isDefaulted() || Method->isPureVirtual())
      continue;
    const FunctionDecl *Definition = nullptr;
    if (!Method->hasBody(Definition))
      return false;
    Bodies.push_back(Definition);
  }
  return true;
}

void MissingRaiiCheck::analyzeRecord(const CXXRecordDecl &Record,
                                     ASTContext &Context) {
  llvm::MapVector<const FieldDecl *, MemberFacts> Members;
  llvm::SmallVector<const FunctionDecl *, 8> Bodies;
  if (!collectMembers(Record, Context, Members, Bodies))
    return;
  MemberScan Scan{Record, Engine, Model, Memory, Context, Members, Bodies};
  for (const FunctionDecl *Function : Bodies)
    Scan.read(Function);

  // (Looked up by hand: in a class template, the lookup getDestructor()
  // does finds nothing.)
  const CXXDestructorDecl *Dtor = nullptr;
  for (const CXXMethodDecl *Method : Record.methods())
    if (const auto *D = dyn_cast<CXXDestructorDecl>(Method))
      Dtor = D;
  const FunctionDecl *DtorBody = nullptr;
  if (Dtor && !Dtor->isImplicit() && !Dtor->isDefaulted() &&
      !Dtor->hasBody(DtorBody))
    return;
  const SourceManager &SM = Context.getSourceManager();
  for (const auto &[Field, Facts] : Members) {
    if (!Facts.AcquiredAt || Facts.Unclear ||
        SM.isInSystemHeader(Field->getLocation()))
      continue;
    bool DtorReleases = DtorBody && Scan.releasesIn(DtorBody, Facts, 0);
    if (DtorReleases && !hasUsableImplicitCopy(&Record))
      continue;
    // Released by a method that every destruction of the program calls
    // first (`m->unload(); delete m;`).
    if (!DtorReleases && !Facts.ReleasedIn.empty()) {
      llvm::SmallVector<const CXXMethodDecl *, 2> Releasers;
      for (const FunctionDecl *Body : Bodies)
        if (const auto *Method = dyn_cast<CXXMethodDecl>(Body);
            Method && Method->isInstance() &&
            !isa<CXXConstructorDecl, CXXDestructorDecl>(Method) &&
            Scan.emptiesIn(Method, Facts))
          Releasers.push_back(Method);
      if (destroyedAfterRelease(Record, Releasers, Context))
        continue;
    }
    reportMember(Record, Field, Facts, DtorReleases, Bodies, DtorBody, Context);
  }
}

bool MissingRaiiCheck::destroyedAfterRelease(
    const CXXRecordDecl &Record,
    llvm::ArrayRef<const CXXMethodDecl *> Releasers, ASTContext &Context) {
  // A destruction through a pointer to a base is not followed.
  if (Releasers.empty() || Record.getNumBases() != 0 ||
      Record.getNumVBases() != 0)
    return false;
  if (!LocalProtocols)
    LocalProtocols = leakguard::analysis::scanProtocols(
        Context, leakguard::analysis::Destructions);
  auto It = LocalProtocols->Classes.find(Record.getCanonicalDecl());
  const leakguard::analysis::ClassDestructions *Here =
      It == LocalProtocols->Classes.end() ? nullptr : &It->second;
  if (Here && (Here->ByValue || Here->Templated))
    return false;
  auto CalledHere = [&](const CXXMethodDecl *Method) {
    return !Here || Here->Deletes == 0 ||
           llvm::is_contained(Here->After, Method->getCanonicalDecl());
  };
  // A class of the main file: this unit holds all of its destructions.
  const SourceManager &SM = Context.getSourceManager();
  if (SM.isInMainFile(SM.getExpansionLoc(Record.getLocation())))
    return Here && Here->Deletes > 0 && llvm::any_of(Releasers, CalledHere);
  // Else the summaries tell what the other units do.
  std::string Key = leakguard::analysis::protocolKey(&Record);
  if (Key.empty())
    return false;
  const leakguard::summary::SummaryIndex *Index = Summaries.index().get();
  leakguard::analysis::SummaryRecorder::get().ask(Key, "destroyed", Index);
  if (!Index)
    return false;
  std::string Answer =
      Index->answer(leakguard::summary::question(Key, "destroyed"));
  llvm::SmallVector<StringRef, 2> Everywhere;
  StringRef(Answer).split(Everywhere, ',', -1, /*KeepEmpty=*/false);
  return llvm::any_of(Releasers, [&](const CXXMethodDecl *Method) {
    return CalledHere(Method) &&
           llvm::is_contained(Everywhere,
                              leakguard::analysis::protocolKey(Method));
  });
}

void MissingRaiiCheck::reportMember(const CXXRecordDecl &Record,
                                    const FieldDecl *Field,
                                    const MemberFacts &Facts, bool DtorReleases,
                                    llvm::ArrayRef<const FunctionDecl *> Bodies,
                                    const FunctionDecl *DtorBody,
                                    ASTContext &Context) {
  // Memory from `new` alone becomes a std::unique_ptr member.
  std::string Why;
  std::vector<FixItHint> Fixes;
  if (!Facts.Other && Facts.ScalarNew != Facts.ArrayNew)
    Fixes = memberFix(Record, Field, Facts.ArrayNew, Bodies, DtorBody, Context,
                      Why);
  else
    Why = "only memory from 'new' is rewritten";
  {
    auto Warning =
        DtorReleases
            ? diag(Field->getLocation(),
                   "member '%0' owns %1 that the destructor of '%2' releases, "
                   "but '%2' keeps its implicit copy operations: a copy "
                   "releases it twice; own it with 'std::unique_ptr' or "
                   "delete the copy operations")
            : diag(Field->getLocation(),
                   "member '%0' owns %1 that the destructor of '%2' never "
                   "releases; each '%2' leaks it");
    Warning << Field->getName() << Facts.Resource << Record.getName();
    for (const FixItHint &Fix : Fixes)
      Warning << Fix;
  }
  diag(Facts.AcquiredAt->getBeginLoc(), "'%0' is given %1 here",
       DiagnosticIDs::Note)
      << Field->getName() << Facts.Resource;
  if (!DtorReleases)
    for (const FunctionDecl *In : Facts.ReleasedIn)
      diag(In->getLocation(), "'%0' is released only by '%1'",
           DiagnosticIDs::Note)
          << Field->getName() << In->getNameAsString();
  if (Fixes.empty() && !Why.empty())
    diag(Field->getLocation(), "no automatic fix: %0", DiagnosticIDs::Note)
        << Why;
}

namespace {

/// Why the member \p Field of \p Record cannot become a std::unique_ptr
/// whatever its uses, or nothing.
std::optional<std::string> memberFixRefusal(const CXXRecordDecl &Record,
                                            const FieldDecl *Field,
                                            const SourceManager &SM) {
  // A std::unique_ptr member makes the class move-only: only where no copy
  // can be out of sight (the class is defined in the main file) and none is
  // made here.
  if (!SM.isInMainFile(Record.getLocation()))
    return "'" + Record.getNameAsString() +
           "' is defined in a header: other files may copy it";
  for (const CXXMethodDecl *Method : Record.methods())
    if ((Method->isCopyAssignmentOperator() ||
         (isa<CXXConstructorDecl>(Method) &&
          cast<CXXConstructorDecl>(Method)->isCopyConstructor())) &&
        Method->isImplicit() && Method->isUsed())
      return "'" + Record.getNameAsString() + "' is copied";
  if (Record.getDescribedClassTemplate() || Field->getType()->isDependentType())
    return std::string("the class is a template");
  return std::nullopt;
}

/// The edits that make the uses of a raw pointer member, in one function
/// body, read a std::unique_ptr: `p_ = new T` resets it, `delete p_` resets
/// it (and goes from the destructor), tests and dereferences stay, any
/// other read takes `.get()`. Why says the first use that cannot be
/// rewritten.
struct MemberUseRewriter {
  const FieldDecl *Field;
  bool Array;
  const FunctionDecl *Function;
  const FunctionDecl *Dtor;
  const ParentMap &Parents;
  const leakguard::analysis::ResourceModel &Memory;
  ASTContext &Context;
  std::vector<FixItHint> &Edits;
  std::string &Why;

  void refuse(const std::string &Reason) {
    if (Why.empty())
      Why = "'" + Field->getName().str() + "' " + Reason;
  }

  void onAssignment(const MemberExpr *Member, const BinaryOperator *Assign) {
    const SourceManager &SM = Context.getSourceManager();
    const LangOptions &LangOpts = Context.getLangOpts();
    const Expr *RHS = Assign->getRHS()->IgnoreParenImpCasts();
    if (isNullConstant(RHS, Context))
      return; // `p_ = nullptr` releases, as it should.
    auto Text =
        leakguard::analysis::spelledText(Assign->getRHS(), SM, LangOpts);
    auto Target = leakguard::analysis::spelledText(Member, SM, LangOpts);
    if (!isa<CXXNewExpr>(RHS) || !Text || !Target ||
        Assign->getOpcode() != BO_Assign)
      return refuse("is assigned something else than 'new'");
    Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Assign->getSourceRange()),
        *Target + ".reset(" + *Text + ")"));
  }

  void onDelete(const MemberExpr *Member, const CXXDeleteExpr *Delete) {
    const SourceManager &SM = Context.getSourceManager();
    const LangOptions &LangOpts = Context.getLangOpts();
    if (Delete->isArrayForm() != Array)
      return refuse("is deleted with the wrong form of 'delete'");
    // The destructor's own delete goes: the member releases itself.
    if (Function == Dtor && Parents.getParent(Delete) == Function->getBody())
      if (auto Removal =
              leakguard::analysis::removeStatement(Delete, SM, LangOpts)) {
        Edits.push_back(*Removal);
        return;
      }
    auto Target = leakguard::analysis::spelledText(Member, SM, LangOpts);
    if (!Target || isa_and_nonnull<Expr>(Parents.getParent(Delete)))
      return refuse("is deleted inside an expression");
    Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Delete->getSourceRange()),
        *Target + ".reset()"));
  }

  /// Whether \p User reads the member in a way a std::unique_ptr also
  /// allows: a test, a dereference, `->`, a subscript of an array.
  bool readsAsIs(const MemberExpr *Member, const Stmt *User) const {
    if (const auto *Op = dyn_cast_or_null<UnaryOperator>(User))
      return Op->getOpcode() == UO_LNot || Op->getOpcode() == UO_Deref;
    if (const auto *Arrow = dyn_cast_or_null<MemberExpr>(User))
      return Arrow->isArrow();
    if (const auto *Subscript = dyn_cast_or_null<ArraySubscriptExpr>(User))
      return Array && Subscript->getBase()->IgnoreParenImpCasts() == Member;
    if (isa_and_nonnull<IfStmt, WhileStmt, DoStmt, ForStmt>(User))
      return true;
    if (const auto *Cond = dyn_cast_or_null<ConditionalOperator>(User))
      return Cond->getCond()->IgnoreParenImpCasts() == Member;
    if (const auto *Binary = dyn_cast_or_null<BinaryOperator>(User))
      return Binary->isLogicalOp() ||
             (Binary->isEqualityOp() &&
              isNullConstant(Binary->getLHS()->IgnoreParenImpCasts() == Member
                                 ? Binary->getRHS()
                                 : Binary->getLHS(),
                             Context));
    return false;
  }

  void rewrite(const MemberExpr *Member) {
    if (Member->getBeginLoc().isMacroID() || Member->getEndLoc().isMacroID())
      return refuse("is used inside a macro");
    const Stmt *User =
        Parents.getParentIgnoreParenImpCasts(const_cast<MemberExpr *>(Member));
    if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(User);
        Assign && Assign->isAssignmentOp() &&
        Assign->getLHS()->IgnoreParenImpCasts() == Member)
      return onAssignment(Member, Assign);
    if (const auto *Delete = dyn_cast_or_null<CXXDeleteExpr>(User))
      return onDelete(Member, Delete);
    if (const auto *Op = dyn_cast_or_null<UnaryOperator>(User);
        Op && !readsAsIs(Member, User))
      return refuse("is changed or has its address taken");
    if (readsAsIs(Member, User))
      return;
    if (const auto *Call = dyn_cast_or_null<CallExpr>(User);
        Call && Memory.acquiredBy(Call->getDirectCallee()))
      return refuse("is passed to '" +
                    Call->getDirectCallee()->getName().str() + "'");
    if (bindsToMutableReference(Member, User, Function))
      return refuse("is bound to a reference");
    // Any other use reads the raw pointer.
    Edits.push_back(FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(Member->getEndLoc(), 0,
                                   Context.getSourceManager(),
                                   Context.getLangOpts()),
        ".get()"));
  }
};

} // namespace

std::vector<FixItHint> MissingRaiiCheck::memberFix(
    const CXXRecordDecl &Record, const FieldDecl *Field, bool Array,
    llvm::ArrayRef<const FunctionDecl *> Bodies, const FunctionDecl *Dtor,
    ASTContext &Context, std::string &Why) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  if (!LangOpts.CPlusPlus11)
    return {};
  if (std::optional<std::string> Refusal =
          memberFixRefusal(Record, Field, SM)) {
    Why = *Refusal;
    return {};
  }
  // The declaration: `T *name` becomes `std::unique_ptr<T> name`.
  const TypeSourceInfo *Info = Field->getTypeSourceInfo();
  std::optional<std::string> Pointee;
  if (Info)
    if (auto PointerLoc = Info->getTypeLoc().getAs<PointerTypeLoc>())
      Pointee =
          textOf(PointerLoc.getPointeeLoc().getSourceRange(), SM, LangOpts);
  if (!Pointee || Field->getBeginLoc().isMacroID() ||
      Field->getLocation().isMacroID() || StringRef(*Pointee).contains('(')) {
    Why = "the member's declaration cannot be rewritten";
    return {};
  }
  // `T *a, *b;` declares two members in one statement.
  for (const FieldDecl *Other : Record.fields())
    if (Other != Field && Other->getBeginLoc() == Field->getBeginLoc()) {
      Why = "'" + Field->getName().str() +
            "' is declared together with another member";
      return {};
    }
  std::vector<FixItHint> Edits;
  Edits.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getCharRange(Field->getBeginLoc(), Field->getLocation()),
      "std::unique_ptr<" + *Pointee + (Array ? "[]" : "") + "> "));

  // Then every use of the member in the class's bodies.
  for (const FunctionDecl *Function : Bodies) {
    const Stmt *Body = Function->getBody();
    ParentMap Parents(const_cast<Stmt *>(Body));
    MemberUseRewriter Uses{Field,  Array,   Function, Dtor, Parents,
                           Memory, Context, Edits,    Why};
    std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
      if (!S || !Why.empty())
        return;
      if (const auto *Member = dyn_cast<MemberExpr>(S);
          Member && Member->getMemberDecl() == Field)
        return Uses.rewrite(Member);
      for (const Stmt *Child : S->children())
        Visit(Child);
    };
    Visit(Body);
    if (!Why.empty())
      return {};
  }
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, SM, SM.getFileID(Field->getLocation()), "<memory>",
          getLangOpts()))
    Edits.push_back(*Include);
  return Edits;
}

std::vector<FixItHint> MissingRaiiCheck::guardFix(
    const Ownership &Own, llvm::ArrayRef<const Stmt *> Releases,
    const ParentMap &Parents, ASTContext &Context, std::string &Why) {
  const LangOptions &LangOpts = Context.getLangOpts();
  const SourceManager &SM = Context.getSourceManager();
  if (!LangOpts.CPlusPlus17)
    return {};
  // The statement that acquires, directly in a block.
  const Stmt *AcquireStmt = Own.Acquire;
  if (Own.Site.Handle)
    AcquireStmt = declarationOf(Own.Acquire, Own.Site.Handle, Parents);
  const auto *Scope =
      AcquireStmt
          ? dyn_cast_or_null<CompoundStmt>(Parents.getParent(AcquireStmt))
          : nullptr;
  llvm::SmallPtrSet<const Stmt *, 4> Distinct(Releases.begin(), Releases.end());
  if (!Scope || Distinct.size() != 1) {
    Why = "it is released in more than one place";
    return {};
  }
  const auto *Release = cast<Expr>(*Distinct.begin());
  // How the messages name the two calls, and what the guard tests first: a
  // handle of the model is released only if its acquisition succeeded.
  std::string AcquireName, ReleaseName, Test;
  if (Own.Pair) {
    AcquireName = Own.Pair->Acquire;
    ReleaseName = Own.Pair->Release;
  } else {
    const auto *Call = dyn_cast<CallExpr>(Release);
    if (!Call || !Call->getDirectCallee() || !Own.Site.Handle) {
      Why = "the release is not a call";
      return {};
    }
    AcquireName = Own.Site.Call->getDirectCallee()->getName().str();
    ReleaseName = Call->getDirectCallee()->getName().str();
    std::string Name = Own.Site.Handle->getName().str();
    switch (Own.Site.Api->Failure) {
    case FailureTest::None:
      break;
    case FailureTest::Null:
      Test = "if (" + Name + ") ";
      break;
    case FailureTest::Negative:
      Test = "if (" + Name + " >= 0) ";
      break;
    case FailureTest::MapFailed:
    case FailureTest::NonZeroResult:
    case FailureTest::NonPositiveResult:
      Why = "the guard could not tell a failed acquisition";
      return {};
    }
  }
  // The guard gives it back when the block ends: the release must be the
  // block's last statement, or come right before a final return whose value
  // is computed without calls (the guard then runs after it, to the same
  // effect).
  std::function<bool(const Stmt *)> Calls = [&](const Stmt *S) {
    if (!S)
      return false;
    if (isa<CallExpr, CXXConstructExpr, CXXNewExpr, CXXDeleteExpr>(S) ||
        (Own.Site.Handle && isa<DeclRefExpr>(S) &&
         cast<DeclRefExpr>(S)->getDecl() == Own.Site.Handle))
      return true;
    return llvm::any_of(S->children(), Calls);
  };
  auto Last = Scope->body_rbegin();
  if (Last != Scope->body_rend())
    if (const auto *Return = dyn_cast<ReturnStmt>(*Last);
        Return && !Calls(Return->getRetValue()))
      ++Last;
  if (Last == Scope->body_rend() || *Last != Release) {
    Why = "'" + ReleaseName +
          "()' is not the last statement of the block that calls '" +
          AcquireName + "()'";
    return {};
  }
  if (Own.Site.Handle) {
    bool Reassigned = false;
    std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
      if (!S || Reassigned)
        return;
      if (const auto *Assign = dyn_cast<BinaryOperator>(S);
          Assign && Assign->isAssignmentOp() &&
          refersTo(Assign->getLHS(), Own.Site.Handle))
        Reassigned = true;
      for (const Stmt *Child : S->children())
        Visit(Child);
    };
    Visit(Scope);
    if (Reassigned) {
      Why = "'" + Own.Site.Handle->getName().str() + "' is assigned again";
      return {};
    }
  }
  auto ReleaseText = leakguard::analysis::spelledText(Release, SM, LangOpts);
  CharSourceRange AcquireRange =
      Own.Site.Handle
          ? CharSourceRange::getTokenRange(AcquireStmt->getSourceRange())
          : leakguard::analysis::statementWithSemicolon(AcquireStmt, SM,
                                                        LangOpts);
  auto Removal = leakguard::analysis::removeStatement(Release, SM, LangOpts);
  if (!ReleaseText || AcquireRange.isInvalid() || !Removal ||
      AcquireRange.getEnd().isMacroID()) {
    Why = "the calls are in a macro";
    return {};
  }
  std::string GuardName = leakguard::analysis::freshName(
      {ReleaseName + "_guard"}, Scope, SM, LangOpts);
  std::string Indent =
      leakguard::analysis::indentationOf(AcquireStmt->getBeginLoc(), SM);
  SourceLocation After = Own.Site.Handle
                             ? AcquireStmt->getEndLoc().getLocWithOffset(1)
                             : AcquireRange.getEnd();
  std::vector<FixItHint> Edits;
  Edits.push_back(FixItHint::CreateInsertion(
      After, "\n" + Indent + "leakguard::scope_exit " + GuardName + "([&] { " +
                 Test + *ReleaseText + "; });"));
  Edits.push_back(*Removal);
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, SM, SM.getFileID(Own.Acquire->getBeginLoc()),
          leakguard::analysis::helperInclude(
              "<leakguard/scope_exit.h>", HelpersDir, SM,
              SM.getFileID(Own.Acquire->getBeginLoc())),
          getLangOpts()))
    Edits.push_back(*Include);
  return Edits;
}

} // namespace clang::tidy::leak
