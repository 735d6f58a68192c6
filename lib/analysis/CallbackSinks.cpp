//===--- CallbackSinks.cpp - where a lambda outlives its creation ---------===//

#include "analysis/CallbackSinks.h"
#include "analysis/LockModel.h"
#include "analysis/OptionLists.h"
#include "analysis/ThreadModel.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang;

namespace leakguard::analysis {

namespace {

/// How many calls, variables and parameters deep a callable is followed.
constexpr unsigned MaxDepth = 4;

/// Sinks that run the callable once on another thread and then drop it:
/// threads, and the thread pools' submissions.
const llvm::StringRef ThreadSinks[] = {
    "std::thread",          "std::jthread",
    "std::async",           "BS::thread_pool::submit_task",
    "BS::thread_pool::detach_task", "BS::thread_pool::submit",
    "BS::thread_pool::push_task",   "ThreadPool::enqueue"};

const llvm::StringRef BuiltinSinks[] = {
    // Threads: the callable lives as long as the thread runs.
    "std::thread", "std::jthread", "std::async",
    // cpp-httplib: routes and handlers of a server.
    "httplib::Server::Get", "httplib::Server::Post", "httplib::Server::Put",
    "httplib::Server::Patch", "httplib::Server::Delete",
    "httplib::Server::Options", "httplib::Server::set_error_handler",
    "httplib::Server::set_exception_handler",
    "httplib::Server::set_pre_routing_handler",
    "httplib::Server::set_post_routing_handler", "httplib::Server::set_logger",
    "httplib::Server::set_file_request_handler",
    // Crow: CROW_ROUTE(app, url)(handler) and websocket rules.
    "crow::DynamicRule::operator()", "crow::TaggedRule::operator()",
    "crow::CatchallRule::operator()", "crow::WebSocketRule::onopen",
    "crow::WebSocketRule::onmessage", "crow::WebSocketRule::onclose",
    "crow::WebSocketRule::onerror", "crow::WebSocketRule::onaccept",
    // Drogon: handlers and advices of the application.
    "drogon::HttpAppFramework::registerHandler",
    "drogon::HttpAppFramework::registerHandlerViaRegex",
    "drogon::HttpAppFramework::registerPreRoutingAdvice",
    "drogon::HttpAppFramework::registerPostHandlingAdvice",
    // Repeating timers.
    "trantor::EventLoop::runEvery", "QTimer::callOnTimeout",
    // Signal connections.
    "boost::signals2::signal::connect", "QObject::connect",
    "sigc::signal::connect",
    // Thread-pool submission: queued until a worker runs it.
    "BS::thread_pool::submit_task", "BS::thread_pool::detach_task",
    "BS::thread_pool::submit", "BS::thread_pool::push_task",
    "ThreadPool::enqueue"};

/// Member functions of the standard containers that keep their argument.
bool isInserter(StringRef Name) {
  static const llvm::StringRef Names[] = {
      "push_back", "emplace_back",    "push_front",       "emplace_front",
      "insert",    "emplace",         "emplace_hint",     "try_emplace",
      "push",      "insert_or_assign", "assign",          "insert_after",
      "emplace_after"};
  return llvm::is_contained(Names, Name);
}

/// Boost.Asio's one-shot completion handlers (`async_*`, and `post`,
/// `dispatch`, `defer` of its namespace): run once, then destroyed.
bool isOneShot(const FunctionDecl *F) {
  if (!F->getIdentifier())
    return false;
  StringRef Name = F->getName();
  if (Name.starts_with("async_"))
    return true;
  if (Name != "post" && Name != "dispatch" && Name != "defer")
    return false;
  for (const DeclContext *Ctx = F->getDeclContext(); Ctx;
       Ctx = Ctx->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(Ctx);
        NS && NS->getName() == "asio")
      return true;
  return false;
}

/// Where the object an expression names lives.
enum class Place { None, This, ThisMember, Global, Local };
struct Storage {
  Place Kind = Place::None;
  const ValueDecl *Decl = nullptr;
};

Storage storageOf(const Expr *E);

/// The place of the object a call returns by reference: a static or global
/// the callee (defined in this file) returns, or a member of the object it
/// is called on; None when the callee returns anything else.
Storage storageReturnedBy(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  const FunctionDecl *Definition = nullptr;
  if (!Callee || !Callee->getReturnType()->isReferenceType() ||
      !Callee->hasBody(Definition) || !Definition->getBody())
    return {};
  Storage Result;
  bool Known = true;
  forEachStatement(Definition->getBody(), [&](const Stmt *S) {
    const auto *Return = dyn_cast<ReturnStmt>(S);
    if (!Return)
      return Known && !isa<LambdaExpr>(S);
    Storage Returned;
    const Expr *Value = Return->getRetValue();
    if (const auto *Ref = Value ? dyn_cast<DeclRefExpr>(
                                      Value->IgnoreParenImpCasts())
                                : nullptr) {
      const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
      if (Var && Var->hasGlobalStorage())
        Returned = {Place::Global, Var};
    } else if (const auto *Member =
                   Value ? dyn_cast<MemberExpr>(Value->IgnoreParenImpCasts())
                         : nullptr;
               Member && isa<CXXThisExpr>(
                             Member->getBase()->IgnoreParenImpCasts()) &&
               !Member->getMemberDecl()->getType()->isReferenceType()) {
      // A member of the object the call is made on.
      const auto *MemberCall = dyn_cast<CXXMemberCallExpr>(Call);
      Storage Object =
          MemberCall ? storageOf(MemberCall->getImplicitObjectArgument())
                     : Storage{};
      if (Object.Kind == Place::This)
        Returned = {Place::ThisMember, Member->getMemberDecl()};
      else if (Object.Kind == Place::ThisMember ||
               Object.Kind == Place::Global)
        Returned = Object;
    }
    if (Returned.Kind == Place::None ||
        (Result.Kind != Place::None && Result.Decl != Returned.Decl))
      Known = false;
    Result = Returned;
    return Known;
  });
  return Known ? Result : Storage{};
}

/// The place of the object \p E designates: `this`, a member of `this` (or
/// of an object it owns by value or by smart pointer), a global or static, a
/// local (not a reference, not through a pointer). Parameters, references
/// and raw pointers lead elsewhere: None.
Storage storageOf(const Expr *E) {
  if (!E)
    return {};
  E = E->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(E))
    return {Place::This, nullptr};
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getNumArgs() == 0)
      return {};
    OverloadedOperatorKind Kind = Op->getOperator();
    if (Kind == OO_Subscript)
      return storageOf(Op->getArg(0));
    if (Kind == OO_Arrow || (Kind == OO_Star && Op->getNumArgs() == 1)) {
      // Through a smart pointer member: an object this one owns.
      Storage Owner = storageOf(Op->getArg(0));
      return Owner.Kind == Place::ThisMember || Owner.Kind == Place::Global
                 ? Owner
                 : Storage{};
    }
    return {};
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E))
    return storageOf(Subscript->getBase());
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    const Expr *Base = Member->getBase()->IgnoreParenImpCasts();
    // A reference member names an object this one does not own (a timer
    // or a registry shared by the server).
    if (Member->getMemberDecl()->getType()->isReferenceType())
      return {};
    if (isa<CXXThisExpr>(Base))
      return {Place::ThisMember, Member->getMemberDecl()};
    // Through a raw pointer: an object this one does not own.
    if (Member->isArrow())
      return {};
    Storage Owner = storageOf(Base);
    return Owner.Kind == Place::This ? Storage{} : Owner;
  }
  // A function that returns a reference to a static or a member
  // (`registry()`, `routes()`): the object it returns.
  if (const auto *Call = dyn_cast<CallExpr>(E))
    return storageReturnedBy(Call);
  if (const auto *Dependent = dyn_cast<CXXDependentScopeMemberExpr>(E))
    if (Dependent->isImplicitAccess() ||
        isa<CXXThisExpr>(Dependent->getBase()->IgnoreParenImpCasts()))
      return {Place::ThisMember, nullptr};
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (!Var)
      return {};
    if (Var->hasGlobalStorage())
      return {Place::Global, Var};
    if (isa<ParmVarDecl>(Var) || Var->getType()->isReferenceType())
      return {};
    return {Place::Local, Var};
  }
  return {};
}

