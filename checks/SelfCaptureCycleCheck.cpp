//===--- SelfCaptureCycleCheck.cpp - leak-self-capture-cycle --------------===//

#include "SelfCaptureCycleCheck.h"
#include "analysis/DeclContexts.h"
#include "analysis/FixItBuilders.h"
#include "analysis/FunctionScope.h"
#include "analysis/IncludePlacement.h"
#include "analysis/ThreadModel.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::leak {

namespace {

/// `X` when \p T is `std::shared_ptr<X>`.
std::optional<QualType> sharedPointee(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getCanonicalType()->getAsCXXRecordDecl());
  if (!Spec || !Spec->getIdentifier() || Spec->getName() != "shared_ptr" ||
      !Spec->isInStdNamespace() || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  return Spec->getTemplateArgs()[0].getAsType();
}

/// The classes a member of type \p T holds through `std::shared_ptr`:
/// directly, in an array, or in a standard container or wrapper.
void sharedTargets(QualType T,
                   llvm::SmallVectorImpl<const CXXRecordDecl *> &Out,
                   unsigned Depth) {
  T = T.getCanonicalType();
  if (const auto *Array = dyn_cast<ConstantArrayType>(T.getTypePtr()))
    return sharedTargets(Array->getElementType(), Out, Depth);
  if (std::optional<QualType> Pointee = sharedPointee(T)) {
    if (const CXXRecordDecl *Target = (*Pointee)->getAsCXXRecordDecl())
      if (!llvm::is_contained(Out, Target->getCanonicalDecl()))
        Out.push_back(Target->getCanonicalDecl());
    return;
  }
  if (Depth >= 2)
    return;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace())
    return;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
    if (Arg.getKind() == TemplateArgument::Type)
      sharedTargets(Arg.getAsType(), Out, Depth + 1);
}

/// A member whose type holds some class through `std::shared_ptr`; a cheap
/// test of the type alone, made before anything else.
AST_MATCHER(FieldDecl, holdsSharedPointer) {
  llvm::SmallVector<const CXXRecordDecl *, 2> Targets;
  sharedTargets(Node.getType(), Targets, 0);
  return !Targets.empty();
}

bool isStdCall(const CallExpr *Call, std::initializer_list<StringRef> Names) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  return Callee && Callee->getIdentifier() && Callee->isInStdNamespace() &&
         llvm::is_contained(Names, Callee->getName());
}

/// The `shared_from_this()` call on this object that the value of \p E comes
/// from: directly, through a pointer cast, or through a local initialized
/// with it.
const CXXMemberCallExpr *sharedFromThis(const Expr *E, unsigned Depth) {
  E = leakguard::analysis::stripTransparent(E);
  if (!E)
    return nullptr;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *Method = Call->getMethodDecl();
    if (Method && Method->getIdentifier() &&
        Method->getName() == "shared_from_this" &&
        isa<CXXThisExpr>(
            Call->getImplicitObjectArgument()->IgnoreParenImpCasts()))
      return Call;
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E);
      Call && Call->getNumArgs() == 1 &&
      isStdCall(Call, {"static_pointer_cast", "dynamic_pointer_cast",
                       "const_pointer_cast"}))
    return sharedFromThis(Call->getArg(0), Depth);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E); Ref && Depth < 2)
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && Var->hasLocalStorage() && !isa<ParmVarDecl>(Var) &&
        Var->getInit())
      return sharedFromThis(Var->getInit(), Depth + 1);
  return nullptr;
}

/// Where the sink keeps the lambda, for a message.
std::string placeOf(const leakguard::analysis::CallbackSink &Sink) {
  std::string Member = Sink.Storage ? "member '" +
                                          Sink.Storage->getNameAsString() + "'"
                                    : std::string("a member");
  switch (Sink.Kind) {
  case leakguard::analysis::SinkKind::StoringFunction:
    return Member + " (through '" + Sink.Callee->getQualifiedNameAsString() +
           "')";
  case leakguard::analysis::SinkKind::Configured:
    return (Sink.Storage ? Member : std::string("this object")) +
           " (through '" + Sink.ConfiguredName + "')";
  default:
    return Member;
  }
}

