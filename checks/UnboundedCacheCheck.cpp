//===--- UnboundedCacheCheck.cpp - leak-unbounded-cache -------------------===//
//
// Candidates are found cheaply: matchers record every reference to a
// container with static storage duration or in a class (and the member or
// operator call made on it), classes with an instance of static storage
// duration, and how often such classes are constructed. Nothing is decided
// before the end of the translation unit. There, a container whose calls
// already show a bound (erase, clear...) or no growth is dropped at once;
// only the rest is looked at in context, with a parent map of just the
// functions that use it.
//
//===----------------------------------------------------------------------===//

#include "UnboundedCacheCheck.h"
#include "analysis/FixItBuilders.h"
#include "analysis/HelperHeaders.h"
#include "analysis/IncludePlacement.h"
#include "analysis/LockModel.h"
#include "analysis/OptionLists.h"
#include "analysis/Protocols.h"
#include "analysis/UserCode.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringSwitch.h"
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

using Effect = UnboundedCacheCheck::Effect;
using Family = UnboundedCacheCheck::Family;

namespace {

/// Whether \p D is a static local of an instantiated function template.
bool isStaticOfInstantiation(const ValueDecl *D) {
  const auto *Var = dyn_cast<VarDecl>(D);
  const auto *Fn =
      Var ? dyn_cast<FunctionDecl>(Var->getDeclContext()) : nullptr;
  return Var && Var->isStaticLocal() && Fn && Fn->isTemplateInstantiation();
}

constexpr StringRef DefaultContainerTypes =
    "std::map;std::multimap;std::unordered_map;std::unordered_multimap;"
    "std::set;std::multiset;std::unordered_set;std::unordered_multiset;"
    "std::vector;std::deque;std::list;std::forward_list;std::basic_string;"
    "std::queue;std::priority_queue;std::stack;"
    "absl::flat_hash_map;absl::flat_hash_set;absl::node_hash_map;"
    "absl::node_hash_set;absl::btree_map;absl::btree_set;"
    "boost::unordered_map;boost::unordered_set;boost::unordered_flat_map;"
    "boost::unordered_flat_set;boost::unordered_node_map;"
    "boost::unordered_node_set;tbb::concurrent_hash_map;"
    "tbb::concurrent_unordered_map;tbb::concurrent_unordered_set;"
    "tbb::concurrent_vector;QHash;QMap;QMultiHash;QMultiMap;QSet;QList;"
    "QVector;QString;QByteArray";

/// The container type behind \p T (through references and pointers), or
/// null; \p Pointee says whether the container is const.
const CXXRecordDecl *containerRecordOf(QualType T, bool *IsConst = nullptr) {
  T = T.getNonReferenceType();
  if (const auto *Pointer = T->getAs<PointerType>())
    T = Pointer->getPointeeType();
  if (IsConst)
    *IsConst = T.isConstQualified();
  return T->getAsCXXRecordDecl();
}

Family familyOf(const CXXRecordDecl *Listed) {
  std::string Name = Listed->getName().lower();
  if (StringRef(Name).contains("map") || Name == "qhash" ||
      Name == "qmultihash")
    return Family::Map;
  if (StringRef(Name).contains("set"))
    return Family::Set;
  if (StringRef(Name).contains("string") || Name == "qbytearray")
    return Family::String;
  return Family::Sequence;
}

bool isSizeTest(StringRef Name, unsigned NumArgs) {
  return llvm::is_contained({"size", "length", "empty", "isEmpty"}, Name) ||
         (Name == "count" && NumArgs == 0);
}

bool isGrowth(StringRef Name, Family F) {
  switch (F) {
  case Family::Map:
  case Family::Set:
    return llvm::is_contained({"insert", "emplace", "emplace_hint",
                               "try_emplace", "insert_or_assign", "operator[]",
                               "insertMulti", "operator<<", "insert_range"},
                              Name) &&
           (F == Family::Map || Name != "operator[]");
  case Family::Sequence:
  case Family::String:
    return llvm::is_contained({"push_back", "push_front", "emplace_back",
                               "emplace_front", "push", "emplace", "insert",
                               "append", "prepend", "append_range",
                               "prepend_range", "insert_range", "push_range",
                               "operator+=", "operator<<", "splice"},
                              Name);
  }
  return false;
}

/// Non-const members that do not change the number of elements.
bool isNeutral(StringRef Name) {
  return llvm::is_contained({"find",
                             "at",
                             "operator[]",
                             "begin",
                             "end",
                             "cbegin",
                             "cend",
                             "rbegin",
                             "rend",
                             "front",
                             "back",
                             "top",
                             "data",
                             "c_str",
                             "lower_bound",
                             "upper_bound",
                             "equal_range",
                             "reserve",
                             "rehash",
                             "shrink_to_fit",
                             "max_load_factor",
                             "contains",
                             "count",
                             "value",
                             "constFind",
                             "get_allocator",
                             "bucket",
                             "bucket_count",
                             "load_factor",
                             "squeeze",
                             "detach",
                             "operator==",
                             "operator!=",
                             "size",
                             "length",
                             "empty"},
                            Name);
}

/// The type of what \p Container holds: the mapped type of a map, the
/// element of the others; null when it is not a template of types.
QualType elementType(const CXXRecordDecl *Container, Family F) {
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Container);
  unsigned Index = F == Family::Map ? 1 : 0;
  if (!Spec || Spec->getTemplateArgs().size() <= Index ||
      Spec->getTemplateArgs()[Index].getKind() != TemplateArgument::Type)
    return QualType();
  return Spec->getTemplateArgs()[Index].getAsType();
}

/// Whether \p Element is a callable (function pointer, std::function,
/// functor): a table of handlers grows with the code that registers them,
/// not with the data the program sees.
bool isCallable(QualType Element) {
  if (Element->isFunctionPointerType() ||
      Element->isMemberFunctionPointerType())
    return true;
  const auto *Record = Element->getAsCXXRecordDecl();
  if (!Record || !Record->hasDefinition())
    return false;
  DeclarationName Call =
      Record->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  return !Record->lookup(Call).empty();
}

/// Whether \p Element is a raw pointer to an object of class type: the
/// container refers to objects that live elsewhere (metadata, plugins,
/// metrics registered by the code), not to data it keeps.
bool isObjectPointer(QualType Element) {
  return Element->isPointerType() && Element->getPointeeType()->isRecordType();
}

std::string memberName(const FunctionDecl *Callee) {
  if (!Callee)
    return "";
  if (Callee->isOverloadedOperator())
    return std::string("operator") +
           getOperatorSpelling(Callee->getOverloadedOperator());
  return Callee->getIdentifier() ? Callee->getName().str() : "";
}

const Expr *stripped(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = Cast->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
}

bool isPairType(QualType T) {
  const auto *Record = T->getAsCXXRecordDecl();
  return Record && Record->isInStdNamespace() && Record->getName() == "pair";
}

/// The key inside a value given to insert(): `{k, v}`, `std::pair(k, v)`,
/// `std::make_pair(k, v)`; the value itself otherwise.
const Expr *keyOfValue(const Expr *Value) {
  Value = stripped(Value);
  if (const auto *Init = dyn_cast<InitListExpr>(Value))
    return Init->getNumInits() ? keyOfValue(Init->getInit(0)) : Value;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Value))
    if (isPairType(Construct->getType()) && Construct->getNumArgs() == 2)
      return keyOfValue(Construct->getArg(0));
  if (const auto *Call = dyn_cast<CallExpr>(Value))
    if (const FunctionDecl *Callee = Call->getDirectCallee();
        Callee && Callee->isInStdNamespace() && Callee->getIdentifier() &&
        Callee->getName() == "make_pair" && Call->getNumArgs() == 2)
      return keyOfValue(Call->getArg(0));
  return Value;
}

/// The arguments of a member or operator call, without the object.
llvm::SmallVector<const Expr *, 4> callArguments(const Expr *Call) {
  llvm::SmallVector<const Expr *, 4> Args;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    for (unsigned I = 1; I < Op->getNumArgs(); ++I)
      Args.push_back(Op->getArg(I));
  } else if (const auto *C = dyn_cast<CallExpr>(Call)) {
    for (const Expr *Arg : C->arguments())
      if (!isa<CXXDefaultArgExpr>(Arg))
        Args.push_back(Arg);
  }
  return Args;
}

/// What a growth call adds: the key of a map or set, the element of a
/// sequence. Null when it cannot be told (iterator ranges, dependent code).
const Expr *addedValue(const Expr *Call, StringRef Name, Family F) {
  auto Args = callArguments(Call);
  if (Args.empty())
    return nullptr;
  if (F == Family::Sequence || F == Family::String)
    return Args.back() == Args.front() || Name != "insert" ? Args.front()
                                                           : Args.back();
  if (Name == "emplace_hint" || (Name == "insert" && Args.size() == 2))
    return Args.size() == 2 ? keyOfValue(Args[1]) : nullptr;
  if (Name == "insert" || Name == "emplace" || Name == "operator<<")
    return Args.size() == 1 || Name == "emplace" ? keyOfValue(Args[0])
                                                 : nullptr;
  return stripped(Args[0]);
}