/// Whether \p S may contain \p Inner, by source ranges (where macros were
/// expanded): a cheap test before a parent map is built.
bool rangeContains(const Stmt *S, const Stmt *Inner, const SourceManager &SM) {
  SourceRange Outer = S->getSourceRange(), In = Inner->getSourceRange();
  if (Outer.isInvalid() || In.isInvalid())
    return false;
  return !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(In.getBegin()),
                                       SM.getExpansionLoc(Outer.getBegin())) &&
         !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Outer.getEnd()),
                                       SM.getExpansionLoc(In.getEnd()));
}

bool matchesName(const NamedDecl *D, StringRef Name) {
  if (D->getIdentifier())
    return hasQualifiedName(D, Name);
  // `Rule::operator()`: the operator's spelling, then its class.
  std::string Own = D->getNameAsString();
  if (!Name.consume_back(Own) || !Name.consume_back("::"))
    return false;
  const auto *Parent = dyn_cast<NamedDecl>(D->getDeclContext());
  return Parent && Parent->getIdentifier() && hasQualifiedName(Parent, Name);
}

} // namespace

llvm::ArrayRef<llvm::StringRef> builtinCallbackSinks() { return BuiltinSinks; }

std::vector<std::string> parseCallbackSinks(StringRef List,
                                            std::vector<std::string> &Errors) {
  std::vector<std::string> Names;
  for (const std::string &Text : splitList(List)) {
    StringRef Entry = Text;
    StringRef Rest = Entry;
    Rest.consume_front("::");
    bool Valid = !Rest.empty();
    llvm::SmallVector<StringRef, 4> Parts;
    Rest.split(Parts, "::");
    for (StringRef Part : Parts) {
      bool Identifier = !Part.empty() && !isdigit(Part.front()) &&
                        llvm::all_of(Part, [](char C) {
                          return isalnum(static_cast<unsigned char>(C)) ||
                                 C == '_';
                        });
      bool Operator = Part == Parts.back() && Part.starts_with("operator") &&
                      Part.size() > strlen("operator");
      Valid &= Identifier || Operator;
    }
    if (Valid)
      Names.push_back(Entry.str());
    else
      Errors.push_back(Entry.str());
  }
  return Names;
}