/// Whether the lambda returns nothing: a `void` call operator, or a generic
/// lambda without a declared result and without a `return` of a value.
bool returnsVoid(const LambdaExpr &Lambda) {
  if (!Lambda.isGenericLambda())
    return Lambda.getCallOperator()->getReturnType()->isVoidType();
  if (Lambda.hasExplicitResultType())
    return false;
  bool Value = false;
  leakguard::analysis::forEachStatement(Lambda.getBody(), [&](const Stmt *S) {
    if (const auto *Return = dyn_cast<ReturnStmt>(S); Return &&
                                                       Return->getRetValue())
      Value = true;
    return !Value && !isa<LambdaExpr>(S);
  });
  return !Value;
}

/// Whether a member function of the class of \p Field is defined in another
/// translation unit: it may empty the member, which this one cannot see.
bool mayBeClearedElsewhere(const FieldDecl *Field) {
  const auto *Record = dyn_cast<CXXRecordDecl>(Field->getParent());
  if (!Record)
    return true;
  return llvm::any_of(Record->methods(), [](const CXXMethodDecl *Method) {
    return !Method->isImplicit() && !Method->isDefaulted() &&
           !Method->isDeleted() && !Method->isPureVirtual() &&
           !isa<CXXConstructorDecl, CXXDestructorDecl>(Method) &&
           !Method->isDefined();
  });
}

/// The member a setter stores its callable into (`write_fn_ = cb;` in
/// `SetWriteCallback`), when the callable reaches this object's member
/// through one: the field that really holds the cycle.
const FieldDecl *
fieldTheSetterStores(const leakguard::analysis::CallbackSink &Sink) {
  const auto *Setter = dyn_cast_or_null<CXXMethodDecl>(Sink.Callee);
  const FunctionDecl *Definition = nullptr;
  if (!Setter || !Setter->hasBody(Definition) || !Definition->getBody())
    return nullptr;
  const FieldDecl *Stored = nullptr;
  leakguard::analysis::forEachStatement(
      Definition->getBody(), [&](const Stmt *S) {
        const Expr *Target = nullptr;
        if (const auto *Assign = dyn_cast<BinaryOperator>(S);
            Assign && Assign->getOpcode() == BO_Assign)
          Target = Assign->getLHS();
        else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
                 Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
          Target = Op->getArg(0);
        if (const auto *Member =
                Target ? dyn_cast<MemberExpr>(Target->IgnoreImplicit())
                       : nullptr;
            Member && isa<CXXThisExpr>(Member->getBase()->IgnoreImplicit()))
          Stored = dyn_cast<FieldDecl>(Member->getMemberDecl());
        return !Stored;
      });
  return Stored;
}

/// Whether the object behind a setter breaks the cycle itself: the member
/// the setter fills is emptied by one of its member functions in this file
/// (a Close() that resets the callback when the work completes). One
/// defined in another file is not seen (see the cross-TU summaries).
bool setterHolderBreaksCycle(const leakguard::analysis::CallbackSink &Sink) {
  const FieldDecl *Field = fieldTheSetterStores(Sink);
  return Field && leakguard::analysis::classEmptiesMember(*Field);
}

/// The order that picks one member of a cycle, the same in every
/// translation unit: by file name, then by offset in the file.
bool declaredBefore(const FieldDecl *A, const FieldDecl *B,
                    const SourceManager &SM) {
  SourceLocation LA = SM.getSpellingLoc(A->getLocation());
  SourceLocation LB = SM.getSpellingLoc(B->getLocation());
  StringRef FA = SM.getFilename(LA), FB = SM.getFilename(LB);
  if (FA != FB)
    return FA < FB;
  return SM.getFileOffset(LA) < SM.getFileOffset(LB);
}

} // namespace

SelfCaptureCycleCheck::SelfCaptureCycleCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      MemberCycles(Options.get("MemberCycles", true)),
      RawCallbackSinks(Options.getLocalOrGlobal("CallbackSinks", "")),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  std::vector<std::string> Errors;
  Sinks = leakguard::analysis::CallbackSinks(
      leakguard::analysis::parseCallbackSinks(RawCallbackSinks, Errors));
  for (const std::string &Error : Errors)
    configurationDiag("invalid entry '%0' in option 'CallbackSinks' of check "
                      "'%1': expected a qualified function or class name")
        << Error << Name;
}

void SelfCaptureCycleCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "MemberCycles", MemberCycles);
  Options.store(Opts, "CallbackSinks", RawCallbackSinks);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void SelfCaptureCycleCheck::registerPPCallbacks(
    const SourceManager &SM, Preprocessor *PP, Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void SelfCaptureCycleCheck::registerMatchers(MatchFinder *Finder) {
  // Every lambda of the user's: those that capture shared_from_this() are
  // followed to where they are stored.
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
  // Members that hold a class through std::shared_ptr: the edges of the
  // ownership graph, searched for cycles at the end of the file (and for
  // the objects a stored lambda's std::shared_ptr capture leads back from).
  Finder->addMatcher(
      fieldDecl(holdsSharedPointer(), unless(isExpansionInSystemHeader()))
          .bind("field"),
      this);
  // Member functions of classes that can hand out shared_from_this() and
  // call std::bind: its result, holding the object, may be stored in one of
  // the object's members. The class test first: it is cheap and rules out
  // almost every function before its body is searched.
  leakguard::analysis::FunctionMatchOptions Methods;
  Methods.Where = cxxMethodDecl(ofClass(
      cxxRecordDecl(isDerivedFrom(hasName("::std::enable_shared_from_this")))));
  Bodies = leakguard::analysis::addFunctionMatchers(
      Finder,
      callExpr(
          callee(functionDecl(hasAnyName("::std::bind", "::std::bind_front")))),
      this, Methods);
}

void SelfCaptureCycleCheck::checkBinds(const CXXMethodDecl &Method,
                                       ASTContext &Context) {
  if (leakguard::analysis::isInTemplateInstantiation(Method.getParent()) ||
      Method.isTemplateInstantiation())
    return;
  const auto BindCall =
      callExpr(
          callee(functionDecl(hasAnyName("::std::bind", "::std::bind_front"))))
          .bind("bind");
  const SourceManager &SM = Context.getSourceManager();
  for (const BoundNodes &Match :
       match(findAll(BindCall), *Method.getBody(), Context)) {
    const auto *Call = Match.getNodeAs<CallExpr>("bind");
    const Expr *Self = nullptr;
    const CXXMemberCallExpr *SharedFromThis = nullptr;
    for (const Expr *Arg : Call->arguments())
      if ((SharedFromThis = sharedFromThis(Arg, 0))) {
        Self = Arg;
        break;
      }
    if (!Self)
      continue;
    std::optional<leakguard::analysis::CallbackSink> Sink =
        Sinks.sinkOfCallable(*Call, Method);
    if (!Sink || !Sink->OnThisObject)
      continue;
    if (leakguard::analysis::holderLetsGo(*Sink))
      continue;
    if (setterHolderBreaksCycle(*Sink))
      continue;
    SourceLocation At = Self->getBeginLoc();
    if (!Reported.insert(SM.getExpansionLoc(At).getRawEncoding()).second)
      continue;
    diag(At, "'std::bind' result stored in %0 holds '%1', a "
             "'std::shared_ptr' to its own %2: the object and the callable "
             "keep each other alive and are never freed; store a lambda "
             "that captures 'weak_from_this()' and locks it instead")
        << placeOf(*Sink)
        << leakguard::analysis::textForMessage(Self, SM, getLangOpts(),
                                               "shared_from_this()")
        << Method.getParent();
  }
}

void SelfCaptureCycleCheck::noteSharedCaptures(
    const LambdaExpr &Lambda, const leakguard::analysis::CallbackSink &Sink) {
  // The class whose member function wrote the lambda.
  const auto *Function =
      dyn_cast<CXXMethodDecl>(Lambda.getLambdaClass()->getDeclContext());
  if (!Function)
    return;
  const CXXRecordDecl *This = Function->getParent()->getCanonicalDecl();
  for (const LambdaCapture &Capture : Lambda.captures()) {
    if (!Capture.capturesVariable() || Capture.getCaptureKind() != LCK_ByCopy)
      continue;
    const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
    std::optional<QualType> Pointee =
        Var ? sharedPointee(Var->getType()) : std::nullopt;
    const CXXRecordDecl *Other =
        Pointee ? (*Pointee)->getAsCXXRecordDecl() : nullptr;
    if (!Other || Other->getCanonicalDecl() == This)
      continue;
    SharedCaptures.push_back(
        {Capture.getLocation(), Var, Other->getCanonicalDecl(), This, Sink});
  }
}

void SelfCaptureCycleCheck::reportTwoObjectCycles() {
  for (const SharedCapture &C : SharedCaptures) {
    // A chain of std::shared_ptr members from the captured object's class
    // back to this class (directly, or through the members' classes),
    // shortest first.
    llvm::DenseMap<const CXXRecordDecl *, const Edge *> Via;
    std::vector<const CXXRecordDecl *> Queue = {C.Other};
    Via[C.Other] = nullptr;
    for (size_t I = 0; I < Queue.size() && !Via.count(C.This); ++I) {
      auto It = Edges.find(Queue[I]);
      if (It == Edges.end())
        continue;
      for (const Edge &E : It->second)
        if (Via.try_emplace(E.Target, &E).second)
          Queue.push_back(E.Target);
    }
    if (!Via.count(C.This))
      continue;
    std::vector<const Edge *> Chain;
    for (const Edge *E = Via.lookup(C.This); E;
         E = Via.lookup(
             cast<CXXRecordDecl>(E->Field->getParent())->getCanonicalDecl()))
      Chain.insert(Chain.begin(), E);
    diag(C.Location,
         "lambda stored in %0 captures '%1', a 'std::shared_ptr' to %2, "
         "which holds this %3 through '%4': the two objects keep each other "
         "alive and are never freed; capture a 'std::weak_ptr' and lock it "
         "in the body")
        << placeOf(C.Sink) << C.Var->getName() << C.Other << C.This
        << Chain.front()->Field->getName();
    for (const Edge *E : Chain)
      diag(E->Field->getLocation(), "%0 holds %1 through '%2'",
           DiagnosticIDs::Note)
          << cast<CXXRecordDecl>(E->Field->getParent()) << E->Target
          << E->Field->getName();
  }
}

void SelfCaptureCycleCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *Lambda = Result.Nodes.getNodeAs<LambdaExpr>("lambda")) {
    checkLambda(*Lambda, *Result.Context);
    return;
  }
  if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(
          Result.Nodes.getNodeAs<FunctionDecl>("function"))) {
    checkBinds(*Method, *Result.Context);
    return;
  }
  const auto *Field = Result.Nodes.getNodeAs<FieldDecl>("field");
  Context = Result.Context;
  const auto *Owner = dyn_cast_or_null<CXXRecordDecl>(Field->getParent());
  // A template's members are judged in the template, not per instantiation.
  if (!Owner || Owner->isLambda() ||
      leakguard::analysis::isInTemplateInstantiation(Owner))
    return;
  const SourceManager &SM = Result.Context->getSourceManager();
  llvm::SmallVector<const CXXRecordDecl *, 2> Targets;
  sharedTargets(Field->getType(), Targets, 0);
  for (const CXXRecordDecl *Target : Targets) {
    const CXXRecordDecl *Definition = Target->getDefinition();
    if (Target == Owner->getCanonicalDecl() || !Definition ||
        SM.isInSystemHeader(Definition->getLocation()) ||
        leakguard::analysis::isInTemplateInstantiation(Definition))
      continue;
    Edges[Owner->getCanonicalDecl()].push_back({Field, Target});
  }
}