/// Whether \p E has the same value every time: literals, constants,
/// strings built from them.
bool isConstantValue(const Expr *E, const ASTContext &Context) {
  E = stripped(E);
  if (isa<StringLiteral, CXXNullPtrLiteralExpr>(E))
    return true;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return llvm::all_of(Construct->arguments(), [&](const Expr *Arg) {
      return isa<CXXDefaultArgExpr>(Arg) || isConstantValue(Arg, Context);
    });
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->getType().isConstQualified() && Var->hasGlobalStorage())
      return true;
  return !E->isValueDependent() && !E->isTypeDependent() &&
         E->isEvaluatable(Context);
}

/// The first parameter \p E reads, if any.
const ParmVarDecl *parameterIn(const Stmt *S) {
  if (!S)
    return nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *Parm = dyn_cast<ParmVarDecl>(Ref->getDecl()))
      return Parm;
  for (const Stmt *Child : S->children())
    if (const ParmVarDecl *Parm = parameterIn(Child))
      return Parm;
  return nullptr;
}

/// What a call to the member \p Name of a container does to it.
Effect classifyCall(const Expr *Call, StringRef Name,
                    const FunctionDecl *Callee, Family F,
                    const ASTContext &Context) {
  auto Args = callArguments(Call);
  if (isSizeTest(Name, Args.size()))
    return Effect::SizeTest;
  if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Callee)) {
    if (Method->isConst())
      return Effect::Neutral;
  } else if (Callee && Callee->getNumParams() > 0) {
    // A non-member operator: it changes the container only through a
    // non-const reference.
    QualType First = Callee->getParamDecl(0)->getType();
    if (!First->isReferenceType() ||
        First.getNonReferenceType().isConstQualified())
      return Effect::Neutral;
    if (!isGrowth(Name, F))
      return Effect::Escapes;
  }
  if (isGrowth(Name, F)) {
    if (F == Family::Map || F == Family::Set)
      if (const Expr *Key = addedValue(Call, Name, F);
          Key && isConstantValue(Key, Context))
        return Effect::Neutral; // A fixed set of keys.
    return Effect::Grows;
  }
  if (isNeutral(Name))
    return Effect::Neutral;
  return Effect::Bounds;
}

/// Members of the shipped cache that the fix relies on, with the number of
/// arguments they take (-1: any, -2: at least one).
/// How many arguments the bounded type of family \p F takes in its member
/// \p Name: a count, -1 for any, -2 for at least one, -3 when it has no
/// such member.
int cacheArity(StringRef Name, Family F) {
  switch (F) {
  case Family::Map:
    return llvm::StringSwitch<int>(Name)
        .Cases("find", "count", "contains", "at", "operator[]", "erase", 1)
        .Case("insert", 1)
        .Case("insert_or_assign", 2)
        .Case("try_emplace", -2)
        .Case("emplace", -1)
        .Cases("size", "empty", "clear", "begin", "end", "cbegin", "cend", 0)
        .Default(-3);
  case Family::Set:
    return llvm::StringSwitch<int>(Name)
        .Cases("find", "count", "contains", "erase", "insert", 1)
        .Case("emplace", -1)
        .Cases("size", "empty", "clear", "begin", "end", "cbegin", "cend", 0)
        .Default(-3);
  case Family::Sequence:
    return llvm::StringSwitch<int>(Name)
        .Cases("push_back", "operator[]", "at", 1)
        .Case("emplace_back", -1)
        .Cases("size", "empty", "clear", "front", "back", "begin", "end", 0)
        .Cases("cbegin", "cend", 0)
        .Default(-3);
  case Family::String:
    return llvm::StringSwitch<int>(Name)
        .Cases("operator+=", "push_back", 1)
        .Case("append", -2)
        .Cases("size", "length", "empty", "clear", "c_str", "data", 0)
        .Default(-3);
  }
  return -3;
}

/// Members of std::map and std::set whose answer depends on the key order
/// (`end()` is only the sentinel of a lookup).
bool isOrdered(StringRef Name) {
  return llvm::is_contained({"begin", "cbegin", "rbegin", "crbegin",
                             "lower_bound", "upper_bound", "equal_range"},
                            Name);
}

/// Whether std::hash<\p Key> exists for sure: arithmetic, enumerations,
/// pointers and the standard strings.
bool isHashable(QualType Key) {
  Key = Key.getCanonicalType().getUnqualifiedType();
  if (Key->isArithmeticType() || Key->isEnumeralType() || Key->isPointerType())
    return true;
  const CXXRecordDecl *Record = Key->getAsCXXRecordDecl();
  return Record && Record->isInStdNamespace() &&
         llvm::is_contained({"basic_string", "basic_string_view"},
                            Record->getName());
}

bool returnsIterator(StringRef Name, Family F) {
  if (F == Family::Sequence || F == Family::String)
    return llvm::is_contained({"begin", "end", "cbegin", "cend"}, Name);
  return llvm::is_contained({"find", "begin", "end", "cbegin", "cend", "insert",
                             "emplace", "try_emplace", "insert_or_assign",
                             "erase"},
                            Name) &&
         !(F == Family::Set && Name == "erase");
}

const Stmt *parentOf(const Stmt *S, const ParentMap &Parents) {
  return Parents.getParent(const_cast<Stmt *>(S));
}

bool isAncestor(const Stmt *Ancestor, const Stmt *S, const ParentMap &Parents) {
  for (const Stmt *P = S; P; P = parentOf(P, Parents))
    if (P == Ancestor)
      return true;
  return false;
}

/// Whether \p Ref is the range of a range-based for loop.
bool isForRange(const Expr *Ref, const ParentMap &Parents) {
  const Stmt *P = parentOf(Ref, Parents);
  while (P && isa<ImplicitCastExpr, ParenExpr>(P))
    P = parentOf(P, Parents);
  const auto *DS = dyn_cast_or_null<DeclStmt>(P);
  const auto *Range =
      DS ? dyn_cast_or_null<CXXForRangeStmt>(parentOf(DS, Parents)) : nullptr;
  return Range && Range->getRangeStmt() == DS;
}

/// The variable whose initializer \p Init is in the declaration \p DS.
const VarDecl *initializedBy(const DeclStmt *DS, const Stmt *Init) {
  for (const Decl *D : DS->decls())
    if (const auto *Var = dyn_cast<VarDecl>(D))
      if (Var->getInit() &&
          (Var->getInit() == Init || Var->getInit()->IgnoreImplicit() ==
                                         cast<Expr>(Init)->IgnoreImplicit()))
        return Var;
  return nullptr;
}

/// Whether the value of the call \p Call is used only in ways that also
/// compile when it is the bounded cache's iterator (or pair of iterator and
/// bool): discarded, compared, dereferenced, or kept in an `auto` variable.
bool iteratorResultFits(const Expr *Call, const ParentMap &Parents) {
  const Stmt *Child = Call;
  const Stmt *P = parentOf(Child, Parents);
  while (P && (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                   CXXBindTemporaryExpr, ExprWithCleanups>(P) ||
               (isa<CXXConstructExpr>(P) &&
                cast<CXXConstructExpr>(P)->getNumArgs() == 1))) {
    Child = P;
    P = parentOf(P, Parents);
  }
  if (!P || isa<CompoundStmt, MemberExpr, UnaryOperator>(P))
    return true;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P))
    return llvm::is_contained(
        {OO_EqualEqual, OO_ExclaimEqual, OO_Arrow, OO_Star, OO_PlusPlus},
        Op->getOperator());
  if (const auto *DS = dyn_cast<DeclStmt>(P)) {
    const VarDecl *Var = initializedBy(DS, Child);
    return Var &&
           (isa<DecompositionDecl>(Var) ||
            (Var->getTypeSourceInfo() &&
             Var->getTypeSourceInfo()->getType()->getContainedAutoType()));
  }
  // A statement that ignores the value (the body of an if, a loop...).
  return !isa<Expr, ReturnStmt>(P);
}

} // namespace

UnboundedCacheCheck::UnboundedCacheCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      RawContainerTypes(Options.get("ContainerTypes", DefaultContainerTypes)),
      ContainerTypes(leakguard::analysis::splitList(RawContainerTypes)),
      CacheType(Options.get("CacheType", "leakguard::ttl_cache")),
      CacheHeader(Options.get("CacheHeader", "<leakguard/ttl_cache.h>")),
      HelpersDir(Options.getLocalOrGlobal("LeakHelpersDir", "")),
      MaxEntries(Options.get("MaxEntries", 10000U)),
      TimeToLive(Options.get("TimeToLive", 0U)),
      ReportExternallyVisible(Options.get("ReportExternallyVisible", false)),
      ReportProgramLifetimeMembers(
          Options.get("ReportProgramLifetimeMembers", false)),
      ReportPointerElements(Options.get("ReportPointerElements", false)),
      MaxGrowthNotes(Options.get("MaxGrowthNotes", 3U)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()),
      Summaries(Options.getLocalOrGlobal("LeakSummaries", "")) {
  if (MaxEntries == 0)
    configurationDiag("option 'MaxEntries' of check '%0' must be positive")
        << Name;
  if (!Summaries.error().empty())
    configurationDiag("%0 (option 'LeakSummaries')") << Summaries.error();
}

void UnboundedCacheCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ContainerTypes", RawContainerTypes);
  Options.store(Opts, "CacheType", CacheType);
  Options.store(Opts, "CacheHeader", CacheHeader);
  Options.store(Opts, "LeakHelpersDir", HelpersDir);
  Options.store(Opts, "MaxEntries", MaxEntries);
  Options.store(Opts, "TimeToLive", TimeToLive);
  Options.store(Opts, "ReportExternallyVisible", ReportExternallyVisible);
  Options.store(Opts, "ReportProgramLifetimeMembers",
                ReportProgramLifetimeMembers);
  Options.store(Opts, "ReportPointerElements", ReportPointerElements);
  Options.store(Opts, "MaxGrowthNotes", MaxGrowthNotes);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
  Options.store(Opts, "LeakSummaries", Summaries.option());
}

void UnboundedCacheCheck::registerPPCallbacks(const SourceManager &SM,
                                              Preprocessor *PP,
                                              Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

const CXXRecordDecl *
UnboundedCacheCheck::listedContainer(const CXXRecordDecl *Record) const {
  if (!Record)
    return nullptr;
  Record = Record->getCanonicalDecl();
  auto [It, Inserted] = ListedCache.try_emplace(Record, nullptr);
  if (!Inserted)
    return It->second;
  const CXXRecordDecl *Found = nullptr;
  if (llvm::any_of(ContainerTypes, [&](StringRef Name) {
        return leakguard::analysis::hasQualifiedName(Record, Name);
      }))
    Found = Record;
  else if (const CXXRecordDecl *Definition = Record->getDefinition())
    for (const CXXBaseSpecifier &Base : Definition->bases())
      if ((Found = listedContainer(Base.getType()->getAsCXXRecordDecl())))
        break;
  return ListedCache[Record] = Found;
}

const CXXRecordDecl *UnboundedCacheCheck::listedContainer(QualType T) const {
  T = T.getNonReferenceType();
  if (const auto *Pointer = T->getAs<PointerType>())
    T = Pointer->getPointeeType();
  return listedContainer(T->getAsCXXRecordDecl());
}

bool UnboundedCacheCheck::holdsContainer(const CXXRecordDecl *Record) const {
  if (!Record || !Record->hasDefinition())
    return false;
  Record = Record->getDefinition();
  auto [It, Inserted] = HolderCache.try_emplace(Record, false);
  if (Inserted)
    It->second = llvm::any_of(Record->fields(), [&](const FieldDecl *Field) {
      return listedContainer(Field->getType()) != nullptr;
    });
  return It->second;
}

UnboundedCacheCheck::RefKind
UnboundedCacheCheck::refKind(const ValueDecl *D) const {
  auto [It, Inserted] = RefKinds.try_emplace(D, RefersToNothing);
  if (!Inserted)
    return It->second;
  const SourceManager &SM = D->getASTContext().getSourceManager();
  auto InSystemHeader = [&] {
    return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
  };
  RefKind Kind = RefersToNothing;
  if (const auto *Function = dyn_cast<FunctionDecl>(D)) {
    if (!isa<CXXMethodDecl>(Function) &&
        (Function->getStorageClass() == SC_Static ||
         Function->isInAnonymousNamespace()))
      Kind = RefersToInternal;
  } else {
    const auto *Var = dyn_cast<VarDecl>(D);
    if (((Var && Var->hasGlobalStorage()) || isa<FieldDecl>(D)) &&
        listedContainer(D->getType()) && !InSystemHeader())
      Kind = RefersToTarget;
  }
  return RefKinds[D] = Kind;
}

UnboundedCacheCheck::CallKind
UnboundedCacheCheck::callKind(const FunctionDecl *Callee) const {
  auto [It, Inserted] = CallKinds.try_emplace(Callee, CallsNothing);
  if (!Inserted)
    return It->second;
  CallKind Kind = CallsNothing;
  QualType Returned = Callee->getReturnType();
  const SourceManager &SM = Callee->getASTContext().getSourceManager();
  if (Returned->isLValueReferenceType() &&
      listedContainer(Returned->getPointeeType()) &&
      !SM.isInSystemHeader(SM.getExpansionLoc(Callee->getLocation())))
    Kind = CallsAccessor;
  else if (const IdentifierInfo *Name = Callee->getIdentifier();
           Name &&
           (Name->getName() == "call_once" ||
            Name->getName() == "pthread_once") &&
           (leakguard::analysis::hasQualifiedName(Callee, "::std::call_once") ||
            leakguard::analysis::hasQualifiedName(Callee, "::pthread_once") ||
            leakguard::analysis::hasQualifiedName(Callee, "::absl::call_once")))
    Kind = CallsOnce;
  return CallKinds[Callee] = Kind;
}

namespace {

/// Whether \p Node is written outside the system headers.
bool inUserCode(const Stmt &Node, const ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  return !SM.isInSystemHeader(SM.getExpansionLoc(Node.getBeginLoc()));
}

/// The declaration \p E (behind parentheses and implicit casts) refers to,
/// when it names a candidate container (a DeclRefExpr or a MemberExpr).
const Expr *targetRef(const Expr *E, const UnboundedCacheCheck &Check) {
  E = E->IgnoreParenImpCasts();
  const ValueDecl *D = nullptr;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    D = Ref->getDecl();
  else if (const auto *Member = dyn_cast<MemberExpr>(E))
    D = Member->getMemberDecl();
  return D && Check.refKind(D) == UnboundedCacheCheck::RefersToTarget ? E
                                                                      : nullptr;
}

} // namespace

/// Collects every use the check decides from, in one walk of the user's
/// code (see UserCodeVisitor): a matcher per kind of node would cost its
/// dispatch at every reference, call and variable of the unit, the
/// standard library's included. Each node costs a kind test and, for
/// references and calls, a lookup of the declaration's cached answer.
///
/// Template instantiations are walked too: their uses repeat the
/// template's.
class UnboundedCacheCheck::Collector
    : public leakguard::analysis::UserCodeVisitor<Collector> {
public:
  Collector(UnboundedCacheCheck &Check, ASTContext &Context)
      : UserCodeVisitor(Context), Check(Check), Context(Context) {}

  /// Every reference to a candidate (containers with static storage, and
  /// members of classes, which may be singletons: decided at the end of
  /// the translation unit): what it does is decided later. References to
  /// the functions other files cannot call: one called only by main, once,
  /// fills its containers at start-up (from argv, from the configuration).
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    RefKind Kind = Check.refKind(Ref->getDecl());
    if (Kind == RefersToNothing || !inUserCode(*Ref, Context))
      return true;
    if (Kind == RefersToTarget)
      Check.addUse(Ref, Ref->getDecl());
    else
      Check
          .InternalFunctionRefs[cast<FunctionDecl>(Ref->getDecl())
                                    ->getCanonicalDecl()]
          .push_back(Ref);
    return true;
  }

  bool VisitMemberExpr(MemberExpr *Member) {
    if (Check.refKind(Member->getMemberDecl()) == RefersToTarget &&
        inUserCode(*Member, Context))
      Check.addUse(Member, Member->getMemberDecl());
    return true;
  }

  /// Member and operator calls on a candidate: most uses, classified from
  /// the call alone. Calls of a function of the user's that returns a
  /// container by reference: `cache()[host] = ip` grows the static that
  /// `cache()` hands out. std::call_once and the like run their callable
  /// once: growth there is start-up filling. A call may be several.
  bool VisitCallExpr(CallExpr *Call) {
    const Expr *Object = nullptr;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
      Object = Member->getImplicitObjectArgument();
    else if (const auto *Operator = dyn_cast<CXXOperatorCallExpr>(Call);
             Operator && Operator->getNumArgs() > 0)
      Object = Operator->getArg(0);
    const Expr *Ref = Object ? targetRef(Object, Check) : nullptr;
    const FunctionDecl *Callee = Call->getDirectCallee();
    CallKind Kind = Callee ? Check.callKind(Callee) : CallsNothing;
    if ((!Ref && Kind == CallsNothing) || !inUserCode(*Call, Context))
      return true;
    if (Ref) {
      if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
        Callee = Member->getMethodDecl();
      std::string Name = memberName(Callee);
      if (!Name.empty())
        Check.CallsOn[Ref] = {Call, Check.Names.insert(Name).first->getKey()};
    }
    if (Kind == CallsAccessor)
      Check.AccessorCalls[Call->getDirectCallee()->getCanonicalDecl()]
          .push_back(Call);
    else if (Kind == CallsOnce)
      Check.addOnceCall(*Call);
    return true;
  }

  /// Classes with a container member that have an instance of static
  /// storage duration (a global, a static member, a function-local static,
  /// or a static pointer to one): singleton candidates.
  bool VisitVarDecl(VarDecl *Var) {
    if (!Var->hasGlobalStorage())
      return true;
    const SourceManager &SM = Context.getSourceManager();
    if (SM.isInSystemHeader(SM.getExpansionLoc(Var->getBeginLoc())))
      return true;
    QualType T = Var->getType();
    if (const auto *Pointer =
            dyn_cast<PointerType>(T->getUnqualifiedDesugaredType())) {
      // A static pointer makes a singleton only when it owns the object it
      // starts with; one set to `&local` or later proves nothing.
      const Expr *Init = Var->getInit();
      if (!Init || !isa<CXXNewExpr>(stripped(Init)))
        return true;
      T = Pointer->getPointeeType();
    }
    const auto *Record = dyn_cast<RecordType>(T->getUnqualifiedDesugaredType());
    const auto *Class =
        Record ? dyn_cast<CXXRecordDecl>(Record->getDecl()) : nullptr;
    if (Class && Check.holdsContainer(Class))
      ++Check.StaticInstances[Class->getCanonicalDecl()];
    return true;
  }

  /// Every construction of a class with a container member: one made
  /// outside the static instances means the class is not a singleton.
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    const CXXRecordDecl *Class = Construct->getConstructor()->getParent();
    if (Check.holdsContainer(Class) && inUserCode(*Construct, Context))
      ++Check.Constructions[Class->getCanonicalDecl()];
    return true;
  }

