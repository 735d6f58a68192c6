//===--- LargeCaptureCheck.cpp - leak-large-capture -----------------------===//

#include "LargeCaptureCheck.h"
#include "analysis/DeclContexts.h"
#include "analysis/FixItBuilders.h"
#include "analysis/IncludePlacement.h"
#include "analysis/LockModel.h"
#include "analysis/OptionLists.h"
#include "analysis/SharedReadOnly.h"
#include "analysis/ThreadModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

namespace {

constexpr const char DefaultHeapOwningTypes[] =
    "std::basic_string;std::vector;std::deque;std::list;std::forward_list;"
    "std::map;std::multimap;std::set;std::multiset;std::unordered_map;"
    "std::unordered_multimap;std::unordered_set;std::unordered_multiset";

/// Whether \p Inner lies inside \p Outer's source range (expansion
/// locations).
bool within(SourceLocation Loc, SourceRange Outer, const SourceManager &SM) {
  Loc = SM.getExpansionLoc(Loc);
  SourceLocation Begin = SM.getExpansionLoc(Outer.getBegin());
  SourceLocation End = SM.getExpansionLoc(Outer.getEnd());
  return !SM.isBeforeInTranslationUnit(Loc, Begin) &&
         !SM.isBeforeInTranslationUnit(End, Loc);
}

/// The literal a key argument is (`"db"`, `3`), or null.
const Expr *literalKey(const Expr *E) {
  E = leakguard::analysis::stripTransparent(E);
  // `std::string("db")`, with the allocator as a default argument.
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() > 0 &&
      llvm::all_of(llvm::drop_begin(Construct->arguments()),
                   [](const Expr *Arg) { return isa<CXXDefaultArgExpr>(Arg); }))
    E = leakguard::analysis::stripTransparent(Construct->getArg(0));
  return isa<StringLiteral, IntegerLiteral, CharacterLiteral>(E) ? E : nullptr;
}

/// Whether \p T is a `std::basic_string` (`std::string`...).
bool isString(QualType T) {
  const auto *Record = T.getCanonicalType()->getAsCXXRecordDecl();
  return Record &&
         leakguard::analysis::hasQualifiedName(Record, "std::basic_string");
}

/// Whether \p Statement declares a local holding the lambda that is then
/// copied: named more than once, or in a loop (`auto h = [cfg] {...};
/// a.route("/x", h); b.route("/y", h);`). Each copy copies the capture.
bool copiedThroughLocal(const Stmt *Statement, const Stmt *Root,
                        const ParentMap &Parents, const SourceManager &SM) {
  const auto *Declared = dyn_cast_or_null<DeclStmt>(Statement);
  const auto *Local = Declared && Declared->isSingleDecl()
                          ? dyn_cast<VarDecl>(Declared->getSingleDecl())
                          : nullptr;
  if (!Local || !Local->hasLocalStorage())
    return false;
  unsigned Copies = 0;
  leakguard::analysis::forEachStatement(Root, [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (!Ref || Ref->getDecl() != Local)
      return true;
    ++Copies;
    for (const Stmt *P = Parents.getParent(Ref); P; P = Parents.getParent(P))
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P) &&
          !within(Local->getLocation(), P->getSourceRange(), SM))
        ++Copies;
    return true;
  });
  return Copies > 1;
}

/// Where a lambda that copies \p Source sits in its function (\p Root).
struct LambdaPlace {
  /// The statement the lambda is part of (the lambda when there is none).
  const Stmt *Statement = nullptr;
  bool StatementFound = false;
  /// A loop around it that \p Source is declared outside of (the next
  /// iteration would see it moved).
  const Stmt *OuterLoop = nullptr;
  /// A use of \p Source after the statement, when \p Movable and not in
  /// a loop (a move would leave it empty there).
  const DeclRefExpr *LaterUse = nullptr;
};