void SelfCaptureCycleCheck::onEndOfTranslationUnit() {
  if (Context && MemberCycles)
    reportMemberCycles();
  reportTwoObjectCycles();
  SharedCaptures.clear();
  Edges.clear();
  ReportedCycles.clear();
  Context = nullptr;
  Sinks.clear();
  Reported.clear();
}

struct SelfCaptureCycleCheck::SelfCapture {
  const LambdaCapture *Capture;
  const VarDecl *Var;
  /// The shared_from_this() call the capture holds.
  const CXXMemberCallExpr *Call;
};

/// What a strong capture of the object becomes: a weak one, locked at the
/// start of the body.
struct SelfCaptureCycleCheck::WeakPlan {
  std::string SelfName;
  std::string WeakName;
  std::string WeakType;
  /// What the weak pointer is made from (`shared_from_this()`, `self`).
  std::string WeakOf;
  /// Initialized by shared_from_this() itself, where weak_from_this() is.
  bool FromThis = false;
  bool NeedsMemory = false;
  std::string Capture; // `weak = weak_from_this()`
  std::string Lock;    // `auto self = weak.lock();`
  std::string Check;   // `if (!self)`
};

llvm::SmallVector<SelfCaptureCycleCheck::SelfCapture, 1>
SelfCaptureCycleCheck::selfCaptures(const LambdaExpr &Lambda) {
  llvm::SmallVector<SelfCapture, 1> Found;
  for (const LambdaCapture &Capture : Lambda.captures()) {
    if (!Capture.capturesVariable())
      continue;
    const auto *Var = dyn_cast<VarDecl>(Capture.getCapturedVar());
    if (!Var || !Var->getInit())
      continue;
    const CXXMemberCallExpr *Call = nullptr;
    if (Var->isInitCapture())
      Call = sharedFromThis(Var->getInit(), 0);
    else if (Capture.getCaptureKind() == LCK_ByCopy && Var->hasLocalStorage())
      Call = sharedFromThis(Var->getInit(), 1);
    if (Call)
      Found.push_back({&Capture, Var, Call});
  }
  return Found;
}