private:
  UnboundedCacheCheck &Check;
  ASTContext &Context;
};

void UnboundedCacheCheck::registerMatchers(MatchFinder *Finder) {
  // One match, the unit: its user code is walked once (see Collector). In
  // a unit being summarized, its summary (who calls which function) is
  // written even when no container concerns it.
  Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

void UnboundedCacheCheck::check(const MatchFinder::MatchResult &Result) {
  Context = Result.Context;
  if (Result.Nodes.getNodeAs<TranslationUnitDecl>("unit"))
    Collector(*this, *Context).TraverseAST(*Context);
}

void UnboundedCacheCheck::addUse(const Expr *Ref, const ValueDecl *D) {
  // A static data member of a class template's instantiation is the
  // template's own: one candidate for all instantiations.
  const ValueDecl *Instance = nullptr;
  if (const auto *Var = dyn_cast<VarDecl>(D))
    if (const VarDecl *Pattern = Var->getInstantiatedFromStaticDataMember()) {
      Instance = Var;
      D = Pattern;
    }
  Candidate &C = Candidates[cast<ValueDecl>(D->getCanonicalDecl())];
  C.Uses.push_back({Ref});
  if (Instance && !C.Instance)
    C.Instance = Instance;
}

void UnboundedCacheCheck::addOnceCall(const CallExpr &Once) {
  for (const Expr *Arg : Once.arguments()) {
    const Expr *Callable = stripped(Arg);
    if (const auto *Unary = dyn_cast<UnaryOperator>(Callable))
      Callable = stripped(Unary->getSubExpr());
    OnceArguments.insert(Callable);
    if (const auto *Fn = dyn_cast<DeclRefExpr>(Callable))
      if (isa<FunctionDecl>(Fn->getDecl()))
        OnceFunctions.insert(Fn->getDecl()->getCanonicalDecl());
  }
}

bool UnboundedCacheCheck::isSingleton(const CXXRecordDecl *Record) const {
  Record = Record->getCanonicalDecl();
  auto Instances = StaticInstances.find(Record);
  if (Instances == StaticInstances.end())
    return false;
  auto Made = Constructions.find(Record);
  return Made == Constructions.end() || Made->second <= Instances->second;
}

bool UnboundedCacheCheck::isCandidate(const ValueDecl *D,
                                      const Candidate &C) const {
  bool IsConst = false;
  QualType T = C.Instance ? C.Instance->getType() : D->getType();
  if (!containerRecordOf(T, &IsConst) || IsConst || T->isDependentType())
    return false;
  if (const auto *Var = dyn_cast<VarDecl>(D))
    return Var->hasGlobalStorage() && !Var->isConstexpr();
  const auto *Field = cast<FieldDecl>(D);
  const auto *Record = dyn_cast<CXXRecordDecl>(Field->getParent());
  // Members of objects that live for the process (known from the
  // summaries) only on request: on real code their growth was mostly
  // registration at start-up through methods the summaries cannot rule out.
  return Record && !isa<ClassTemplateSpecializationDecl>(Record) &&
         (isSingleton(Record) ||
          (ReportProgramLifetimeMembers && livesForProcess(Record)));
}

bool UnboundedCacheCheck::livesForProcess(const CXXRecordDecl *Record) const {
  std::string Key = leakguard::analysis::protocolKey(Record);
  if (Key.empty())
    return false;
  const leakguard::summary::SummaryIndex *Index = Summaries.index().get();
  leakguard::analysis::SummaryRecorder::get().ask(Key, "lifetime", Index);
  const leakguard::summary::ClassSummary *Class =
      Index ? Index->destroyedClass(Key) : nullptr;
  return Class && Class->livesForProcess();
}

bool UnboundedCacheCheck::classReachableElsewhere(
    const CXXRecordDecl *Record, AccessSpecifier Access) const {
  const SourceManager &SM = Context->getSourceManager();
  if (!Record->isExternallyVisible())
    return false;
  if (llvm::all_of(Record->redecls(), [&](const Decl *Redecl) {
        return SM.isInMainFile(SM.getExpansionLoc(Redecl->getLocation()));
      }))
    return false;
  if (Access != AS_private || Record->hasFriends())
    return true;
  // A private member of a class whose member functions are all defined
  // here cannot be touched by another translation unit.
  return llvm::any_of(Record->methods(), [](const CXXMethodDecl *Method) {
    return !Method->isImplicit() && !Method->isDefined() &&
           !Method->isDeleted() && !Method->isPureVirtual();
  });
}

bool UnboundedCacheCheck::reachableElsewhere(const ValueDecl *D) const {
  const SourceManager &SM = Context->getSourceManager();
  if (const auto *Var = dyn_cast<VarDecl>(D)) {
    if (Var->isStaticLocal())
      return false;
    if (Var->isStaticDataMember())
      return classReachableElsewhere(cast<CXXRecordDecl>(Var->getDeclContext()),
                                     Var->getAccess());
    if (!Var->isExternallyVisible())
      return false;
    return llvm::any_of(Var->redecls(), [&](const VarDecl *Redecl) {
      return !SM.isInMainFile(SM.getExpansionLoc(Redecl->getLocation()));
    });
  }
  return classReachableElsewhere(
      cast<CXXRecordDecl>(cast<FieldDecl>(D)->getParent()), D->getAccess());
}

bool UnboundedCacheCheck::functionReachableElsewhere(
    const FunctionDecl *Fn) const {
  const SourceManager &SM = Context->getSourceManager();
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Fn))
    return classReachableElsewhere(Method->getParent(), Method->getAccess());
  if (!Fn->isExternallyVisible())
    return false;
  return llvm::any_of(Fn->redecls(), [&](const FunctionDecl *Redecl) {
    return !SM.isInMainFile(SM.getExpansionLoc(Redecl->getLocation()));
  });
}

const FunctionDecl *UnboundedCacheCheck::accessorOf(const ValueDecl *D,
                                                    const Use &U,
                                                    const Root &R) const {
  // `static auto &cache() { static std::unordered_map<...> m; return m; }`:
  // a function-local static returned by non-const reference from its own
  // function.
  const auto *Var = dyn_cast<VarDecl>(D);
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(R.Owner);
  if (!Var || !Var->isStaticLocal() || !Fn ||
      Var->getDeclContext() != static_cast<const DeclContext *>(Fn) ||
      Fn->isTemplateInstantiation() || Fn->getDescribedFunctionTemplate())
    return nullptr;
  QualType Returned = Fn->getReturnType();
  if (!Returned->isLValueReferenceType() ||
      Returned.getNonReferenceType().isConstQualified())
    return nullptr;
  const Stmt *P = parentOf(U.Ref, *R.Parents);
  while (P && isa<ImplicitCastExpr, ParenExpr>(P))
    P = parentOf(P, *R.Parents);
  return isa_and_nonnull<ReturnStmt>(P) ? Fn : nullptr;
}