LambdaPlace placeOf(const LambdaExpr &Lambda, const VarDecl *Source,
                    const Stmt *Root, const ParentMap &Parents, bool Movable,
                    const SourceManager &SM) {
  LambdaPlace Place;
  Place.Statement = &Lambda;
  for (const Stmt *Child = &Lambda, *P = Parents.getParent(Child); P;
       Child = P, P = Parents.getParent(P)) {
    if (!Place.StatementFound) {
      Place.Statement = Child;
      Place.StatementFound = isa<CompoundStmt>(P);
    }
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P) &&
        !within(Source->getLocation(), P->getSourceRange(), SM))
      Place.OuterLoop = P;
  }
  if (!Movable || Place.OuterLoop)
    return Place;
  SourceRange LambdaRange = Lambda.getSourceRange();
  SourceLocation From = SM.getExpansionLoc(Place.Statement->getBeginLoc());
  leakguard::analysis::forEachStatement(Root, [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (Place.LaterUse || !Ref || Ref->getDecl() != Source)
      return !Place.LaterUse;
    SourceLocation Loc = SM.getExpansionLoc(Ref->getLocation());
    if (!SM.isBeforeInTranslationUnit(Loc, From) &&
        !within(Loc, LambdaRange, SM))
      Place.LaterUse = Ref;
    return true;
  });
  return Place;
}

/// The loop that keeps a thread's lambda running until it is stopped (an
/// endless or stop-flag loop), when the function that starts the thread
/// does not wait for it or join it.
const Stmt *runsUntilStopped(const LambdaExpr &Lambda,
                             const FunctionDecl *Function,
                             ASTContext &Context) {
  if (!Function || leakguard::analysis::callsWaitOrJoin(Function->getBody()))
    return nullptr;
  return leakguard::analysis::longRunningLoop(
      *Lambda.getCallOperator(), Context, [](QualType T) {
        const auto *Record = T.getCanonicalType()->getAsCXXRecordDecl();
        return Record &&
               llvm::any_of(
                   std::initializer_list<StringRef>{
                       "std::atomic", "std::atomic_flag", "std::stop_token",
                       "std::stop_source"},
                   [&](StringRef Name) {
                     return leakguard::analysis::hasQualifiedName(Record, Name);
                   });
      });
}

} // namespace

/// One by-value capture that copies an expensive object.
struct LargeCaptureCheck::Candidate {
  const LambdaCapture *Capture;
  /// The variable whose value is copied (`cfg` in `[cfg]` and `[c = cfg]`).
  const VarDecl *Source;
  /// The variable the lambda's body names: Source, or the init-capture.
  const VarDecl *Inner;
  /// `cfg` in `[c = cfg]`.
  const DeclRefExpr *InitRef = nullptr;
  /// `member_` in `[c = member_]` (Source and Inner are then `c`).
  const FieldDecl *CopiedMember = nullptr;
  QualType Type;
  std::string Cost;
  bool OwnsHeap = false;

  /// What is copied, as the messages name it.
  StringRef sourceName() const {
    return CopiedMember ? CopiedMember->getName() : Source->getName();
  }
};

LargeCaptureCheck::LargeCaptureCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SizeThreshold(Options.get("SizeThreshold", 1024U)),
      RawHeapOwningTypes(
          Options.get("HeapOwningTypes", DefaultHeapOwningTypes)),
      HeapOwningTypes(leakguard::analysis::splitList(RawHeapOwningTypes)),
      RawCallbackSinks(Options.getLocalOrGlobal("CallbackSinks", "")),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  if (SizeThreshold == 0)
    configurationDiag("option 'SizeThreshold' of check '%0' must be positive")
        << Name;
  std::vector<std::string> Errors;
  Sinks = leakguard::analysis::CallbackSinks(
      leakguard::analysis::parseCallbackSinks(RawCallbackSinks, Errors));
  for (const std::string &Error : Errors)
    configurationDiag("invalid entry '%0' in option 'CallbackSinks' of check "
                      "'%1': expected a qualified function or class name")
        << Error << Name;
}

void LargeCaptureCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SizeThreshold", SizeThreshold);
  Options.store(Opts, "HeapOwningTypes", RawHeapOwningTypes);
  Options.store(Opts, "CallbackSinks", RawCallbackSinks);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void LargeCaptureCheck::registerPPCallbacks(const SourceManager &SM,
                                            Preprocessor *PP,
                                            Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void LargeCaptureCheck::registerMatchers(MatchFinder *Finder) {
  // Every lambda of the user's, from the top down: most have no expensive
  // by-value capture and are dropped at once; where the others go is found
  // with a parent map of their own function only.
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
}

void LargeCaptureCheck::onEndOfTranslationUnit() {
  Sinks.clear();
  Reported.clear();
  SharedNames.clear();
  SharedMembers.clear();
  SharedSnapshots.clear();
}

bool LargeCaptureCheck::ownsHeap(QualType T, std::string &Where,
                                 unsigned Depth) const {
  T = T.getCanonicalType();
  if (const auto *Array = dyn_cast<ConstantArrayType>(T.getTypePtr()))
    return ownsHeap(Array->getElementType(), Where, Depth);
  const auto *Record = T->getAsCXXRecordDecl();
  if (!Record)
    return false;
  if (llvm::any_of(HeapOwningTypes, [&](StringRef Name) {
        return leakguard::analysis::hasQualifiedName(Record, Name);
      }))
    return true;
  if (Depth >= 3 || !Record->hasDefinition())
    return false;
  // An aggregate of such members (a config struct with a map inside).
  for (const FieldDecl *Field : Record->fields()) {
    std::string Inner;
    if (ownsHeap(Field->getType(), Inner, Depth + 1)) {
      Where = Inner.empty() ? Field->getNameAsString()
                            : Field->getNameAsString() + "." + Inner;
      return true;
    }
  }
  for (const CXXBaseSpecifier &Base : Record->bases())
    if (ownsHeap(Base.getType(), Where, Depth + 1))
      return true;
  return false;
}

std::optional<std::string> LargeCaptureCheck::costOf(QualType T,
                                                     const ASTContext &Context,
                                                     bool &OwnsHeap) const {
  T = T.getNonReferenceType();
  if (T->isDependentType() || T->isIncompleteType())
    return std::nullopt;
  std::string Where;
  if (ownsHeap(T, Where, 0)) {
    OwnsHeap = true;
    return Where.empty() ? std::string("owns a heap buffer")
                         : "holds a heap buffer in '" + Where + "'";
  }
  uint64_t Size = Context.getTypeSizeInChars(T).getQuantity();
  if (SizeThreshold == 0 || Size < SizeThreshold)
    return std::nullopt;
  return std::to_string(Size) + " bytes";
}

void LargeCaptureCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda");
  ASTContext &Context = *Result.Context;
  const CXXRecordDecl *Closure = Lambda->getLambdaClass();
  // A lambda of a template is judged in its instantiations, where the types
  // of its captures are known; once, and without a fix.
  if (Closure->getDeclContext()->isDependentContext())
    return;
  bool InInstantiation =
      leakguard::analysis::isInTemplateInstantiation(Closure);

  std::vector<Candidate> Candidates;
  for (const LambdaCapture &Capture : Lambda->captures()) {
    if (!Capture.capturesVariable())
      continue;
    const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
    if (!Var)
      continue;
    Candidate C{&Capture, Var, Var};
    if (Var->isInitCapture()) {
      // `[c = cfg]` copies `cfg`; `[c = std::move(cfg)]` does not.
      const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
          Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr);
      if (!Construct || Construct->getNumArgs() == 0 ||
          !Construct->getConstructor()->isCopyConstructor())
        continue;
      const Expr *Copied = Construct->getArg(0)->IgnoreParenImpCasts();
      const auto *Ref = dyn_cast<DeclRefExpr>(Copied);
      const auto *Source = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
      // `[c = member_]` (or `this->member_`) copies a member of this object
      // into each lambda, as a snapshot local captured by name does: the
      // init-capture stands for the source.
      const auto *Member = dyn_cast<MemberExpr>(Copied);
      if (Member && isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts()))
        C.CopiedMember = dyn_cast<FieldDecl>(Member->getMemberDecl());
      if (!Source && !C.CopiedMember)
        continue;
      if (Source) {
        C.Source = Source;
        C.InitRef = Ref;
      }
    } else if (Capture.getCaptureKind() != LCK_ByCopy) {
      continue;
    }
    C.Type = Var->getType().getNonReferenceType();
    // A member string (a token, a name, an endpoint) is mostly short: a copy
    // of it per lambda is not worth making it a shared pointer.
    if (C.CopiedMember && isString(C.Type))
      continue;
    std::optional<std::string> Cost = costOf(C.Type, Context, C.OwnsHeap);
    if (!Cost)
      continue;
    C.Cost = *Cost;
    Candidates.push_back(C);
  }
  if (Candidates.empty())
    return;
  std::optional<leakguard::analysis::CallbackSink> Sink = Sinks.sinkOf(*Lambda);
  if (!Sink)
    return;
  bool ImplicitFixUsed = false;
  for (const Candidate &C : Candidates)
    report(*Lambda, C, *Sink, InInstantiation, ImplicitFixUsed, Context);
}