/// The name of the class whose object \p Call shares: the class of `this`
/// where it was called, a class template's name rather than one of its
/// instantiations'.
static std::string ownClassName(const CXXMemberCallExpr &Call) {
  const CXXRecordDecl *Class = Call.getRecordDecl();
  if (const CXXMethodDecl *Method = Call.getMethodDecl())
    Class = Method->getParent();
  QualType ThisType = Call.getImplicitObjectArgument()
                          ->IgnoreParenImpCasts()
                          ->getType()
                          ->getPointeeType();
  if (const CXXRecordDecl *This =
          ThisType.isNull() ? nullptr : ThisType->getAsCXXRecordDecl())
    Class = This;
  return isa<ClassTemplateSpecializationDecl>(Class)
             ? cast<ClassTemplateSpecializationDecl>(Class)
                   ->getSpecializedTemplate()
                   ->getNameAsString()
             : Class->getNameAsString();
}

void SelfCaptureCycleCheck::checkLambda(const LambdaExpr &Lambda,
                                        ASTContext &Context) {
  const CXXRecordDecl *Closure = Lambda.getLambdaClass();
  if (Closure->getDeclContext()->isDependentContext())
    return;
  bool InInstantiation =
      leakguard::analysis::isInTemplateInstantiation(Closure);
  llvm::SmallVector<SelfCapture, 1> Found = selfCaptures(Lambda);
  // Without a capture of this object, a capture of a std::shared_ptr to
  // another one may close a cycle through that object's members (judged at
  // the end of the file, when every member is known).
  bool HoldsOther = false;
  if (Found.empty() && !InInstantiation)
    for (const LambdaCapture &Capture : Lambda.captures())
      if (Capture.capturesVariable() &&
          Capture.getCaptureKind() == LCK_ByCopy &&
          sharedPointee(Capture.getCapturedVar()->getType()))
        HoldsOther = true;
  if (Found.empty() && !HoldsOther)
    return;
  // Stored by the very object it points to.
  std::optional<leakguard::analysis::CallbackSink> Sink = Sinks.sinkOf(Lambda);
  if (!Sink || !Sink->OnThisObject)
    return;
  // The class clears the member, takes the callback out of it, or lets go
  // of the object that keeps it somewhere: it breaks the cycle itself.
  if (leakguard::analysis::holderLetsGo(*Sink))
    return;
  if (setterHolderBreaksCycle(*Sink))
    return;
  if (Found.empty()) {
    noteSharedCaptures(Lambda, *Sink);
    return;
  }

  const SourceManager &SM = Context.getSourceManager();
  std::string ClassName = ownClassName(*Found.front().Call);
  for (const SelfCapture &Self : Found) {
    SourceLocation At = Self.Capture->getLocation();
    if (!Reported.insert(SM.getExpansionLoc(At).getRawEncoding()).second)
      continue;
    reportSelfCapture(Lambda, Self, Found.size(), InInstantiation, *Sink,
                      ClassName, Context);
  }
}