std::string describeSink(const CallbackSink &Sink) {
  auto Quoted = [](const NamedDecl *D) {
    return "'" + D->getQualifiedNameAsString() + "'";
  };
  switch (Sink.Kind) {
  case SinkKind::Member:
    return Sink.Storage ? "is stored in member '" +
                              Sink.Storage->getNameAsString() + "'"
                        : "is stored in a member";
  case SinkKind::Global: {
    const auto *Var = dyn_cast_or_null<VarDecl>(Sink.Storage);
    if (!Var)
      return "is stored in a global";
    const char *What = Var->isStaticLocal()       ? "the static "
                       : Var->isStaticDataMember() ? "the static member "
                                                   : "the global ";
    return std::string("is stored in ") + What + "'" +
           Var->getNameAsString() + "'";
  }
  case SinkKind::Thread:
    if (isa<FunctionDecl>(Sink.Callee))
      return "runs in " + Quoted(Sink.Callee);
    return "runs on a " + Quoted(Sink.Callee);
  case SinkKind::StoringFunction:
    return "is kept by " + Quoted(Sink.Callee);
  case SinkKind::Configured:
    return "is registered with '" + Sink.ConfiguredName + "'";
  }
  llvm_unreachable("unknown sink kind");
}

CallbackSinks::CallbackSinks(std::vector<std::string> Extra) {
  for (StringRef Name : BuiltinSinks)
    Names.push_back(Name.str());
  llvm::append_range(Names, Extra);
}

void CallbackSinks::clear() {
  Parents.clear();
  StoredParameters.clear();
}

const ParentMap &CallbackSinks::parentsOf(const Stmt *Root) {
  std::unique_ptr<ParentMap> &Map = Parents[Root];
  if (!Map)
    Map = std::make_unique<ParentMap>(const_cast<Stmt *>(Root));
  return *Map;
}

StringRef CallbackSinks::configuredName(const NamedDecl *D) const {
  for (const std::string &Name : Names)
    if (matchesName(D, Name))
      return Name;
  return {};
}