std::optional<std::string>
LargeCaptureCheck::onlyPartUsed(const LambdaExpr &Lambda, const Candidate &C,
                                const ParentMap &Parents, const Stmt *&PartAt,
                                ASTContext &Context) const {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  std::optional<std::string> Part;
  bool Whole = false;
  leakguard::analysis::forEachStatement(Lambda.getBody(), [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (Whole || !Ref || Ref->getDecl() != C.Inner)
      return !Whole;
    const Stmt *Child = Ref;
    const Stmt *P = Parents.getParent(Child);
    while (P && isa<ImplicitCastExpr>(P)) {
      Child = P;
      P = Parents.getParent(P);
    }
    // `v.field`, `v.field.inner`, `v.at("key")`, `v.field.find(2)`...
    const Expr *Use = nullptr;
    while (const auto *Member = dyn_cast_or_null<MemberExpr>(P)) {
      if (isa<FieldDecl>(Member->getMemberDecl())) {
        Use = Member;
      } else if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(
                     Parents.getParent(Member));
                 Call && Call->getNumArgs() == 1 &&
                 Member->getMemberDecl()->getIdentifier() &&
                 llvm::is_contained({"at", "find", "count", "contains"},
                                    Member->getMemberDecl()->getName()) &&
                 literalKey(Call->getArg(0))) {
        Use = Call;
        break;
      } else {
        break;
      }
      P = Parents.getParent(Member);
      while (P && isa<ImplicitCastExpr>(P))
        P = Parents.getParent(P);
    }
    std::optional<std::string> Text =
        Use ? leakguard::analysis::spelledText(Use, SM, LangOpts)
            : std::nullopt;
    if (!Text || (Part && *Part != *Text)) {
      Whole = true;
      return false;
    }
    Part = Text;
    PartAt = Use;
    return true;
  });
  if (Part && !Whole)
    return Part;
  return std::nullopt;
}