UnboundedCacheCheck::Root UnboundedCacheCheck::rootOf(const Expr *E) {
  const SourceManager &SM = Context->getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(E->getBeginLoc());
  FileID File = SM.getFileID(Loc);
  Root Found;
  std::function<bool(const DeclContext *)> Search = [&](const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      if (D->isImplicit())
        continue;
      SourceLocation Begin = SM.getExpansionLoc(D->getBeginLoc());
      SourceLocation End = SM.getExpansionRange(D->getEndLoc()).getEnd();
      if (SM.getFileID(Begin) != File && SM.getFileID(End) != File)
        continue;
      if (SM.isBeforeInTranslationUnit(Loc, Begin) ||
          SM.isBeforeInTranslationUnit(End, Loc))
        continue;
      if (const auto *Template = dyn_cast<TemplateDecl>(D))
        D = Template->getTemplatedDecl();
      if (!D)
        return false;
      // The body or initializer that holds the location, if any.
      auto Take = [&](const Stmt *Body, const Decl *Owner) {
        Found = {Body, Owner, nullptr};
        return Body != nullptr;
      };
      if (const auto *Fn = dyn_cast<FunctionDecl>(D))
        return Take(
            Fn->doesThisDeclarationHaveABody() ? Fn->getBody() : nullptr, Fn);
      if (const auto *Var = dyn_cast<VarDecl>(D))
        return Take(Var->getInit(), Var);
      if (const auto *Field = dyn_cast<FieldDecl>(D))
        return Take(Field->getInClassInitializer(), Field);
      if (const auto *Inner = dyn_cast<DeclContext>(D))
        return Search(Inner);
      return false;
    }
    return false;
  };
  if (!Search(Context->getTranslationUnitDecl()))
    return {};
  // The expression is in the function found, or in one of its
  // instantiations when that is a template or a member of a class template.
  llvm::SmallVector<Root, 4> Bodies{Found};
  if (const auto *Fn = dyn_cast_or_null<FunctionDecl>(Found.Owner)) {
    if (const FunctionTemplateDecl *Template =
            Fn->getDescribedFunctionTemplate())
      for (const FunctionDecl *Spec : Template->specializations())
        if (Spec->getBody())
          Bodies.push_back({Spec->getBody(), Spec, nullptr});
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Fn))
      if (const ClassTemplateDecl *Class =
              Method->getParent()->getDescribedClassTemplate())
        for (const ClassTemplateSpecializationDecl *Spec :
             Class->specializations())
          for (const CXXMethodDecl *Member : Spec->methods()) {
            const FunctionDecl *From =
                Member->getInstantiatedFromMemberFunction();
            const FunctionDecl *Definition = nullptr;
            if (From &&
                From->getCanonicalDecl() == Method->getCanonicalDecl() &&
                Member->hasBody(Definition) && Definition->getBody())
              Bodies.push_back({Definition->getBody(), Definition, nullptr});
          }
  }
  for (Root &R : Bodies) {
    auto &Parents = ParentMaps[R.Body];
    if (!Parents)
      Parents = std::make_shared<ParentMap>(const_cast<Stmt *>(R.Body));
    R.Parents = Parents;
    // The expression must be in that body (and not, say, in a local class).
    for (const Stmt *S = E; S; S = Parents->getParent(const_cast<Stmt *>(S)))
      if (S == R.Body)
        return R;
  }
  return {};
}

/// The call made on the container that \p Ref names, looking through `*p`,
/// parentheses and dependent member expressions.
static std::optional<std::pair<const Expr *, std::string>>
callInContext(const Expr *Ref, const ParentMap &Parents) {
  const Stmt *Child = Ref;
  const Stmt *P = parentOf(Child, Parents);
  while (P && (isa<ImplicitCastExpr, ParenExpr>(P) ||
               (isa<UnaryOperator>(P) &&
                cast<UnaryOperator>(P)->getOpcode() == UO_Deref))) {
    Child = P;
    P = parentOf(P, Parents);
  }
  if (!P)
    return std::nullopt;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
      Op && Op->getNumArgs() > 0 && Op->getArg(0) == Child)
    return std::make_pair(Op, memberName(Op->getDirectCallee()));
  std::string Name;
  if (const auto *Member = dyn_cast<MemberExpr>(P))
    Name = Member->getMemberNameInfo().getAsString();
  else if (const auto *Unresolved = dyn_cast<UnresolvedMemberExpr>(P))
    Name = Unresolved->getMemberNameInfo().getAsString();
  else if (const auto *Dependent = dyn_cast<CXXDependentScopeMemberExpr>(P))
    Name = Dependent->getMemberNameInfo().getAsString();
  else
    return std::nullopt;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(parentOf(P, Parents));
      Call && Call->getCallee()->IgnoreParens() == P)
    return std::make_pair(Call, Name);
  return std::nullopt;
}

Effect UnboundedCacheCheck::classifyInContext(const Expr *Ref, const Root &R,
                                              Family F) const {
  const ParentMap &Parents = *R.Parents;
  const Stmt *Child = Ref;
  const Stmt *P = parentOf(Child, Parents);
  while (P && isa<ImplicitCastExpr, ParenExpr>(P)) {
    Child = P;
    P = parentOf(P, Parents);
  }
  if (!P)
    return Effect::Escapes;
  auto ParamEffect = [](QualType Param) {
    if (!Param->isReferenceType() && !Param->isPointerType())
      return Effect::Neutral; // A copy.
    QualType Pointee = Param->getPointeeType();
    return Pointee.isConstQualified() && !Param->isRValueReferenceType()
               ? Effect::Neutral
               : Effect::Escapes;
  };
  if (isForRange(Ref, Parents))
    return Effect::Neutral; // Iteration.
  if (const auto *DS = dyn_cast<DeclStmt>(P)) {
    const VarDecl *Var = initializedBy(DS, Child);
    return Var ? ParamEffect(Var->getType()) : Effect::Escapes;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(P)) {
    for (unsigned I = 0; I < Construct->getNumArgs(); ++I)
      if (Construct->getArg(I) == Child &&
          I < Construct->getConstructor()->getNumParams())
        return ParamEffect(
            Construct->getConstructor()->getParamDecl(I)->getType());
    return Effect::Escapes;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    unsigned Offset =
        isa<CXXOperatorCallExpr>(Call) && isa_and_nonnull<CXXMethodDecl>(Callee)
            ? 1
            : 0;
    for (unsigned I = Offset; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I) == Child && Callee &&
          I - Offset < Callee->getNumParams())
        return ParamEffect(Callee->getParamDecl(I - Offset)->getType());
    return Effect::Escapes;
  }
  if (const auto *Return = dyn_cast<ReturnStmt>(P)) {
    const auto *Fn = dyn_cast_or_null<FunctionDecl>(R.Owner);
    return Fn ? ParamEffect(Fn->getReturnType()) : Effect::Escapes;
  }
  if (isa<UnaryExprOrTypeTraitExpr>(P))
    return Effect::Neutral;
  return Effect::Escapes;
}

bool UnboundedCacheCheck::isStartUp(const Expr *Growth, const Root &R) const {
  const ParentMap &Parents = *R.Parents;
  const Stmt *Child = Growth;
  for (const Stmt *P = parentOf(Child, Parents); P;
       Child = P, P = parentOf(P, Parents)) {
    if (const auto *Lambda = dyn_cast<LambdaExpr>(P)) {
      if (OnceArguments.contains(Lambda))
        return true;
      // A lambda called right where it is written runs with its
      // surroundings; any other may run at any time.
      const Stmt *Use = parentOf(Lambda, Parents);
      while (Use && isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                        CXXBindTemporaryExpr>(Use))
        Use = parentOf(Use, Parents);
      const auto *Call = dyn_cast_or_null<CXXOperatorCallExpr>(Use);
      if (!Call || Call->getOperator() != OO_Call)
        return false;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P))
      if (const VarDecl *Var = initializedBy(DS, Child);
          Var && Var->isStaticLocal())
        return true; // Runs once, with the static's initialization.
  }
  if (const auto *Var = dyn_cast_or_null<VarDecl>(R.Owner))
    return Var->hasGlobalStorage();
  if (const auto *Fn = dyn_cast_or_null<FunctionDecl>(R.Owner)) {
    if (OnceFunctions.contains(Fn->getCanonicalDecl()))
      return true;
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Fn))
      return isSingleton(Ctor->getParent()) ||
             livesForProcess(Ctor->getParent());
  }
  return false;
}

bool UnboundedCacheCheck::runsOnceAtStartUp(const FunctionDecl *Fn) const {
  std::string Key = leakguard::analysis::summaryKey(Fn);
  if (Key.empty())
    return false;
  const leakguard::summary::SummaryIndex *Index = Summaries.index().get();
  leakguard::analysis::SummaryRecorder::get().ask(Key, "startup", Index);
  return Index && Index->runsAtStartUp(Key);
}

bool UnboundedCacheCheck::calledOnceByMain(const Expr *Growth, const Root &R) {
  // A function other files cannot call, named once in this one: as the
  // callee of a call in main, outside any loop or lambda there; the growth
  // not in a lambda of its own (which may run at any time). Or, through
  // the summaries, a function that the whole program calls once that way
  // (from main, or from a function called once so), or one that such a
  // function calls that way in this file.
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(R.Owner);
  if (!Fn)
    return false;
  for (const Stmt *A = Growth; A; A = parentOf(A, *R.Parents))
    if (isa<LambdaExpr>(A))
      return false;
  if (Fn->isExternallyVisible())
    return runsOnceAtStartUp(Fn);
  if (isa<CXXMethodDecl>(Fn))
    return false;
  auto Refs = InternalFunctionRefs.find(Fn->getCanonicalDecl());
  if (Refs == InternalFunctionRefs.end() || Refs->second.size() != 1)
    return false;
  const Expr *Ref = Refs->second.front();
  Root Caller = rootOf(Ref);
  const auto *Main = dyn_cast_or_null<FunctionDecl>(Caller.Owner);
  if (!Main || !Caller.Parents ||
      !(Main->isMain() ||
        (Main->isExternallyVisible() && runsOnceAtStartUp(Main))))
    return false;
  const Stmt *P = parentOf(Ref, *Caller.Parents);
  while (P && isa<ImplicitCastExpr, ParenExpr>(P))
    P = parentOf(P, *Caller.Parents);
  const auto *Call = dyn_cast_or_null<CallExpr>(P);
  if (!Call || Call->getCallee()->IgnoreParenImpCasts() != Ref)
    return false;
  for (const Stmt *A = Call; A; A = parentOf(A, *Caller.Parents))
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, LambdaExpr>(A))
      return false;
  return true;
}