bool CallbackSinks::findRoot(const LambdaExpr &Lambda, Root &R) {
  const auto *Function =
      dyn_cast<FunctionDecl>(Lambda.getLambdaClass()->getDeclContext());
  return Function && findRootIn(*Function, Lambda, R);
}

bool CallbackSinks::findRootIn(const FunctionDecl &Fn, const Expr &E, Root &R) {
  const FunctionDecl *Function = &Fn;
  const SourceManager &SM = Function->getASTContext().getSourceManager();
  auto Holds = [&](const Stmt *Candidate) {
    return Candidate && rangeContains(Candidate, &E, SM) &&
           (Candidate == &E ||
            parentsOf(Candidate).hasParent(const_cast<Expr *>(&E)));
  };
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Function))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->getMember() && Holds(Init->getInit())) {
        R = {Init->getInit(), Init->getMember()};
        return true;
      }
  if (Holds(Function->getBody())) {
    R = {Function->getBody(), nullptr};
    return true;
  }
  return false;
}

const Stmt *CallbackSinks::rootOf(const LambdaExpr &Lambda) {
  Root R;
  return findRoot(Lambda, R) ? R.Body : nullptr;
}

std::optional<CallbackSink> CallbackSinks::sinkOf(const LambdaExpr &Lambda) {
  Root R;
  if (!findRoot(Lambda, R))
    return std::nullopt;
  return sinkOfUse(&Lambda, R, 0);
}

std::optional<CallbackSink>
CallbackSinks::sinkOfCallable(const Expr &Callable,
                              const FunctionDecl &Function) {
  Root R;
  if (!findRootIn(Function, Callable, R))
    return std::nullopt;
  return sinkOfUse(&Callable, R, 0);
}

namespace {

/// Whether the value of \p Parent holds the callable \p Child holds:
/// conversions, temporaries, a `std::function` or an aggregate built from
/// it, `std::move`, a lambda that captures it. \p IsSinkClass tells the
/// constructors that are sinks themselves (threads, configured classes).
bool carries(const Stmt *Parent, const Stmt *Child,
             llvm::function_ref<bool(const CXXConstructExpr *)> IsSinkClass) {
  if (isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
          CXXBindTemporaryExpr, ExprWithCleanups, ExplicitCastExpr,
          InitListExpr, CXXParenListInitExpr, CXXStdInitializerListExpr,
          AbstractConditionalOperator>(Parent))
    return true;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Parent))
    return !IsSinkClass(Construct);
  if (const auto *Call = dyn_cast<CallExpr>(Parent))
    return isStdCall(Call, {"move", "forward", "make_pair", "make_tuple",
                            "make_shared", "make_unique", "bind"});
  if (const auto *Lambda = dyn_cast<LambdaExpr>(Parent))
    return llvm::is_contained(Lambda->capture_inits(), Child);
  return false;
}

} // namespace