std::vector<FixItHint>
LargeCaptureCheck::sharedFix(const LambdaExpr &Lambda, const Candidate &C,
                             const Stmt *Statement, StringRef TypeName,
                             const ParentMap &Parents, const Stmt *OuterLoop,
                             bool Movable, SourceLocation &RefusedAt,
                             std::string &Refusal, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  std::vector<FixItHint> Fixes;
  const VarDecl *Source = C.Source;
  const auto *Function =
      dyn_cast<FunctionDecl>(Lambda.getLambdaClass()->getDeclContext());
  // A copy the lambda only reads (it is not mutable: its copy is const),
  // captured by name or by `[=]`, of a variable of this function, into a
  // lambda that is a statement's part in the function's own block.
  if (Lambda.isMutable() || C.InitRef || C.CopiedMember || !Function ||
      !Statement || !Source->getDeclContext()->Equals(Function) ||
      Statement->getBeginLoc().isMacroID() ||
      StringRef(TypeName).contains('(') ||
      (!C.Capture->isExplicit() && Lambda.getCaptureDefault() != LCD_ByCopy))
    return Fixes;
  std::string Name;
  {
    llvm::StringSet<> &Used = SharedNames[Function];
    std::string Base = Source->getNameAsString();
    llvm::SmallVector<std::string, 3> Candidates;
    for (std::string Candidate :
         {Base + "_shared", "shared_" + Base, Base + "_view"})
      if (!Used.contains(Candidate))
        Candidates.push_back(Candidate);
    if (Candidates.empty())
      return Fixes;
    llvm::SmallVector<StringRef, 3> Refs(Candidates.begin(), Candidates.end());
    Name =
        leakguard::analysis::freshName(Refs, Function->getBody(), SM, LangOpts);
    if (Used.contains(Name))
      return Fixes;
  }
  // Every use in the body reads through the pointer.
  bool Fits = true;
  leakguard::analysis::forEachStatement(Lambda.getBody(), [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (!Ref || Ref->getDecl() != C.Inner)
      return Fits;
    Fits = leakguard::analysis::readThroughPointer(Ref, Parents, Name, Context,
                                                   Fixes, Refusal);
    if (!Fits)
      RefusedAt = Ref->getLocation();
    return Fits;
  });
  if (!Fits || Fixes.empty())
    return {};
  if (C.Capture->isExplicit()) {
    SourceLocation At = C.Capture->getLocation();
    CharSourceRange Range = CharSourceRange::getTokenRange(At, At);
    if (At.isMacroID() ||
        Lexer::getSourceText(Range, SM, LangOpts) != Source->getName())
      return {};
    Fixes.push_back(FixItHint::CreateReplacement(Range, Name));
  }
  // Where the one copy is made: before a loop that creates a lambda each
  // time (one copy for all of them) when the loop only reads the variable;
  // moved from the variable when nothing uses it afterwards.
  const Stmt *Before = Statement;
  SourceRange LambdaRange = Lambda.getSourceRange();
  auto ForEachOtherUse = [&](const Stmt *Root, auto Visit) {
    leakguard::analysis::forEachStatement(Root, [&](const Stmt *S) {
      const auto *Ref = dyn_cast<DeclRefExpr>(S);
      if (Ref && Ref->getDecl() == Source &&
          !within(Ref->getLocation(), LambdaRange, SM))
        Visit(Ref);
      return true;
    });
  };
  if (OuterLoop &&
      isa_and_nonnull<CompoundStmt>(Parents.getParent(OuterLoop))) {
    bool OnlyReads = true;
    ForEachOtherUse(OuterLoop, [&](const DeclRefExpr *Ref) {
      std::vector<FixItHint> Unused;
      std::string Why;
      OnlyReads &= leakguard::analysis::readThroughPointer(
          Ref, Parents, Name, Context, Unused, Why);
    });
    if (OnlyReads)
      Before = OuterLoop;
  }
  // (Inside a loop the variable was declared outside of, the next
  // iteration would see it moved.)
  bool MoveFrom = Movable && (!OuterLoop || Before == OuterLoop);
  SourceLocation From = SM.getExpansionLoc(Before->getBeginLoc());
  ForEachOtherUse(Function->getBody(), [&](const DeclRefExpr *Ref) {
    MoveFrom &= SM.isBeforeInTranslationUnit(
        SM.getExpansionLoc(Ref->getLocation()), From);
  });
  std::string Value = Source->getNameAsString();
  if (MoveFrom)
    Value = "std::move(" + Value + ")";
  Fixes.push_back(FixItHint::CreateInsertion(
      Before->getBeginLoc(),
      "auto " + Name + " = std::make_shared<const " + TypeName.str() + ">(" +
          Value + ");\n" +
          leakguard::analysis::indentationOf(Before->getBeginLoc(), SM)));
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, SM, SM.getFileID(SM.getExpansionLoc(Before->getBeginLoc())),
          "<memory>", getLangOpts()))
    Fixes.push_back(*Include);
  SharedNames[Function].insert(Name);
  return Fixes;
}