/// The statement whose condition \p Test is part of: an if, a loop, a
/// conditional operator or the left side of `&&` / `||`.
static const Stmt *conditionOwner(const Expr *Test, const ParentMap &Parents) {
  const Stmt *Child = Test;
  for (const Stmt *P = parentOf(Child, Parents); P;
       Child = P, P = parentOf(P, Parents)) {
    if (const auto *If = dyn_cast<IfStmt>(P))
      return If->getCond() == Child ? P : nullptr;
    if (const auto *While = dyn_cast<WhileStmt>(P))
      return While->getCond() == Child ? P : nullptr;
    if (const auto *For = dyn_cast<ForStmt>(P))
      return For->getCond() == Child ? P : nullptr;
    if (const auto *Do = dyn_cast<DoStmt>(P))
      return Do->getCond() == Child ? P : nullptr;
    if (const auto *Cond = dyn_cast<ConditionalOperator>(P))
      return Cond->getCond() == Child ? P : nullptr;
    if (const auto *Binary = dyn_cast<BinaryOperator>(P);
        Binary && Binary->isLogicalOp() && Binary->getLHS() == Child)
      return P;
    if (!isa<Expr>(P))
      return nullptr;
  }
  return nullptr;
}

bool UnboundedCacheCheck::isGuarded(const Expr *Growth, const Root &R,
                                    llvm::ArrayRef<const Expr *> SizeTests) {
  const SourceManager &SM = Context->getSourceManager();
  for (const Expr *Test : SizeTests) {
    Root TestRoot = rootOf(Test);
    if (TestRoot.Body != R.Body)
      continue;
    const Stmt *Owner = conditionOwner(Test, *R.Parents);
    if (!Owner)
      continue;
    if (isAncestor(Owner, Growth, *R.Parents))
      return true;
    // `if (cache.size() >= N) return;` before the growth.
    if (isa<IfStmt>(Owner) &&
        SM.isBeforeInTranslationUnit(Owner->getEndLoc(), Growth->getBeginLoc()))
      return true;
  }
  return false;
}

void UnboundedCacheCheck::onEndOfTranslationUnit() {
  // In a unit being summarized (a child of `leakguard scan`), the members
  // that are not candidates here are judged too, for the units where they
  // are: only whether this one bounds them.
  leakguard::analysis::SummaryRecorder &Recorder =
      leakguard::analysis::SummaryRecorder::get();
  for (auto &[D, C] : Candidates)
    if (isCandidate(D, C))
      analyze(D, C);
    else if (Recorder.enabled() && mayBeCandidateElsewhere(D, C))
      analyze(D, C, /*Report=*/false);
  if (Recorder.enabled() && Context) {
    Recorder.boundedContainers(*Context, std::move(Bounded));
    // (Who calls which function, for the functions that run at start-up.)
    Recorder.protocols(*Context);
  }
  Summaries.flush();
  Bounded.clear();
  Candidates.clear();
  CallsOn.clear();
  StaticInstances.clear();
  Constructions.clear();
  AccessorCalls.clear();
  InternalFunctionRefs.clear();
  OnceArguments.clear();
  OnceFunctions.clear();
  ParentMaps.clear();
  ListedCache.clear();
  HolderCache.clear();
  RefKinds.clear();
  CallKinds.clear();
  Names.clear();
  Reported.clear();
  Context = nullptr;
}

/// Whether \p Record hands out an instance of itself from a static member
/// (`static Registry &instance()`, `static Registry *get()`, or a static
/// data member of its type): a singleton whose instance another unit
/// defines.
static bool hasInstanceAccessor(const CXXRecordDecl *Record) {
  Record = Record ? Record->getDefinition() : nullptr;
  if (!Record)
    return false;
  auto IsSelf = [&](QualType T) {
    T = T.getNonReferenceType();
    if (const auto *Pointer = T->getAs<PointerType>())
      T = Pointer->getPointeeType();
    const CXXRecordDecl *Of = T->getAsCXXRecordDecl();
    return Of && Of->getCanonicalDecl() == Record->getCanonicalDecl();
  };
  for (const Decl *Member : Record->decls()) {
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Member)) {
      if (Method->isStatic() && IsSelf(Method->getReturnType()))
        return true;
    } else if (const auto *Var = dyn_cast<VarDecl>(Member)) {
      if (Var->isStaticDataMember() && IsSelf(Var->getType()))
        return true;
    }
  }
  return false;
}

bool UnboundedCacheCheck::mayBeCandidateElsewhere(const ValueDecl *D,
                                                  const Candidate &C) const {
  // Not any member of container type (every struct with a string would be
  // summarized): one of a class that hands out its one instance.
  const auto *Field = dyn_cast<FieldDecl>(D);
  bool IsConst = false;
  return Field && !C.Instance &&
         containerRecordOf(Field->getType(), &IsConst) && !IsConst &&
         !Field->getType()->isDependentType() &&
         hasInstanceAccessor(dyn_cast<CXXRecordDecl>(Field->getParent())) &&
         !leakguard::analysis::containerKey(D).empty();
}

void UnboundedCacheCheck::noteBounded(const ValueDecl *D, const Candidate &C) {
  // A template's static (C.Instance) is one per instantiation: no identity
  // across units.
  if (C.Instance || !leakguard::analysis::SummaryRecorder::get().enabled())
    return;
  std::string Key = leakguard::analysis::containerKey(D);
  if (!Key.empty())
    Bounded.emplace(std::move(Key), leakguard::analysis::containerSummary(D));
}

bool UnboundedCacheCheck::boundedElsewhere(const ValueDecl *D,
                                           const Candidate &C) const {
  if (C.Instance)
    return false;
  std::string Key = leakguard::analysis::containerKey(D);
  if (Key.empty())
    return false;
  const leakguard::summary::SummaryIndex *Index = Summaries.index().get();
  // (Asked, with the answer, so that `leakguard scan` analyzes this unit
  // again when the merged summaries answer otherwise.)
  leakguard::analysis::SummaryRecorder::get().ask(Key, "bounded", Index);
  const leakguard::summary::ContainerSummary *Other =
      Index ? Index->boundedContainer(Key) : nullptr;
  // The same container: another one under the same name (an ODR
  // violation) says nothing of this one.
  return Other && Other->Type == leakguard::analysis::containerSummary(D).Type;
}