std::optional<CallbackSink>
CallbackSinks::sinkOfUse(const Stmt *E, const Root &R, unsigned Depth) {
  if (Depth > MaxDepth)
    return std::nullopt;
  const ParentMap &PM = parentsOf(R.Body);
  auto IsSinkClass = [&](const CXXConstructExpr *Construct) {
    return !configuredName(Construct->getConstructor()->getParent()).empty();
  };
  const Stmt *Child = E;
  const Stmt *Parent = PM.getParent(Child);
  while (Parent && carries(Parent, Child, IsSinkClass)) {
    Child = Parent;
    Parent = PM.getParent(Parent);
  }
  if (!Parent) {
    // The whole initializer of a member in a constructor.
    if (!R.Field)
      return std::nullopt;
    CallbackSink Sink;
    Sink.Kind = SinkKind::Member;
    Sink.Storage = R.Field;
    Sink.OnThisObject = true;
    Sink.At = dyn_cast<Expr>(Child);
    return Sink;
  }

  auto Stored = [&](Storage Where,
                    const Expr *At) -> std::optional<CallbackSink> {
    CallbackSink Sink;
    Sink.At = At;
    Sink.Storage = Where.Decl;
    switch (Where.Kind) {
    case Place::ThisMember:
      Sink.Kind = SinkKind::Member;
      Sink.OnThisObject = true;
      return Sink;
    case Place::Global:
      Sink.Kind = SinkKind::Global;
      return Sink;
    case Place::Local:
      return sinkOfVariable(cast<VarDecl>(Where.Decl), R, Depth + 1);
    case Place::None:
    case Place::This:
      return std::nullopt;
    }
    llvm_unreachable("unknown place");
  };

  // An assignment: the callable goes where the left-hand side lives.
  if (const auto *Assign = dyn_cast<BinaryOperator>(Parent))
    return Assign->getOpcode() == BO_Assign && Assign->getRHS() == Child
               ? Stored(storageOf(Assign->getLHS()), Assign)
               : std::nullopt;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Parent);
      Op && Op->getOperator() == OO_Equal)
    return Op->getNumArgs() == 2 && Op->getArg(1) == Child
               ? Stored(storageOf(Op->getArg(0)), Op)
               : std::nullopt;

  // A variable initialized with it: a static keeps it, a local passes it on.
  if (const auto *Decls = dyn_cast<DeclStmt>(Parent)) {
    for (const Decl *D : Decls->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (!Var || Var->getInit() != Child)
        continue;
      if (Var->hasGlobalStorage()) {
        CallbackSink Sink;
        Sink.Kind = SinkKind::Global;
        Sink.Storage = Var;
        Sink.At = cast<Expr>(Child);
        return Sink;
      }
      return sinkOfVariable(Var, R, Depth + 1);
    }
    return std::nullopt;
  }

  // An argument of a call or a constructor.
  auto ArgumentIndex = [&](auto Arguments) -> std::optional<unsigned> {
    unsigned Index = 0;
    for (const Expr *Arg : Arguments) {
      if (Arg == Child)
        return Index;
      ++Index;
    }
    return std::nullopt;
  };
  if (const auto *Call = dyn_cast<CallExpr>(Parent)) {
    std::optional<unsigned> Index = ArgumentIndex(Call->arguments());
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Index || !Callee)
      return std::nullopt;
    const Expr *Object = nullptr;
    unsigned ParamIndex = *Index;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      Object = Member->getImplicitObjectArgument();
    } else if (isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee)) {
      // The object of a member operator is its first argument; a lambda
      // called on the spot (`[...] { ... }()`) goes nowhere.
      if (*Index == 0)
        return std::nullopt;
      Object = Call->getArg(0);
      ParamIndex = *Index - 1;
    }
    // Inserted into a standard container: where the container lives.
    if (Object && Callee->getIdentifier() && isInserter(Callee->getName()) &&
        Callee->getASTContext().getSourceManager().isInSystemHeader(
            Callee->getLocation()))
      return Stored(storageOf(Object), Call);
    std::optional<CallbackSink> Sink =
        sinkOfCall(Call, Callee, Object, ParamIndex, Depth);
    return Sink;
  }
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Parent)) {
    std::optional<unsigned> Index = ArgumentIndex(Construct->arguments());
    if (!Index)
      return std::nullopt;
    return sinkOfCall(Construct, Construct->getConstructor(), nullptr, *Index,
                      Depth);
  }
  return std::nullopt;
}

std::optional<CallbackSink>
CallbackSinks::sinkOfCall(const Expr *Call, const FunctionDecl *Callee,
                          const Expr *Object, unsigned ParamIndex,
                          unsigned Depth) {
  if (isOneShot(Callee))
    return std::nullopt;
  Storage Receiver = Object ? storageOf(Object) : Storage{};
  bool OnThis =
      Receiver.Kind == Place::This || Receiver.Kind == Place::ThisMember;
  const NamedDecl *Named = Callee;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee))
    Named = Ctor->getParent();
  if (StringRef Name = configuredName(Named); !Name.empty()) {
    CallbackSink Sink;
    Sink.Kind = llvm::is_contained(ThreadSinks, Name) ? SinkKind::Thread
                                                      : SinkKind::Configured;
    Sink.Callee = Named;
    Sink.ConfiguredName = Name.str();
    Sink.OnThisObject = Sink.Kind == SinkKind::Configured && OnThis;
    if (Receiver.Kind == Place::ThisMember)
      Sink.Storage = Receiver.Decl;
    Sink.At = Call;
    return Sink;
  }
  if (isa<CXXConstructorDecl>(Callee))
    return std::nullopt;
  std::optional<CallbackSink> Inner =
      storesParameterAt(Callee, ParamIndex, Depth + 1);
  if (!Inner)
    return std::nullopt;
  CallbackSink Sink = *Inner;
  Sink.At = Call;
  if (Inner->Kind == SinkKind::Member || Inner->Kind == SinkKind::Global ||
      Inner->Kind == SinkKind::StoringFunction) {
    Sink.Kind = SinkKind::StoringFunction;
    Sink.Callee = Callee;
    // Kept in a member of the receiver: of this object when the receiver is
    // `this` or one of its members.
    Sink.OnThisObject = Inner->OnThisObject && OnThis;
    if (Receiver.Kind == Place::ThisMember && Receiver.Decl)
      Sink.Storage = Receiver.Decl;
  } else {
    Sink.OnThisObject = Sink.OnThisObject && OnThis;
  }
  return Sink;
}