std::vector<FixItHint>
LargeCaptureCheck::snapshotFix(const LambdaExpr &Lambda, const Candidate &C,
                               const FieldDecl *&Member,
                               SourceLocation &RefusedAt, std::string &Refusal,
                               bool &SharedBefore, ASTContext &Context) {
  const auto *Method =
      dyn_cast<CXXMethodDecl>(Lambda.getLambdaClass()->getDeclContext());
  // A copy the lambda only reads, of a local of a member function.
  if (!Method || Lambda.isMutable() || C.InitRef || C.Inner != C.Source)
    return {};
  // An earlier fix of this unit shares it already.
  if (auto It = SharedSnapshots.find(C.Source); It != SharedSnapshots.end()) {
    Member = It->second;
    SharedBefore = true;
    return {};
  }
  leakguard::analysis::SnapshotRewrite Rewrite =
      leakguard::analysis::shareSnapshotMember(*C.Source, Lambda, *Method,
                                               Context);
  Member = Rewrite.Member;
  // One rewrite per member: another snapshot of it keeps its copy.
  if (!Member || SharedMembers.contains(Member))
    return {};
  if (Rewrite.Fixes.empty()) {
    RefusedAt = Rewrite.RefusedAt;
    Refusal = Rewrite.Refusal;
    return {};
  }
  const SourceManager &SM = Context.getSourceManager();
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, SM, SM.getFileID(SM.getExpansionLoc(Member->getLocation())),
          "<memory>", getLangOpts()))
    Rewrite.Fixes.push_back(*Include);
  SharedMembers.insert(Member);
  for (const VarDecl *Snapshot : Rewrite.Snapshots)
    SharedSnapshots[Snapshot] = Member;
  return Rewrite.Fixes;
}

void LargeCaptureCheck::noteNoFix(
    const LambdaExpr &Lambda, const Candidate &C, const Stmt *RunsUntilStopped,
    const DeclRefExpr *LaterUse, const Stmt *OuterLoop, StringRef TypeName,
    SourceLocation SharedRefusedAt, StringRef SharedRefusal,
    const ParentMap &Parents, ASTContext &Context) {
  const VarDecl *Source = C.Source;
  SourceLocation At = C.Capture->getLocation();
  if (RunsUntilStopped)
    diag(RunsUntilStopped->getBeginLoc(),
         "the thread runs this loop until it is stopped, and keeps the copy "
         "as long",
         DiagnosticIDs::Note);
  if (LaterUse)
    diag(LaterUse->getLocation(),
         "'%0' is used here after the lambda is created, so it cannot be "
         "moved into the capture",
         DiagnosticIDs::Note)
        << Source->getName();
  else if (OuterLoop)
    diag(OuterLoop->getBeginLoc(),
         "the lambda is created in this loop and '%0' is declared outside it, "
         "so it cannot be moved into the capture",
         DiagnosticIDs::Note)
        << Source->getName();

  // Only one member, or one entry, of it is used inside.
  StringRef Name = C.sourceName();
  const Stmt *PartAt = nullptr;
  if (std::optional<std::string> Part =
          onlyPartUsed(Lambda, C, Parents, PartAt, Context))
    diag(PartAt->getBeginLoc(),
         "only '%0' is used inside the lambda; capture that alone",
         DiagnosticIDs::Note)
        << *Part;
  else if (Lambda.isMutable())
    diag(At,
         "the lambda is 'mutable' and may change its copy of '%0'; a shared "
         "copy would be read-only",
         DiagnosticIDs::Note)
        << Name;
  else if (SharedRefusedAt.isValid())
    diag(SharedRefusedAt,
         "'%0' is not shared through a 'std::shared_ptr<const %1>': it %2",
         DiagnosticIDs::Note)
        << Name << TypeName << SharedRefusal;
  else
    diag(At,
         "if '%0' is read-only data shared by its users, hold it in a "
         "'std::shared_ptr<const %1>' and capture the pointer",
         DiagnosticIDs::Note)
        << Name << TypeName;
}