void UnboundedCacheCheck::analyze(const ValueDecl *D, Candidate &C,
                                  bool Report) {
  const CXXRecordDecl *Listed =
      listedContainer(C.Instance ? C.Instance->getType() : D->getType());
  if (!Listed)
    return;
  Family F = familyOf(Listed);
  if (QualType Element = elementType(Listed, F);
      !Element.isNull() && (isCallable(Element) || (isObjectPointer(Element) &&
                                                    !ReportPointerElements)))
    return;

  // Cheap first: the calls the matchers saw.
  bool NeedContext = false;
  bool Grows = false;
  for (Use &U : C.Uses) {
    auto Call = CallsOn.find(U.Ref);
    if (Call == CallsOn.end()) {
      NeedContext = true;
      continue;
    }
    U.Call = Call->second.first;
    U.Member = Call->second.second;
    const FunctionDecl *Callee =
        isa<CXXMemberCallExpr>(U.Call)
            ? cast<CXXMemberCallExpr>(U.Call)->getMethodDecl()
            : cast<CallExpr>(U.Call)->getDirectCallee();
    U.What = classifyCall(U.Call, U.Member, Callee, F, *Context);
    if (U.What == Effect::Bounds || U.What == Effect::Escapes) {
      noteBounded(D, C);
      return;
    }
    Grows |= U.What == Effect::Grows;
  }
  if (!Grows && !NeedContext)
    return;
  // What is only judged for the summaries: a member that is no candidate
  // here is judged by its calls alone (cheap; what escapes through another
  // use is not noted, and another unit reports rather than stays quiet).
  if (!Report)
    return;
  // A container another unit bounds (by the summaries) is bounded. Its uses
  // here are judged on only when this unit is summarized.
  bool Recording = leakguard::analysis::SummaryRecorder::get().enabled();
  if ((!ReportExternallyVisible && reachableElsewhere(D)) ||
      boundedElsewhere(D, C)) {
    if (!Recording || !NeedContext)
      return;
    Report = false;
  }

  // Deep where needed: the other uses in context. The calls of a function
  // that returns the container by reference are added as uses on the way.
  for (size_t I = 0; I < C.Uses.size(); ++I) {
    Use &U = C.Uses[I];
    if (U.Call)
      continue;
    Root R = rootOf(U.Ref);
    if (!R.Body)
      return;
    if (const FunctionDecl *Accessor = accessorOf(D, U, R)) {
      // Its callers may be in another translation unit.
      if (!ReportExternallyVisible && functionReachableElsewhere(Accessor))
        return;
      U.What = Effect::Neutral;
      U.Accessor = Accessor;
      auto Calls = AccessorCalls.find(Accessor->getCanonicalDecl());
      if (Calls != AccessorCalls.end())
        for (const Expr *Call : Calls->second)
          C.Uses.push_back({Call});
      continue;
    }
    // A use in a class template that depends on its parameters
    // (`this->m[k]`): its instantiations, uses of their own, say what it
    // does.
    if (C.Instance && isa_and_nonnull<FunctionDecl>(R.Owner) &&
        cast<FunctionDecl>(R.Owner)->isDependentContext()) {
      const Stmt *P = parentOf(U.Ref, *R.Parents);
      while (P && isa<ImplicitCastExpr, ParenExpr>(P))
        P = parentOf(P, *R.Parents);
      if (const auto *User = dyn_cast_or_null<Expr>(P);
          User && User->isTypeDependent()) {
        U.What = Effect::Neutral;
        continue;
      }
    }
    if (auto Call = callInContext(U.Ref, *R.Parents)) {
      U.Call = Call->first;
      U.Member = Names.insert(Call->second).first->getKey();
      const FunctionDecl *Callee = nullptr;
      if (const auto *CE = dyn_cast<CallExpr>(U.Call))
        Callee = CE->getDirectCallee();
      U.What = classifyCall(U.Call, U.Member, Callee, F, *Context);
    } else {
      U.What = classifyInContext(U.Ref, R, F);
    }
    if (U.What == Effect::Bounds || U.What == Effect::Escapes) {
      noteBounded(D, C);
      return;
    }
  }
  if (!Report)
    return;

  llvm::SmallVector<const Expr *, 4> SizeTests;
  for (const Use &U : C.Uses)
    if (U.What == Effect::SizeTest)
      SizeTests.push_back(U.Call);
  // The growth sites that run again and again, unguarded.
  llvm::SmallVector<const Use *, 4> Growth;
  const ParmVarDecl *FromParameter = nullptr;
  for (const Use &U : C.Uses) {
    if (U.What != Effect::Grows)
      continue;
    Root R = rootOf(U.Call);
    if (!R.Body || isStartUp(U.Call, R) || calledOnceByMain(U.Call, R) ||
        isGuarded(U.Call, R, SizeTests))
      continue;
    // The same place in a template and its instantiations: one note.
    if (llvm::any_of(Growth, [&](const Use *G) {
          return G->Call->getExprLoc() == U.Call->getExprLoc();
        }))
      continue;
    Growth.push_back(&U);
    if (!FromParameter)
      FromParameter = parameterIn(addedValue(U.Call, U.Member, F));
  }
  if (Growth.empty())
    return;
  report(D, F, Listed, C, Growth, FromParameter);
}

std::optional<std::string>
UnboundedCacheCheck::unsupportedUse(const Use &U, Family F, bool Ordered,
                                    StringRef Bounded) {
  if (U.Accessor) {
    // `auto &cache()` hands out the new type as well.
    if (U.Accessor->getDeclaredReturnType()->getContainedAutoType())
      return std::nullopt;
    return "'" + U.Accessor->getNameAsString() + "' returns it as '" +
           U.Accessor->getDeclaredReturnType().getAsString(
               Context->getPrintingPolicy()) +
           "'";
  }
  if (!U.Call) {
    Root R = rootOf(U.Ref);
    if (R.Body && isForRange(U.Ref, *R.Parents) && F != Family::String) {
      if (Ordered)
        return std::string("it is iterated here in key order");
      return std::nullopt;
    }
    return std::string("it is used here other than through a member call");
  }
  if (Ordered && isOrdered(U.Member))
    return "'" + U.Member.str() + "' here depends on the key order";
  int Arity = cacheArity(U.Member, F);
  size_t NumArgs = callArguments(U.Call).size();
  if (Arity == -3 || (Arity >= 0 && NumArgs != static_cast<size_t>(Arity)) ||
      (Arity == -2 && NumArgs == 0))
    return "'" + Bounded.str() + "' has no '" + U.Member.str() + "' with " +
           std::to_string(NumArgs) + " argument" + (NumArgs == 1 ? "" : "s");
  if (U.Member == "insert" &&
      isa<CXXStdInitializerListExpr>(stripped(callArguments(U.Call)[0])))
    return "'" + Bounded.str() + "' has no 'insert' of a list";
  if (returnsIterator(U.Member, F)) {
    Root R = rootOf(U.Call);
    if (!R.Body || !iteratorResultFits(U.Call, *R.Parents))
      return "the iterator that '" + U.Member.str() +
             "' returns here is used as a standard iterator";
  }
  return std::nullopt;
}

std::string UnboundedCacheCheck::boundedType(const CXXRecordDecl *Listed,
                                             Family F) const {
  if (!Listed->isInStdNamespace())
    return std::string();
  StringRef Name = Listed->getName();
  // The siblings of the default cache live in its header.
  bool Siblings = CacheType == "leakguard::ttl_cache";
  switch (F) {
  case Family::Map:
    return Name == "unordered_map" || Name == "map" ? CacheType : std::string();
  case Family::Set:
    return Siblings && (Name == "unordered_set" || Name == "set")
               ? "leakguard::ttl_set"
               : std::string();
  case Family::Sequence:
    return Siblings && llvm::is_contained({"vector", "deque", "list"}, Name)
               ? "leakguard::bounded_log"
               : std::string();
  case Family::String: {
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Listed);
    return Siblings && Name == "basic_string" && Spec &&
                   Spec->getTemplateArgs()[0].getKind() ==
                       TemplateArgument::Type &&
                   Context->hasSameType(Spec->getTemplateArgs()[0].getAsType(),
                                        Context->CharTy)
               ? "leakguard::bounded_string"
               : std::string();
  }
  }
  return std::string();
}

std::string UnboundedCacheCheck::boundedDeclaration(const ValueDecl *D,
                                                    StringRef Bounded,
                                                    unsigned NumArgs) const {
  PrintingPolicy Policy(Context->getLangOpts());
  Policy.SuppressTagKeyword = true;
  QualType T = D->getType().getNonReferenceType();
  if (const auto *Pointer = T->getAs<PointerType>())
    T = Pointer->getPointeeType();
  // The arguments as written (`std::string`), through aliases; the
  // canonical ones when the type was never spelled with them.
  ArrayRef<TemplateArgument> Written;
  if (const auto *Spec = T->getAs<TemplateSpecializationType>())
    Written = Spec->template_arguments();
  else if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
               containerRecordOf(D->getType())))
    Written = Spec->getTemplateArgs().asArray();
  std::string Args[2] = {"?", "?"};
  for (unsigned I = 0; I < NumArgs && I < Written.size(); ++I)
    if (Written[I].getKind() == TemplateArgument::Type)
      Args[I] = Written[I].getAsType().getAsString(Policy);
  // In a template, the arguments as the source spells them (`T`).
  if (const auto *Declarator = dyn_cast<DeclaratorDecl>(D);
      Declarator && Declarator->getTypeSourceInfo()) {
    TypeLoc Loc = Declarator->getTypeSourceInfo()->getTypeLoc();
    if (auto Elaborated = Loc.getAs<ElaboratedTypeLoc>())
      Loc = Elaborated.getNamedTypeLoc();
    if (auto Spec = Loc.getAs<TemplateSpecializationTypeLoc>();
        Spec && Spec.getNumArgs() >= NumArgs && isStaticOfInstantiation(D))
      for (unsigned I = 0; I < NumArgs; ++I) {
        StringRef Text = Lexer::getSourceText(
            CharSourceRange::getTokenRange(Spec.getArgLoc(I).getSourceRange()),
            Context->getSourceManager(), Context->getLangOpts());
        if (!Text.empty())
          Args[I] = Text.str();
      }
  }
  std::string Type = Bounded.str();
  if (NumArgs == 1)
    Type += "<" + Args[0] + ">";
  else if (NumArgs == 2)
    Type += "<" + Args[0] + ", " + Args[1] + ">";
  return Type + " " + D->getName().str() +
         constructorArguments(NumArgs == 2 || Bounded == "leakguard::ttl_set");
}

std::string UnboundedCacheCheck::constructorArguments(bool Timed) const {
  std::string Args = "{" + std::to_string(MaxEntries);
  if (Timed && TimeToLive > 0)
    Args += ", std::chrono::seconds(" + std::to_string(TimeToLive) + ")";
  return Args + "}";
}