bool isCallbackSetter(const FunctionDecl &Function) {
  const FunctionDecl *Definition = nullptr;
  if (!Function.hasBody(Definition))
    return false;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(Definition->getBody());
  if (!Body)
    return false;
  // A parameter of a callable type: a function pointer, or a class with a
  // call operator (std::function, a lambda's type).
  auto IsCallableParameter = [](const Expr *E) {
    bool Found = false;
    forEachStatement(E, [&](const Stmt *S) {
      const auto *Ref = dyn_cast<DeclRefExpr>(S);
      const auto *Parm = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
      if (!Parm)
        return !Found;
      QualType T = Parm->getType().getNonReferenceType();
      if (T->isFunctionPointerType()) {
        Found = true;
        return false;
      }
      const CXXRecordDecl *Record = T->getAsCXXRecordDecl();
      if (Record && Record->hasDefinition() &&
          !Record
               ->lookup(
                   Record->getASTContext().DeclarationNames.getCXXOperatorName(
                       OO_Call))
               .empty())
        Found = true;
      return !Found;
    });
    return Found;
  };
  return llvm::all_of(Body->body(), [&](const Stmt *S) {
    if (isa<NullStmt>(S))
      return true;
    if (const auto *Return = dyn_cast<ReturnStmt>(S))
      return !Return->getRetValue();
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      return false;
    E = E->IgnoreImplicit();
    if (const auto *Assign = dyn_cast<BinaryOperator>(E))
      return Assign->isAssignmentOp();
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
        Op && Op->getOperator() == OO_Equal)
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(E))
      return llvm::any_of(Call->arguments(), IsCallableParameter);
    return false;
  });
}

std::optional<CallbackSink>
CallbackSinks::storesParameter(const FunctionDecl *Function, unsigned Index) {
  return storesParameterAt(Function, Index, 0);
}

std::optional<CallbackSink>
CallbackSinks::storesParameterAt(const FunctionDecl *Function, unsigned Index,
                                 unsigned Depth) {
  const FunctionDecl *Definition = nullptr;
  if (Depth > MaxDepth || !Function || !Function->hasBody(Definition) ||
      !Definition || Index >= Definition->getNumParams())
    return std::nullopt;
  const SourceManager &SM = Definition->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(Definition->getLocation()))
    return std::nullopt;
  auto Key = std::make_pair(Definition, Index);
  if (auto It = StoredParameters.find(Key); It != StoredParameters.end())
    return It->second;
  // Recursive functions: "not stored" while this one is being decided.
  StoredParameters[Key] = std::nullopt;
  const ParmVarDecl *Param = Definition->getParamDecl(Index);
  std::optional<CallbackSink> Result;
  auto Scan = [&](const Root &R) {
    forEachStatement(R.Body, [&](const Stmt *S) {
      if (Result)
        return false;
      if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
          Ref && Ref->getDecl() == Param)
        Result = sinkOfUse(Ref, R, Depth);
      return true;
    });
  };
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Definition))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (!Result && Init->getMember() && Init->getInit())
        Scan({Init->getInit(), Init->getMember()});
  if (!Result && Definition->getBody())
    Scan({Definition->getBody(), nullptr});
  StoredParameters[Key] = Result;
  return Result;
}