std::vector<FixItHint> LargeCaptureCheck::moveFix(const LambdaExpr &Lambda,
                                                  const Candidate &C,
                                                  bool &ImplicitFixUsed,
                                                  ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  SourceLocation At = C.Capture->getLocation();
  const VarDecl *Source = C.Source;
  std::vector<FixItHint> Fixes;
  std::string Name = Source->getNameAsString();
  std::string Moved = "std::move(" + Name + ")";
  if (C.InitRef) {
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(C.InitRef->getSourceRange()), Moved));
  } else if (C.Capture->isExplicit()) {
    CharSourceRange Range = CharSourceRange::getTokenRange(At, At);
    if (Lexer::getSourceText(Range, SM, LangOpts) == Name)
      Fixes.push_back(
          FixItHint::CreateReplacement(Range, Name + " = " + Moved));
  } else if (!ImplicitFixUsed) {
    // `[=]`: one more capture, before the `]`.
    ImplicitFixUsed = true;
    Fixes.push_back(FixItHint::CreateInsertion(
        Lambda.getIntroducerRange().getEnd(), ", " + Name + " = " + Moved));
  }
  if (!Fixes.empty())
    if (auto Include = leakguard::analysis::insertInclude(
            Inserter, SM, SM.getFileID(SM.getExpansionLoc(At)), "<utility>",
            getLangOpts()))
      Fixes.push_back(*Include);
  return Fixes;
}