std::optional<SelfCaptureCycleCheck::WeakPlan>
SelfCaptureCycleCheck::weakPlan(const LambdaExpr &Lambda,
                                const SelfCapture &Self, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  PrintingPolicy Policy(LangOpts);
  Policy.SuppressTagKeyword = true;
  std::optional<QualType> Pointee = sharedPointee(Self.Var->getType());
  if (!Pointee)
    return std::nullopt;
  const CXXRecordDecl *Base = Self.Call->getMethodDecl()->getParent();
  bool HasWeakFromThis = LangOpts.CPlusPlus17 && Base->getIdentifier() &&
                         Base->getName() == "enable_shared_from_this" &&
                         Base->isInStdNamespace();
  WeakPlan Plan;
  Plan.SelfName = Self.Var->getNameAsString();
  Plan.WeakName = leakguard::analysis::freshName(
      {"weak", "weak_self", "weak_this"}, &Lambda, SM, LangOpts);
  // What the capture becomes: weak_from_this() for a capture initialized
  // by shared_from_this() itself, a std::weak_ptr of the same type
  // otherwise.
  bool Direct =
      Self.Var->isInitCapture() &&
      leakguard::analysis::stripTransparent(Self.Var->getInit()) == Self.Call;
  Plan.FromThis = Direct && HasWeakFromThis;
  Plan.WeakType = Pointee->getAsString(Policy);
  Plan.WeakOf =
      Self.Var->isInitCapture()
          ? leakguard::analysis::textForMessage(Self.Var->getInit(), SM,
                                                LangOpts, "shared_from_this()")
          : Plan.SelfName;
  std::string WeakInit = "weak_from_this()";
  if (!Plan.FromThis) {
    WeakInit = "std::weak_ptr<" + Plan.WeakType + ">(" + Plan.WeakOf + ")";
    Plan.NeedsMemory = true;
  }
  Plan.Capture = Plan.WeakName + " = " + WeakInit;
  Plan.Lock = "auto " + Plan.SelfName + " = " + Plan.WeakName + ".lock();";
  Plan.Check = "if (!" + Plan.SelfName + ")";
  return Plan;
}

/// Why the strong capture of a lambda gets no fix, or null: the fix is only
/// for one strong capture in a lambda returning nothing, written outside
/// templates, from C++14 (init-captures), stored where a weak capture
/// cannot lose work.
static const char *noFixReason(const LambdaExpr &Lambda, unsigned Captures,
                               bool InInstantiation,
                               const leakguard::analysis::CallbackSink &Sink,
                               const LangOptions &LangOpts) {
  if (!returnsVoid(Lambda))
    return "the lambda returns a value";
  if (Captures > 1)
    return "several captures hold the object";
  if (InInstantiation)
    return "the lambda is in a template";
  if (!LangOpts.CPlusPlus14)
    return "init-captures need C++14";
  // The function that keeps the lambda also starts work: the lambda may be
  // that work's completion, which the strong capture keeps alive until it
  // runs; with a weak one it might silently never run.
  if (Sink.Kind == leakguard::analysis::SinkKind::StoringFunction &&
      Sink.Callee && isa<FunctionDecl>(Sink.Callee) &&
      !leakguard::analysis::isCallbackSetter(*cast<FunctionDecl>(Sink.Callee)))
    return "the function that keeps it also starts work: a weak capture "
           "would let the object go before this callback runs";
  return nullptr;
}