std::optional<CallbackSink>
CallbackSinks::sinkOfVariable(const VarDecl *Var, const Root &R,
                              unsigned Depth) {
  if (Depth > MaxDepth)
    return std::nullopt;
  std::optional<CallbackSink> Result;
  forEachStatement(R.Body, [&](const Stmt *S) {
    if (Result)
      return false;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Var)
      Result = sinkOfUse(Ref, R, Depth + 1);
    return true;
  });
  return Result;
}

namespace {

/// Whether \p E names the member \p Field of this object.
bool isThisMember(const Expr *E, const FieldDecl &Field) {
  const auto *Member =
      E ? dyn_cast<MemberExpr>(E->IgnoreParenImpCasts()) : nullptr;
  return Member && Member->getMemberDecl() == &Field &&
         isa<CXXThisExpr>(Member->getBase()->IgnoreParenImpCasts());
}

/// Whether \p E is an empty value: `nullptr`, `{}`, `T()`.
bool isEmptyValue(const Expr *E) {
  E = E->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      Construct && Construct->getNumArgs() == 1)
    E = Construct->getArg(0)->IgnoreImplicit();
  if (isa<CXXNullPtrLiteralExpr, GNUNullExpr>(E))
    return true;
  if (const auto *Init = dyn_cast<InitListExpr>(E))
    return Init->getNumInits() == 0;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    return Construct->getNumArgs() == 0;
  return isa<CXXScalarValueInitExpr>(E);
}

/// Whether \p S empties \p Field (see classEmptiesMember).
bool emptiesMember(const Stmt *S, const FieldDecl &Field) {
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *Callee = Call->getMethodDecl();
    if (!Callee || !Callee->getIdentifier() ||
        !isThisMember(Call->getImplicitObjectArgument(), Field))
      return false;
    // reset(p) replaces what the member holds: the new value may close the
    // same cycle again.
    if (Callee->getName() == "reset")
      return Call->getNumArgs() == 0 || isEmptyValue(Call->getArg(0));
    return llvm::is_contained(
        {"clear", "erase", "swap", "pop_back", "pop_front", "pop"},
        Callee->getName());
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
    return isThisMember(Op->getArg(0), Field) && isEmptyValue(Op->getArg(1));
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && Call->getNumArgs() >= 1 &&
      isStdCall(Call, {"move", "exchange", "swap"}))
    return isThisMember(Call->getArg(0), Field) ||
           (Call->getNumArgs() == 2 && isThisMember(Call->getArg(1), Field));
  return false;
}

/// Whether \p T owns one object it can let go of while it lives:
/// `std::unique_ptr`, `std::shared_ptr`, `std::optional`.
bool isOwningHandle(QualType T) {
  const auto *Record = T.getCanonicalType()->getAsCXXRecordDecl();
  return Record && Record->getIdentifier() && Record->isInStdNamespace() &&
         llvm::is_contained({"unique_ptr", "shared_ptr", "optional"},
                            Record->getName());
}

} // namespace

bool classEmptiesMember(const FieldDecl &Field) {
  const auto *Record = dyn_cast<CXXRecordDecl>(Field.getParent());
  if (!Record)
    return false;
  for (const CXXMethodDecl *Method : Record->methods()) {
    // A cycle forms after the constructor and keeps the destructor from
    // running: neither breaks it.
    if (isa<CXXConstructorDecl, CXXDestructorDecl>(Method))
      continue;
    const FunctionDecl *Definition = nullptr;
    if (!Method->hasBody(Definition) || !Definition->getBody())
      continue;
    bool Empties = false;
    // The callback's result only says whether to look below S: siblings
    // are still visited once the member is found emptied.
    forEachStatement(Definition->getBody(), [&](const Stmt *S) {
      Empties = Empties || emptiesMember(S, Field);
      return !Empties;
    });
    if (Empties)
      return true;
  }
  return false;
}

bool holderLetsGo(const CallbackSink &Sink) {
  const auto *Field = dyn_cast_or_null<FieldDecl>(Sink.Storage);
  if (!Field)
    return false;
  switch (Sink.Kind) {
  case SinkKind::Member:
    return classEmptiesMember(*Field);
  case SinkKind::StoringFunction:
  case SinkKind::Configured:
    // Kept by the object the member owns, which goes when the member is
    // emptied.
    return isOwningHandle(Field->getType()) && classEmptiesMember(*Field);
  default:
    return false;
  }
}

} // namespace leakguard::analysis