void LargeCaptureCheck::report(const LambdaExpr &Lambda, const Candidate &C,
                               const leakguard::analysis::CallbackSink &Sink,
                               bool InInstantiation, bool &ImplicitFixUsed,
                               ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  SourceLocation At = C.Capture->getLocation();
  if (!Reported.insert(SM.getExpansionLoc(At).getRawEncoding()).second)
    return;
  const VarDecl *Source = C.Source;
  const Stmt *Root = Sinks.rootOf(Lambda);
  const ParentMap &Parents = Sinks.parentsOf(Root);
  const auto *Function =
      dyn_cast<FunctionDecl>(Lambda.getLambdaClass()->getDeclContext());

  // Can the copy become a move? A local of this very function (or a
  // parameter taken by value), not const, that owns a heap buffer (moving
  // anything else copies it anyway), not used again after the lambda.
  bool InMacro = At.isMacroID() || Lambda.getBeginLoc().isMacroID() ||
                 Lambda.getIntroducerRange().getEnd().isMacroID();
  // (In a constructor's member initializer, later initializers and the body
  // could use it: no fix there.)
  bool Movable = C.OwnsHeap && Function && Root == Function->getBody() &&
                 Source->hasLocalStorage() &&
                 Source->getDeclContext() == Function &&
                 !Source->getType()->isReferenceType() &&
                 !Source->getType().isConstQualified() &&
                 !Source->getType().isVolatileQualified() &&
                 !isa<DecompositionDecl>(Source);
  LambdaPlace Place = placeOf(Lambda, Source, Root, Parents, Movable, SM);
  const Stmt *Statement = Place.Statement;
  const Stmt *OuterLoop = Place.OuterLoop;
  const bool StatementFound = Place.StatementFound;
  const DeclRefExpr *LaterUse = Place.LaterUse;

  // A snapshot of a member (`T t; { lock; t = member_; } keep([t] {...})`):
  // every kept lambda would hold its own copy of the member's data, moved
  // or not. The member becomes one std::shared_ptr<const T> they share.
  const FieldDecl *Member = nullptr;
  SourceLocation RefusedAt, SharedRefusedAt;
  std::string Refusal, SharedRefusal;
  bool SharedBefore = false;
  std::vector<FixItHint> Fixes;
  if (!InMacro && !InInstantiation && Function && Root == Function->getBody())
    Fixes = snapshotFix(Lambda, C, Member, RefusedAt, Refusal, SharedBefore,
                        Context);
  bool Shared = !Fixes.empty() || SharedBefore;
  // A lambda held by a local that is copied (to several routes, in a loop)
  // takes a copy of its capture each time: moving it in does not help,
  // sharing it does (below).
  PrintingPolicy Policy(LangOpts);
  Policy.SuppressTagKeyword = true;
  std::string TypeName = C.Type.getUnqualifiedType().getAsString(Policy);
  if (!Shared && Movable && !OuterLoop && !LaterUse && !InMacro &&
      !InInstantiation && StatementFound && Root == Function->getBody() &&
      !Lambda.isMutable() && copiedThroughLocal(Statement, Root, Parents, SM)) {
    Fixes = sharedFix(Lambda, C, Statement, TypeName, Parents, OuterLoop,
                      Movable, SharedRefusedAt, SharedRefusal, Context);
    Shared = !Fixes.empty();
  }
  if (!Shared && Movable && !OuterLoop && !LaterUse && !InMacro &&
      !InInstantiation) {
    Fixes = moveFix(Lambda, C, ImplicitFixUsed, Context);
  }

  // A thread needs its own copy of what it reads (a reference could
  // dangle). One that lives only as long as its work holds it briefly: only
  // a copy that could be a move is worth a warning. One that runs until it
  // is stopped (an endless or stop-flag loop), and that its creator does
  // not join, holds the copy for as long as it runs.
  const Stmt *RunsUntilStopped = nullptr;
  if (Fixes.empty() && !Shared &&
      Sink.Kind == leakguard::analysis::SinkKind::Thread &&
      !(RunsUntilStopped = runsUntilStopped(Lambda, Function, Context)))
    return;
  // Strings are mostly short (names, paths, tokens): a copy that cannot be a
  // move is the ordinary cost of a closure, not worth a warning.
  if (Fixes.empty() && !Shared && isString(C.Type))
    return;

  // No move: share one read-only copy through a std::shared_ptr<const T>.
  if (Fixes.empty() && !Shared && !InMacro && !InInstantiation &&
      StatementFound && Root == (Function ? Function->getBody() : nullptr)) {
    Fixes = sharedFix(Lambda, C, Statement, TypeName, Parents, OuterLoop,
                      Movable, SharedRefusedAt, SharedRefusal, Context);
    Shared = !Fixes.empty();
  }
  {
    auto Warning =
        diag(At, "'%0' of type '%1' (%2) is copied into a lambda that %3; %4")
        << C.sourceName() << TypeName << C.Cost
        << leakguard::analysis::describeSink(Sink)
        << (Shared ? "share it read-only through a 'std::shared_ptr<const "
                     "T>'"
            : Fixes.empty()
                ? "capture only what the lambda needs, or share it read-only"
                : "move it into the capture");
    for (const FixItHint &Fix : Fixes)
      Warning << Fix;
  }
  if (SharedBefore) {
    diag(Source->getLocation(),
         "'%0' becomes a copy of the pointer by the fix that shares '%1'",
         DiagnosticIDs::Note)
        << Source->getName() << Member->getName();
    return;
  }
  if (Shared && Member)
    diag(Member->getLocation(),
         "'%0' becomes a 'std::shared_ptr<const %1>' that every copy shares",
         DiagnosticIDs::Note)
        << Member->getName() << TypeName;
  else if (Member && RefusedAt.isValid())
    diag(RefusedAt,
         "'%0' copies '%1' for each lambda; sharing '%1' is not "
         "possible: %2",
         DiagnosticIDs::Note)
        << Source->getName() << Member->getName() << Refusal;
  if (!Fixes.empty())
    return;
  noteNoFix(Lambda, C, RunsUntilStopped, LaterUse,
            OuterLoop && Movable ? OuterLoop : nullptr, TypeName,
            SharedRefusedAt, SharedRefusal, Parents, Context);
}

} // namespace clang::tidy::leak