std::vector<FixItHint> SelfCaptureCycleCheck::weakCaptureFix(
    const LambdaExpr &Lambda, const SelfCapture &Self, const WeakPlan &Plan,
    const char *&NoFix, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  SourceLocation At = Self.Capture->getLocation();
  // The capture: rewritten in place, or added to an implicit one.
  std::optional<FixItHint> CaptureFix;
  if (Self.Var->isInitCapture()) {
    CharSourceRange Range =
        CharSourceRange::getTokenRange(At, Self.Var->getInit()->getEndLoc());
    StringRef Text = Lexer::getSourceText(Range, SM, LangOpts);
    if (!At.isMacroID() && Text.consume_front(Plan.SelfName) &&
        Text.ltrim().starts_with("="))
      CaptureFix = FixItHint::CreateReplacement(Range, Plan.Capture);
  } else if (Self.Capture->isExplicit()) {
    CharSourceRange Range = CharSourceRange::getTokenRange(At, At);
    if (!At.isMacroID() &&
        Lexer::getSourceText(Range, SM, LangOpts) == Plan.SelfName)
      CaptureFix = FixItHint::CreateReplacement(Range, Plan.Capture);
  } else if (!Lambda.getIntroducerRange().getEnd().isMacroID()) {
    CaptureFix = FixItHint::CreateInsertion(
        Lambda.getIntroducerRange().getEnd(), ", " + Plan.Capture);
  }
  const CompoundStmt *Body = Lambda.getCompoundStmtBody();
  SourceLocation Brace = Body->getLBracLoc();
  if (!CaptureFix || Brace.isMacroID() || Lambda.getBeginLoc().isMacroID()) {
    NoFix = "the lambda is written in a macro";
    return {};
  }
  // The body starts by locking it, on lines of its own when the body has
  // them.
  std::string Text;
  const Stmt *First = Body->body_empty() ? nullptr : *Body->body_begin();
  if (First && SM.getSpellingLineNumber(First->getBeginLoc()) !=
                   SM.getSpellingLineNumber(Brace)) {
    std::string Indent =
        leakguard::analysis::indentationOf(First->getBeginLoc(), SM);
    Text = "\n" + Indent + Plan.Lock + "\n" + Indent + Plan.Check + "\n" +
           Indent + "  return;";
  } else {
    Text = " " + Plan.Lock + " " + Plan.Check + " return;";
  }
  std::vector<FixItHint> Fixes;
  Fixes.push_back(*CaptureFix);
  Fixes.push_back(FixItHint::CreateInsertion(Brace.getLocWithOffset(1), Text));
  if (Plan.NeedsMemory)
    if (auto Include = leakguard::analysis::insertInclude(
            Inserter, SM, SM.getFileID(SM.getExpansionLoc(At)), "<memory>",
            getLangOpts()))
      Fixes.push_back(*Include);
  return Fixes;
}

void SelfCaptureCycleCheck::reportSelfCapture(
    const LambdaExpr &Lambda, const SelfCapture &Self, unsigned Captures,
    bool InInstantiation, const leakguard::analysis::CallbackSink &Sink,
    StringRef ClassName, ASTContext &Context) {
  const LangOptions &LangOpts = Context.getLangOpts();
  std::optional<WeakPlan> Plan = weakPlan(Lambda, Self, Context);
  if (!Plan)
    return;
  const char *NoFix =
      noFixReason(Lambda, Captures, InInstantiation, Sink, LangOpts);
  std::vector<FixItHint> Fixes;
  if (!NoFix)
    Fixes = weakCaptureFix(Lambda, Self, *Plan, NoFix, Context);

  SourceLocation At = Self.Capture->getLocation();
  {
    auto Warning =
        diag(At, "lambda stored in %0 captures '%1', a 'std::shared_ptr' to "
                 "its own '%2': the object and the lambda keep each other "
                 "alive and are never freed; %3")
        << placeOf(Sink) << Plan->SelfName << ClassName
        << (Plan->FromThis
                ? "capture 'weak_from_this()' and lock it in the body"
                : "capture a 'std::weak_ptr' and lock it in the body");
    for (const FixItHint &Fix : Fixes)
      Warning << Fix;
  }
  bool Void = returnsVoid(Lambda);
  if (Fixes.empty() && !LangOpts.CPlusPlus14)
    diag(At,
         "no automatic fix (C++11 has no init-captures): declare "
         "'std::weak_ptr<%0> %1(%2);' before the lambda, capture '%1' "
         "instead, and begin the body with '%3 %4 return%5;'",
         DiagnosticIDs::Note)
        << Plan->WeakType << Plan->WeakName << Plan->WeakOf << Plan->Lock
        << Plan->Check << (Void ? "" : " ...");
  else if (Fixes.empty())
    diag(At,
         "no automatic fix (%0): capture '%1' and begin the body with '%2 "
         "%3 return%4;'",
         DiagnosticIDs::Note)
        << NoFix << Plan->Capture << Plan->Lock << Plan->Check
        << (Void ? "" : " ...");
}