std::optional<std::string>
UnboundedCacheCheck::declarationFix(const ValueDecl *D, Family F,
                                    StringRef Bounded,
                                    llvm::SmallVectorImpl<FixItHint> &Fixes) {
  const SourceManager &SM = Context->getSourceManager();
  const LangOptions &LangOpts = Context->getLangOpts();
  const auto *Declarator = cast<DeclaratorDecl>(D);
  // The `}` of an empty initializer (`m{}`, `m = {}`), which the fix
  // replaces.
  SourceLocation EmptyInitEnd;
  if (const auto *Var = dyn_cast<VarDecl>(D)) {
    if (Var->getPreviousDecl() || Var->getMostRecentDecl() != Var)
      return std::string("it is declared more than once");
    if (const Expr *Init = Var->getInit()) {
      const auto *Construct = dyn_cast<CXXConstructExpr>(Init);
      if (!Construct || Construct->getNumArgs() != 0)
        return std::string("it has an initializer");
      EmptyInitEnd = Construct->getParenOrBraceRange().getEnd();
      if (EmptyInitEnd.isMacroID())
        return std::string("its declaration is in a macro");
    }
  } else {
    const auto *Field = cast<FieldDecl>(D);
    if (Field->hasInClassInitializer())
      return std::string("it has an initializer");
    for (const CXXConstructorDecl *Ctor :
         cast<CXXRecordDecl>(Field->getParent())->ctors())
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten() && Init->getMember() == Field)
          return std::string("a constructor initializes it");
  }
  TypeLoc Loc = Declarator->getTypeSourceInfo()->getTypeLoc();
  SourceLocation TypeBegin = Loc.getBeginLoc();
  if (auto Elaborated = Loc.getAs<ElaboratedTypeLoc>())
    Loc = Elaborated.getNamedTypeLoc();
  // What the fix replaces: the template's name (its arguments stay), or for
  // a string the whole `std::string`.
  SourceLocation ReplacedEnd, TypeEnd;
  if (F == Family::String) {
    if (!Loc.getAs<TypedefTypeLoc>())
      return std::string("its type is not spelled 'std::string'");
    ReplacedEnd = TypeEnd = Loc.getEndLoc();
  } else {
    auto Spec = Loc.getAs<TemplateSpecializationTypeLoc>();
    if (!Spec)
      return std::string("its type is spelled through an alias");
    if (Spec.getNumArgs() != (F == Family::Map ? 2u : 1u))
      return std::string("it has a custom hash, key comparison or allocator");
    ReplacedEnd = Spec.getTemplateNameLoc();
    TypeEnd = Spec.getRAngleLoc();
  }
  SourceLocation Name = D->getLocation();
  if (TypeBegin.isMacroID() || TypeEnd.isMacroID() || Name.isMacroID())
    return std::string("its declaration is in a macro");
  // Exactly `type name;`: one declarator, no pointer or reference.
  SourceLocation AfterType =
      Lexer::getLocForEndOfToken(TypeEnd, 0, SM, LangOpts);
  StringRef Between = Lexer::getSourceText(
      CharSourceRange::getCharRange(AfterType, Name), SM, LangOpts);
  std::optional<Token> Next = Lexer::findNextToken(
      EmptyInitEnd.isValid() ? EmptyInitEnd : Name, SM, LangOpts);
  if (!Between.trim().empty() || !Next || !Next->is(tok::semi))
    return std::string("it is not declared on its own");
  Fixes.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(TypeBegin, ReplacedEnd), Bounded));
  SourceLocation AfterName = Lexer::getLocForEndOfToken(Name, 0, SM, LangOpts);
  Fixes.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getCharRange(
          AfterName, EmptyInitEnd.isValid() ? Lexer::getLocForEndOfToken(
                                                  EmptyInitEnd, 0, SM, LangOpts)
                                            : AfterName),
      constructorArguments(F == Family::Map || F == Family::Set)));
  if (auto Include = leakguard::analysis::insertInclude(
          Inserter, SM, SM.getFileID(Name),
          leakguard::analysis::helperInclude(CacheHeader, HelpersDir, SM,
                                             SM.getFileID(Name)),
          getLangOpts()))
    Fixes.push_back(*Include);
  return std::nullopt;
}

void UnboundedCacheCheck::report(const ValueDecl *D, Family F,
                                 const CXXRecordDecl *Listed,
                                 const Candidate &C,
                                 llvm::ArrayRef<const Use *> Growth,
                                 const ParmVarDecl *FromParameter) {
  // The fix: a bounded type of the header, when every use fits it.
  llvm::SmallVector<FixItHint, 4> Fixes;
  std::string Bounded = boundedType(Listed, F);
  std::optional<std::pair<SourceLocation, std::string>> NoFix;
  if (!Bounded.empty())
    NoFix = boundedFix(D, F, Listed, C, Bounded, Fixes);

  static constexpr StringRef Added[] = {
      "entries are added", "elements are added", "elements are appended",
      "text is appended"};
  static constexpr StringRef AddedFrom[] = {
      "entries keyed by the parameter %2 are added",
      "elements from the parameter %2 are added",
      "elements from the parameter %2 are appended",
      "text from the parameter %2 is appended"};
  static constexpr StringRef Advice[] = {
      "use a bounded cache such as '%1'", "cap its size or evict old elements",
      "cap its size or use a ring buffer", "cap its size or write it out"};
  unsigned Kind = static_cast<unsigned>(F);
  std::string Message =
      FromParameter
          ? ("%0 grows without bound on caller data: " + AddedFrom[Kind] +
             " but never removed; " + Advice[Kind])
                .str()
          : ("%0 grows without bound: " + Added[Kind] + " but never removed; " +
             Advice[Kind])
                .str();
  // At the definition, when it is not the first declaration.
  SourceLocation At = D->getLocation();
  if (const auto *Var = dyn_cast<VarDecl>(D))
    if (const VarDecl *Definition = Var->getDefinition())
      At = Definition->getLocation();
  // Once for all instantiations of a template.
  if (!Reported.insert(At.getRawEncoding()).second)
    return;
  {
    auto Diag = diag(At, Message) << D << CacheType;
    if (FromParameter)
      Diag << FromParameter;
    for (const FixItHint &Fix : Fixes)
      Diag << Fix;
  }
  unsigned Notes = 0;
  for (const Use *U : Growth) {
    if (Notes++ == MaxGrowthNotes)
      break;
    const ParmVarDecl *Parm = parameterIn(addedValue(U->Call, U->Member, F));
    if (Parm)
      diag(U->Call->getExprLoc(),
           "%0 grows here with data from the parameter %1", DiagnosticIDs::Note)
          << D << Parm;
    else
      diag(U->Call->getExprLoc(), "%0 grows here", DiagnosticIDs::Note) << D;
  }
  if (NoFix)
    diag(NoFix->first.isValid() ? NoFix->first : At,
         "no automatic fix: %0; declare it as '%1'", DiagnosticIDs::Note)
        << NoFix->second << boundedDeclaration(D, Bounded, boundedArguments(F));
  else if (!Fixes.empty())
    return;
  else if (F == Family::Map)
    diag(At,
         "no automatic fix: '%0' has no bounded counterpart; keep its "
         "entries in a bounded cache",
         DiagnosticIDs::Note)
        << Listed->getQualifiedNameAsString();
  else if (F == Family::Set)
    diag(At,
         "no automatic fix for a set: erase old elements once it holds %0, "
         "or keep them in a bounded cache",
         DiagnosticIDs::Note)
        << MaxEntries;
  else if (F == Family::Sequence)
    diag(At,
         "no automatic fix for a sequence: drop the oldest elements once it "
         "holds %0, or use a ring buffer",
         DiagnosticIDs::Note)
        << MaxEntries;
  else if (F == Family::String)
    diag(At,
         "no automatic fix for a string: write it out, or drop the oldest "
         "text past a maximum length",
         DiagnosticIDs::Note);
}

std::optional<std::pair<SourceLocation, std::string>>
UnboundedCacheCheck::boundedFix(const ValueDecl *D, Family F,
                                const CXXRecordDecl *Listed, const Candidate &C,
                                StringRef Bounded,
                                llvm::SmallVectorImpl<FixItHint> &Fixes) {
  if (isStaticOfInstantiation(D))
    return std::make_pair(SourceLocation(),
                          "fixes are not made in template instantiations");
  if (C.Instance)
    return std::make_pair(SourceLocation(),
                          "it is a static member of a class template");
  // std::map and std::set keep their keys in order, and need no hash.
  bool Ordered = Listed->getName() == "map" || Listed->getName() == "set";
  if (Ordered) {
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Listed);
    QualType Key =
        Spec && Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type
            ? Spec->getTemplateArgs()[0].getAsType()
            : QualType();
    if (Key.isNull() || !isHashable(Key))
      return std::make_pair(
          SourceLocation(),
          "its key type '" +
              (Key.isNull() ? std::string("?")
                            : Key.getAsString(Context->getPrintingPolicy())) +
              "' may have no 'std::hash'");
  }
  for (const Use &U : C.Uses)
    if (auto Why = unsupportedUse(U, F, Ordered, Bounded))
      return std::make_pair(U.Ref->getBeginLoc(), *Why);
  if (auto Why = declarationFix(D, F, Bounded, Fixes)) {
    Fixes.clear();
    return std::make_pair(SourceLocation(), *Why);
  }
  return std::nullopt;
}

} // namespace clang::tidy::leak