void SelfCaptureCycleCheck::reportCycle(llvm::ArrayRef<const Edge *> Cycle,
                                        const SourceManager &SM) {
  auto OwnerOf = [](const Edge &E) {
    return cast<CXXRecordDecl>(E.Field->getParent())->getCanonicalDecl();
  };
  // A class that empties its member (a queue of pending work it pops or
  // clears, a back pointer reset on close) breaks the cycle itself; a class
  // with member functions in another file may do so there.
  if (llvm::any_of(Cycle, [](const Edge *E) {
        return leakguard::analysis::classEmptiesMember(*E->Field) ||
               mayBeClearedElsewhere(E->Field);
      }))
    return;
  // One finding per cycle, at the same member whichever class the search
  // started from: a plain `std::shared_ptr` member (a back pointer) rather
  // than a container of them (the children), and of those the one declared
  // last (by file name, then position).
  llvm::SmallVector<const FieldDecl *, 4> Members;
  for (const Edge *E : Cycle)
    Members.push_back(E->Field);
  llvm::sort(Members);
  if (!ReportedCycles.insert(Members).second)
    return;
  size_t Closing = 0;
  auto Plain = [](const FieldDecl *F) {
    return sharedPointee(F->getType()).has_value();
  };
  for (size_t I = 1; I < Cycle.size(); ++I) {
    const FieldDecl *Best = Cycle[Closing]->Field, *Next = Cycle[I]->Field;
    if (Plain(Best) != Plain(Next) ? Plain(Next)
                                   : declaredBefore(Best, Next, SM))
      Closing = I;
  }
  // The cycle in order, from the class of the closing member's target.
  std::vector<const Edge *> Order;
  for (size_t I = 1; I <= Cycle.size(); ++I)
    Order.push_back(Cycle[(Closing + I) % Cycle.size()]);
  const Edge &Last = *Order.back();
  std::string Names = "'" + OwnerOf(Last)->getNameAsString() + "'";
  for (const Edge *P : Order)
    Names += " -> '" + OwnerOf(*P)->getNameAsString() + "'";
  diag(Last.Field->getLocation(),
       "'std::shared_ptr' member '%0' closes the ownership cycle "
       "%1; objects in it keep each other alive and are never "
       "freed; make '%0' a 'std::weak_ptr'")
      << Last.Field->getName() << Names;
  for (const Edge *P : llvm::ArrayRef(Order).drop_back())
    diag(P->Field->getLocation(), "'%0' holds '%1' through '%2'",
         DiagnosticIDs::Note)
        << OwnerOf(*P)->getName() << P->Target->getName()
        << P->Field->getName();
  diag(Last.Field->getLocation(),
       "no automatic fix: every use of '%0' would need '.lock()'; "
       "hold a 'std::weak_ptr<%1>' in it instead",
       DiagnosticIDs::Note)
      << Last.Field->getName() << Last.Target->getName();
}

void SelfCaptureCycleCheck::reportMemberCycles() {
  enum Color { White, Gray, Black };
  llvm::DenseMap<const CXXRecordDecl *, Color> Colors;
  std::vector<const Edge *> Path;
  auto OwnerOf = [](const Edge &E) {
    return cast<CXXRecordDecl>(E.Field->getParent())->getCanonicalDecl();
  };
  std::function<void(const CXXRecordDecl *)> Visit =
      [&](const CXXRecordDecl *Node) {
        Colors[Node] = Gray;
        auto It = Edges.find(Node);
        if (It != Edges.end()) {
          for (const Edge &E : It->second) {
            Color C = Colors.lookup(E.Target);
            if (C == White) {
              Path.push_back(&E);
              Visit(E.Target);
              Path.pop_back();
              continue;
            }
            if (C != Gray)
              continue;
            // A back edge: the cycle runs from E.Target along the path to
            // Node, and back through E.
            auto Start = llvm::find_if(
                Path, [&](const Edge *P) { return OwnerOf(*P) == E.Target; });
            std::vector<const Edge *> Cycle(Start, Path.end());
            Cycle.push_back(&E);
            reportCycle(Cycle, Context->getSourceManager());
          }
        }
        Colors[Node] = Black;
      };
  for (const auto &Entry : Edges)
    if (Colors.lookup(Entry.first) == White)
      Visit(Entry.first);
}

} // namespace clang::tidy::leak
