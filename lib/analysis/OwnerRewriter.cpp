//===--- OwnerRewriter.cpp - a raw local handle becomes a std::unique_ptr -===//

#include "analysis/OwnerRewriter.h"
#include "analysis/FixItBuilders.h"
#include "analysis/HelperHeaders.h"
#include "analysis/IncludePlacement.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Lex/Lexer.h"
#include <functional>

using namespace clang;

namespace leakguard::analysis {

bool isDescriptorHandle(const ResourceApi *Api, const VarDecl *Handle) {
  if (!Api || !Handle || Api->ReleaseArg != 0 ||
      !llvm::is_contained(Api->Releasers, "close"))
    return false;
  if (Api->OutParam < 0)
    return Handle->getType()->isIntegerType();
  // `int fds[2]` of pipe and socketpair.
  const auto *Pair = dyn_cast_or_null<ConstantArrayType>(
      Handle->getType()->getAsArrayTypeUnsafe());
  return Pair && Pair->getSize() == 2 &&
         Pair->getElementType()->isIntegerType();
}

const DeclStmt *declarationOf(const Expr *Acquire, const VarDecl *Var,
                              const ParentMap &Parents) {
  const auto *Decl = dyn_cast_or_null<DeclStmt>(valueUser(Acquire, Parents));
  if (Decl && Decl->isSingleDecl() && Decl->getSingleDecl() == Var)
    return Decl;
  return nullptr;
}

/// The reason for refusing a use that passes the handle \p Name by
/// mutable reference to \p User: "'p' is passed by reference to 'f'".
static std::string passedByReference(llvm::StringRef Name, const Stmt *User) {
  const auto *Call = dyn_cast_or_null<CallExpr>(User);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return ("'" + Name + "' is passed by reference").str() +
         (Callee ? " to '" + Callee->getNameAsString() + "'" : std::string());
}

bool bindsToMutableReference(const Expr *Use, const Stmt *User,
                             const FunctionDecl *Function) {
  auto Mutable = [](QualType Type) {
    return Type->isLValueReferenceType() &&
           !Type->getPointeeType().isConstQualified();
  };
  if (isa_and_nonnull<ReturnStmt>(User))
    return Function && Mutable(Function->getReturnType());
  const FunctionDecl *Callee = nullptr;
  llvm::ArrayRef<const Expr *> Args;
  unsigned Skip = 0;
  if (const auto *Call = dyn_cast_or_null<CallExpr>(User)) {
    Callee = Call->getDirectCallee();
    Args = llvm::ArrayRef(Call->getArgs(), Call->getNumArgs());
    // `a = b` on a class: the object is the first operand.
    if (isa<CXXOperatorCallExpr>(Call) &&
        isa_and_nonnull<CXXMethodDecl>(Callee))
      Skip = 1;
  } else if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(User)) {
    Callee = Construct->getConstructor();
    Args = llvm::ArrayRef(Construct->getArgs(), Construct->getNumArgs());
  } else {
    return false;
  }
  for (unsigned I = 0; I < Args.size(); ++I) {
    if (Args[I]->IgnoreParenImpCasts() != Use->IgnoreParenImpCasts())
      continue;
    if (I < Skip)
      return false;
    if (!Callee || I - Skip >= Callee->getNumParams())
      return !Callee;
    return Mutable(Callee->getParamDecl(I - Skip)->getType());
  }
  return false;
}

namespace {

/// One rewrite: walks the body once, collecting the edits of each use, and
/// stops at the first reason not to rewrite.
struct Rewrite {
  const Acquired &What;
  const OwnershipResult &Paths;
  const OwnershipEngine &Engine;
  const Stmt *Body;
  const ParentMap &Parents;
  ASTContext &Context;
  const OwnerRewritePolicy &Policy;
  std::string &Why;

  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  const VarDecl *Handle = What.Site.Handle;
  const ResourceApi *Api = What.Site.Api;
  const std::string Name = Handle->getName().str();
  /// A list grown from null by its append function
  /// (`list = curl_slist_append(list, s)`).
  const bool Growing = What.K == Acquired::Handle && Api && Api->Accumulates;
  /// A descriptor in an int: a leakguard::unique_fd owns it.
  const bool Descriptor = What.K == Acquired::Handle &&
                          isDescriptorHandle(Api, Handle) && Api->OutParam < 0;
  /// Two descriptors in `int fds[2]` (pipe, socketpair): two owners,
  /// filled by leakguard::make_pipe and its siblings.
  const bool Pair = What.K == Acquired::Handle &&
                    isDescriptorHandle(Api, Handle) && Api->OutParam >= 0;
  /// A pointer that comes out through an out-parameter
  /// (`sqlite3_open(path, &db)`): the owner is declared where the pointer
  /// was, empty, and the call fills it through `leakguard::out_ptr(db)`.
  const bool OutParam = What.K == Acquired::Handle && Api &&
                        Api->OutParam >= 0 &&
                        Handle->getType()->isPointerType();
  /// The header of the owner's type, and of the adaptor that fills it.
  std::string OwnerHeader =
      Descriptor || Pair ? "<leakguard/unique_fd.h>" : "<memory>";
  std::string AdaptorHeader = OutParam ? "<leakguard/out_ptr.h>" : "";
  const CompoundStmt *Scope = nullptr;
  std::vector<FixItHint> Edits;
  std::string Deleter;
  /// The header that declares the deleter, when the file does not yet.
  std::string DeleterHeader;

  void refuse(const std::string &Reason) {
    if (Why.empty())
      Why = Reason;
  }

  void addGet(const Expr *Ref, StringRef Call = ".get()") {
    SourceLocation End = Ref->getEndLoc();
    if (End.isMacroID()) {
      if (!SM.isMacroArgExpansion(End)) {
        refuse("'" + Name + "' is used inside a macro");
        return;
      }
      End = SM.getSpellingLoc(End);
    }
    Edits.push_back(FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(End, 0, SM, LangOpts), Call));
  }

  /// Whether \p E stands as a statement of its own (its value unused, not
  /// a condition or a returned value).
  bool isStatement(const Expr *E) const {
    const Stmt *Parent = Parents.getParent(E);
    if (isa_and_nonnull<CompoundStmt, LabelStmt, CaseStmt, DefaultStmt>(Parent))
      return true;
    if (const auto *If = dyn_cast_or_null<IfStmt>(Parent))
      return If->getThen() == E || If->getElse() == E;
    if (const auto *While = dyn_cast_or_null<WhileStmt>(Parent))
      return While->getBody() == E;
    if (const auto *For = dyn_cast_or_null<ForStmt>(Parent))
      return For->getBody() == E;
    if (const auto *Do = dyn_cast_or_null<DoStmt>(Parent))
      return Do->getBody() == E;
    return false;
  }

  /// A release as a statement: dropped when it ends the block that declares
  /// the handle (the owner does it right there), `.reset()` otherwise.
  void replaceRelease(const Expr *Release, StringRef Spelled,
                      StringRef Owner = {}) {
    const Stmt *Parent = Parents.getParent(Release);
    if (Release->getBeginLoc().isMacroID() || !isStatement(Release)) {
      refuse("it is released inside an expression or a macro");
      return;
    }
    if (!Deleter.empty() && Deleter != Spelled) {
      refuse("it is released in two different ways");
      return;
    }
    Deleter = Spelled.str();
    if (Policy.DropFinalRelease && Parent == Scope &&
        Scope->body_back() == Release)
      if (auto Removal = removeStatement(Release, SM, LangOpts)) {
        Edits.push_back(*Removal);
        return;
      }
    Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Release->getSourceRange()),
        (Owner.empty() ? StringRef(Name) : Owner).str() + ".reset()"));
  }

  /// `list = curl_slist_append(list, s)` becomes
  /// `list.reset(curl_slist_append(list.release(), s))`: the grown list (or
  /// null, when appending fails) is owned again.
  bool onGrowth(const BinaryOperator *Assign) {
    const auto *Grow =
        dyn_cast<CallExpr>(Assign->getRHS()->IgnoreParenImpCasts());
    const auto *First =
        Grow && Grow->getNumArgs() > 0
            ? dyn_cast<DeclRefExpr>(Grow->getArg(0)->IgnoreParenImpCasts())
            : nullptr;
    if (!Grow || Engine.acquiredBy(Grow->getDirectCallee()) != Api || !First ||
        First->getDecl() != Handle || Assign->getBeginLoc().isMacroID() ||
        Grow->getEndLoc().isMacroID() || First->getEndLoc().isMacroID()) {
      refuse("'" + Name + "' is assigned again");
      return false;
    }
    Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(Assign->getBeginLoc(),
                                      Grow->getBeginLoc()),
        Name + ".reset("));
    Edits.push_back(FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(First->getEndLoc(), 0, SM, LangOpts),
        ".release()"));
    Edits.push_back(FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(Grow->getEndLoc(), 0, SM, LangOpts), ")"));
    return true;
  }

  /// A statement that releases the handle: handled (true), or not one.
  bool onRelease(const Stmt *S) {
    if (const auto *Delete = dyn_cast<CXXDeleteExpr>(S);
        Delete && refersTo(Delete->getArgument(), Handle)) {
      if (What.K != Acquired::New || Delete->isArrayForm() != What.ArrayNew)
        refuse("'" + Name + "' is deleted with the wrong form of 'delete'");
      else
        replaceRelease(Delete, "delete");
      return true;
    }
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || What.K == Acquired::New || !Api ||
        !isReleaser(*Api, Call->getDirectCallee()) ||
        Api->ReleaseArg >= Call->getNumArgs() ||
        !refersTo(Call->getArg(Api->ReleaseArg), Handle))
      return false;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (releasedInExpression(Call))
      return true;
    if (Descriptor) {
      replaceRelease(Call, "close");
      return true;
    }
    if (Pair) {
      if (std::optional<unsigned> End = element(Call->getArg(Api->ReleaseArg)))
        replaceRelease(Call, "close", Name + "[" + std::to_string(*End) + "]");
      else
        refuse("'" + Name + "' is used as an array");
      return true;
    }
    auto Spelled = spelledText(Call->getCallee(), SM, LangOpts);
    // The deleter is called with the handle alone: `munmap(p, size)`
    // cannot be one.
    if (!Spelled || !Callee->isExternC() || Callee->getNumParams() != 1 ||
        Api->ReleaseArg != 0)
      refuse("its release function takes more than the handle");
    else
      replaceRelease(Call, *Spelled);
    return true;
  }

  /// A release whose value is read (`if (close(fd) != 0)`, `return
  /// sqlite3_finalize(stmt);`) releases what the owner gives up:
  /// `close(fd.release())`.
  bool releasedInExpression(const CallExpr *Release) {
    if (isStatement(Release) || Release->getBeginLoc().isMacroID())
      return false;
    const Expr *Arg = Release->getArg(Api->ReleaseArg)->IgnoreParenImpCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(Arg);
    if (Pair ? !element(Arg) : !Ref || Ref->getDecl() != Handle)
      return false;
    addGet(Arg, ".release()");
    return true;
  }

  /// For a pair, the end \p E names (`fds[0]`, `fds[1]`), if it is one.
  std::optional<unsigned> element(const Expr *E) const {
    const auto *Element =
        dyn_cast<ArraySubscriptExpr>(E->IgnoreParenImpCasts());
    const auto *Base =
        Element
            ? dyn_cast<DeclRefExpr>(Element->getBase()->IgnoreParenImpCasts())
            : nullptr;
    if (!Base || Base->getDecl() != Handle)
      return std::nullopt;
    std::optional<llvm::APSInt> Index =
        Element->getIdx()->getIntegerConstantExpr(Context);
    if (!Index || (*Index != 0 && *Index != 1))
      return std::nullopt;
    return static_cast<unsigned>(Index->getZExtValue());
  }

  /// A call the handle is lent to on a path that then left without
  /// releasing it may have kept it: an owner would release it twice.
  bool mayKeep(const Stmt *User) const {
    return Paths.MaybeHandedOver && llvm::is_contained(Paths.Lent, User);
  }

  /// Whether every hand-off is `return fd;`, which `.release()` keeps.
  bool onlyReturnedAsIs() const {
    return llvm::all_of(Paths.HandOffs, [&](const Stmt *S) {
      const auto *Return = dyn_cast<ReturnStmt>(S);
      return Return && Return->getRetValue() &&
             refersTo(Return->getRetValue(), Handle) &&
             isa<DeclRefExpr>(Return->getRetValue()->IgnoreParenImpCasts());
    });
  }

  /// One use of a descriptor, \p Ref: the number is read (`.get()`) unless
  /// it is returned (`.release()`) or changed.
  void onDescriptorUse(const Expr *Ref, const Stmt *User,
                       const std::string &Name) {
    if (const auto *Op = dyn_cast_or_null<UnaryOperator>(User)) {
      if (Op->getOpcode() == UO_AddrOf)
        return refuse("the address of '" + Name + "' is taken");
      if (Op->isIncrementDecrementOp())
        return refuse("'" + Name + "' is changed by arithmetic");
    }
    if (const auto *Binary = dyn_cast_or_null<BinaryOperator>(User);
        Binary && Binary->isAssignmentOp() &&
        Binary->getLHS()->IgnoreParenImpCasts() == Ref)
      return refuse("'" + Name + "' is assigned again");
    if (isa_and_nonnull<ReturnStmt>(User))
      return addGet(Ref, ".release()");
    if (isa_and_nonnull<DeclStmt>(User))
      return refuse("'" + Name + "' is copied into another variable");
    if (isa_and_nonnull<UnaryExprOrTypeTraitExpr, CXXTypeidExpr>(User))
      return refuse("'" + Name + "' is used in an unevaluated operand");
    if (mayKeep(User))
      return refuse("'" + Name + "' may be kept by the call it is given to");
    if (bindsToMutableReference(Ref, User, /*Function=*/nullptr))
      return refuse(passedByReference(Name, User));
    addGet(Ref);
  }

  /// One use of the handle, \p Ref.
  void onUse(const DeclRefExpr *Ref) {
    const Stmt *User =
        Parents.getParentIgnoreParenImpCasts(const_cast<DeclRefExpr *>(Ref));
    if (Descriptor)
      return onDescriptorUse(Ref, User, Name);
    if (Pair) {
      // One end, `fds[0]`, is a descriptor.
      std::optional<unsigned> End = isa_and_nonnull<Expr>(User)
                                        ? element(cast<Expr>(User))
                                        : std::nullopt;
      if (!End)
        return refuse("'" + Name + "' is used as an array");
      const Stmt *EndUser =
          Parents.getParentIgnoreParenImpCasts(const_cast<Stmt *>(User));
      return onDescriptorUse(cast<Expr>(User), EndUser,
                             Name + "[" + std::to_string(*End) + "]");
    }
    if (const auto *Op = dyn_cast_or_null<UnaryOperator>(User)) {
      switch (Op->getOpcode()) {
      case UO_LNot:
        return;
      case UO_Deref:
        if (!Handle->getType()->getPointeeType()->isVoidType())
          return;
        break;
      case UO_AddrOf:
        return refuse("the address of '" + Name + "' is taken");
      default:
        return refuse("'" + Name + "' is changed by pointer arithmetic");
      }
    }
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(User);
        Member && Member->isArrow())
      return;
    if (const auto *Binary = dyn_cast_or_null<BinaryOperator>(User)) {
      if (Binary->isAssignmentOp() &&
          Binary->getLHS()->IgnoreParenImpCasts() == Ref)
        return refuse("'" + Name + "' is assigned again");
      if (Binary->isLogicalOp())
        return;
      if (Binary->isEqualityOp()) {
        const Expr *Other = Binary->getLHS()->IgnoreParenImpCasts() == Ref
                                ? Binary->getRHS()
                                : Binary->getLHS();
        if (isNullConstant(Other, Context))
          return;
      }
    }
    if (const auto *Subscript = dyn_cast_or_null<ArraySubscriptExpr>(User);
        Subscript && What.ArrayNew &&
        Subscript->getBase()->IgnoreParenImpCasts() == Ref)
      return;
    if (isa_and_nonnull<IfStmt, WhileStmt, DoStmt, ForStmt>(User))
      return; // Truthiness.
    if (const auto *Cond = dyn_cast_or_null<ConditionalOperator>(User);
        Cond && Cond->getCond()->IgnoreParenImpCasts() == Ref)
      return;
    if (isa_and_nonnull<ReturnStmt>(User))
      return refuse("'" + Name + "' is returned");
    if (isa_and_nonnull<DeclStmt>(User))
      return refuse("'" + Name + "' is copied into another variable");
    if (isa_and_nonnull<UnaryExprOrTypeTraitExpr, CXXTypeidExpr>(User))
      return refuse("'" + Name + "' is used in an unevaluated operand");
    if (const auto *Call = dyn_cast_or_null<CallExpr>(User)) {
      const FunctionDecl *Callee = Call->getDirectCallee();
      // (Another API's acquirer only borrows it: `PQexec(conn, sql)`.)
      if (Callee && Api &&
          (isReleaser(*Api, Callee) || Engine.acquiredBy(Callee) == Api))
        return refuse("'" + Name + "' is passed to '" +
                      Callee->getName().str() + "'");
      if (mayKeep(Call))
        return refuse(
            "'" + Name + "' may be kept by the call it is given to" +
            (Callee ? " ('" + Callee->getName().str() + "')" : std::string()));
    }
    if (bindsToMutableReference(Ref, User, /*Function=*/nullptr))
      return refuse(passedByReference(Name, User));
    // Any other use reads the raw pointer.
    addGet(Ref);
  }

  /// The acquiring call of an out-parameter handle: `&h` becomes
  /// `leakguard::out_ptr(h)`; the other arguments are uses.
  void onOutParamAcquire(const CallExpr *Call) {
    const auto *Out = dyn_cast<UnaryOperator>(
        Call->getArg(Api->OutParam)->IgnoreParenImpCasts());
    const auto *Ref =
        Out && Out->getOpcode() == UO_AddrOf
            ? dyn_cast<DeclRefExpr>(Out->getSubExpr()->IgnoreParens())
            : nullptr;
    if (!Ref || Ref->getDecl() != Handle)
      return refuse("'" + Name + "' is not given to '" +
                    Call->getDirectCallee()->getName().str() + "' as '&" +
                    Name + "'");
    if (Out->getBeginLoc().isMacroID() || Out->getEndLoc().isMacroID())
      return refuse("the acquisition is in a macro");
    Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Out->getSourceRange()),
        "leakguard::out_ptr(" + Name + ")"));
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
      if (I != static_cast<unsigned>(Api->OutParam))
        visit(Call->getArg(I));
  }

  /// The call that fills a pair: `pipe(fds)` becomes
  /// `leakguard::make_pipe(fds)`, with the same arguments.
  void onPairAcquire(const CallExpr *Call) {
    StringRef Callee = Call->getDirectCallee()->getName();
    std::string Maker = Callee == "pipe"         ? "leakguard::make_pipe"
                        : Callee == "pipe2"      ? "leakguard::make_pipe2"
                        : Callee == "socketpair" ? "leakguard::make_socketpair"
                                                 : "";
    const auto *Array = dyn_cast<DeclRefExpr>(
        Call->getArg(Api->OutParam)->IgnoreParenImpCasts());
    if (Maker.empty() || !Array || Array->getDecl() != Handle)
      return refuse("'" + Name +
                    "' is not filled by pipe, pipe2 or socketpair");
    if (Call->getBeginLoc().isMacroID() || Call->getEndLoc().isMacroID())
      return refuse("the acquisition is in a macro");
    Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Call->getCallee()->getSourceRange()),
        Maker));
    for (unsigned I = 0, E = Call->getNumArgs(); I < E; ++I)
      if (I != static_cast<unsigned>(Api->OutParam))
        visit(Call->getArg(I));
  }

  void visit(const Stmt *S) {
    if (!S || !Why.empty())
      return;
    if (OutParam && S == What.Acquire)
      return onOutParamAcquire(cast<CallExpr>(What.Acquire));
    if (Pair && S == What.Acquire)
      return onPairAcquire(cast<CallExpr>(What.Acquire));
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S))
      for (const LambdaCapture &Capture : Lambda->captures())
        if (Capture.capturesVariable() && Capture.getCapturedVar() == Handle)
          refuse("a lambda captures '" + Name + "'");
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Growing && Assign && Assign->getOpcode() == BO_Assign &&
        refersTo(Assign->getLHS(), Handle)) {
      if (onGrowth(Assign)) {
        const auto *Grow =
            cast<CallExpr>(Assign->getRHS()->IgnoreParenImpCasts());
        for (unsigned I = 1, E = Grow->getNumArgs(); I < E; ++I)
          visit(Grow->getArg(I));
      }
      return;
    }
    if (onRelease(S))
      return;
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (!Ref || Ref->getDecl() != Handle) {
      for (const Stmt *Child : S->children())
        visit(Child);
      return;
    }
    onUse(Ref);
  }

  /// The declaration to write for a `new` expression.
  std::optional<std::string> newDeclaration(const std::string &Pointee,
                                            const std::string &Init) {
    const auto *New = dyn_cast<CXXNewExpr>(What.Acquire);
    // A wrapper's `new`: the pointer's type says what it holds.
    if (!New)
      return "std::unique_ptr<" + Pointee + (What.ArrayNew ? "[]> " : "> ") +
             Name + "(" + Init + ")";
    std::optional<std::string> Allocated;
    if (const TypeSourceInfo *AllocInfo = New->getAllocatedTypeSourceInfo())
      Allocated =
          textOf(AllocInfo->getTypeLoc().getSourceRange(), SM, LangOpts);
    bool SameType = Context.hasSameType(New->getAllocatedType(),
                                        Handle->getType()->getPointeeType());
    bool Parens =
        New->getInitializationStyle() == CXXNewInitializationStyle::None ||
        New->getInitializationStyle() == CXXNewInitializationStyle::Parens;
    std::optional<std::string> Args;
    if (New->getInitializationStyle() == CXXNewInitializationStyle::Parens)
      Args = textInside(New->getDirectInitRange(), SM, LangOpts);
    else if (New->getInitializationStyle() == CXXNewInitializationStyle::None)
      Args = "";
    bool NoThrow = New->getNumPlacementArgs() != 0;
    // std::make_unique calls the constructor from outside the class.
    const CXXConstructExpr *Construct = New->getConstructExpr();
    bool Accessible = !Construct || !Construct->getConstructor() ||
                      Construct->getConstructor()->getAccess() == AS_public ||
                      Construct->getConstructor()->getAccess() == AS_none;
    bool MakeUnique = Policy.MakeUnique && LangOpts.CPlusPlus14 && SameType &&
                      Allocated && !NoThrow && Accessible;
    if (What.ArrayNew) {
      std::optional<std::string> Size;
      if (New->getArraySize())
        Size = spelledText(*New->getArraySize(), SM, LangOpts);
      if (MakeUnique && Size &&
          (!New->hasInitializer() || (Args && Args->empty() && Parens)))
        return "auto " + Name + " = std::make_unique<" + *Allocated + "[]>(" +
               *Size + ")";
      if (SameType)
        return "std::unique_ptr<" + Pointee + "[]> " + Name + "(" + Init + ")";
      refuse("the array's element type differs from the pointer's");
      return std::nullopt;
    }
    if (MakeUnique && Parens && Args)
      return "auto " + Name + " = std::make_unique<" + *Allocated + ">(" +
             *Args + ")";
    return "std::unique_ptr<" + Pointee + "> " + Name + "(" + Init + ")";
  }

  /// The type the handle points to, as the user spelled it.
  std::optional<std::string> pointee() {
    std::optional<std::string> Pointee;
    if (const TypeSourceInfo *Info = Handle->getTypeSourceInfo())
      if (auto PointerLoc = Info->getTypeLoc().getAsAdjusted<PointerTypeLoc>())
        if (!PointerLoc.getPointeeLoc().getType()->getContainedAutoType())
          Pointee =
              textOf(PointerLoc.getPointeeLoc().getSourceRange(), SM, LangOpts);
    if (!Pointee)
      Pointee = Handle->getType()->getPointeeType().getAsString(
          PrintingPolicy(LangOpts));
    if (StringRef(*Pointee).contains('(')) {
      refuse("'" + Name + "' points to a function or array type");
      return std::nullopt;
    }
    return Pointee;
  }

  /// The declaration that starts a grown list empty, or the one that
  /// acquires.
  const DeclStmt *declaration() {
    if (!Growing && !OutParam && !Pair)
      return declarationOf(What.Acquire, Handle, Parents);
    const DeclStmt *Found = nullptr;
    std::function<void(const Stmt *)> Find = [&](const Stmt *S) {
      if (!S || Found)
        return;
      if (const auto *D = dyn_cast<DeclStmt>(S);
          D && D->isSingleDecl() && D->getSingleDecl() == Handle)
        Found = D;
      for (const Stmt *Child : S->children())
        Find(Child);
    };
    Find(Body);
    // An out-parameter's pointer may start uninitialized; a pair must.
    if (Pair)
      return Found && !Handle->getInit() ? Found : nullptr;
    if (Found &&
        ((OutParam && !Handle->getInit()) ||
         (Handle->getInit() && isNullConstant(Handle->getInit(), Context))))
      return Found;
    return nullptr;
  }

  std::vector<FixItHint> run() {
    if (!LangOpts.CPlusPlus11 || What.K == Acquired::Pair ||
        (!Descriptor && !Pair && !Handle->getType()->isPointerType()))
      return {};
    if (What.K != Acquired::New &&
        (!Api || (Api->OutParam >= 0 && !OutParam && !Pair) ||
         Api->Releasers.empty()))
      return {};
    if ((OutParam || Pair) && !isa<CallExpr>(What.Acquire))
      return {};
    if (Descriptor && !Handle->getType()->isDependentType() &&
        !Context.hasSameType(Handle->getType().getUnqualifiedType(),
                             Context.IntTy)) {
      refuse("'" + Name + "' is not an 'int'");
      return {};
    }
    if (!Paths.KeptOnSuccess.empty()) {
      refuse("'" +
             Paths.KeptOnSuccess.front()->getDirectCallee()->getName().str() +
             "' keeps it only when it succeeds");
      return {};
    }
    // A descriptor returned as it is goes to the caller by `.release()`.
    if (!Paths.HandOffs.empty() && !(Descriptor && onlyReturnedAsIs())) {
      refuse("it is handed on here");
      return {};
    }
    const DeclStmt *Decl = declaration();
    if (!Decl) {
      refuse("'" + Name +
             (Pair       ? "' is not declared uninitialized"
              : OutParam ? "' is not declared null or uninitialized"
                         : "' is not declared by the statement "
                           "that acquires it"));
      return {};
    }
    // `T h(acquire())` and `T h{acquire()}` end after the initializer.
    if (!Growing && Handle->getInitStyle() != VarDecl::CInit) {
      refuse("'" + Name + "' is not initialized with '='");
      return {};
    }
    if (Decl->getBeginLoc().isMacroID() ||
        What.Acquire->getBeginLoc().isMacroID()) {
      refuse("the acquisition is in a macro");
      return {};
    }
    if (Handle->getType()->isDependentType() ||
        What.Acquire->isTypeDependent() || What.Acquire->isValueDependent()) {
      refuse("the type depends on a template parameter");
      return {};
    }
    Scope = dyn_cast_or_null<CompoundStmt>(Parents.getParent(Decl));
    visit(Body);
    if (!Why.empty())
      return {};

    auto Init = Growing || OutParam || Pair
                    ? std::optional<std::string>("nullptr")
                    : spelledText(Handle->getInit(), SM, LangOpts);
    if (!Init) {
      refuse("the acquisition is in a macro");
      return {};
    }
    std::optional<std::string> Pointee =
        Descriptor || Pair ? std::optional<std::string>() : pointee();
    if (!Pointee && !Descriptor && !Pair)
      return {};
    std::optional<std::string> Declaration;
    if (Descriptor) {
      Declaration = "leakguard::unique_fd " + Name + "(" + *Init + ")";
    } else if (Pair) {
      Declaration = "leakguard::unique_fd " + Name + "[2]";
    } else if (What.K == Acquired::New) {
      Declaration = newDeclaration(*Pointee, *Init);
    } else {
      // Never released here: the API's own release, if it can be a deleter.
      if (Deleter.empty())
        if (const FunctionDecl *Release = deleterFunction(*Api, Context))
          Deleter = Release->getName().str();
      // The C library's own release, not declared in this file (the
      // handle came from a wrapper): its C++ header declares it.
      if (Deleter.empty() && Api->ReleaseArg == 0 && !Api->Releasers.empty())
        for (auto [Release, Header] :
             {std::pair<StringRef, StringRef>{"free", "<cstdlib>"},
              {"fclose", "<cstdio>"}})
          if (Api->Releasers.front() == Release) {
            Deleter = ("std::" + Release).str();
            DeleterHeader = Header.str();
          }
      if (Deleter.empty())
        refuse("it is never released by a function of the handle alone");
      else
        Declaration = "std::unique_ptr<" + *Pointee + ", decltype(&" + Deleter +
                      ")> " + Name + "(" + *Init + ", &" + Deleter + ")";
    }
    if (!Declaration)
      return {};
    CharSourceRange DeclRange = CharSourceRange::getTokenRange(
        Decl->getBeginLoc(), Handle->getInit() ? Handle->getInit()->getEndLoc()
                                               : Handle->getEndLoc());
    Edits.insert(Edits.begin(),
                 FixItHint::CreateReplacement(DeclRange, *Declaration));
    return std::move(Edits);
  }
};

} // namespace

std::vector<FixItHint> rewriteAsUniquePtr(
    const Acquired &What, const OwnershipResult &Paths,
    const OwnershipEngine &Engine, const Stmt *Body, const ParentMap &Parents,
    ASTContext &Context, const OwnerRewritePolicy &Policy,
    clang::tidy::utils::IncludeInserter &Inserter, std::string &Why) {
  if (!What.Site.Handle)
    return {};
  Rewrite R{What, Paths, Engine, Body, Parents, Context, Policy, Why};
  std::vector<FixItHint> Edits = R.run();
  if (Edits.empty())
    return Edits;
  const SourceManager &SM = Context.getSourceManager();
  FileID File = SM.getFileID(What.Acquire->getBeginLoc());
  // A helper of leakguard's (unique_fd.h, out_ptr.h) is included from the
  // project's LeakHelpersDir when there is one; <memory> stays as it is.
  for (StringRef Header : {StringRef(R.OwnerHeader), StringRef(R.DeleterHeader),
                           StringRef(R.AdaptorHeader)})
    if (!Header.empty())
      if (auto Include =
              insertInclude(Inserter, SM, File,
                            helperInclude(Header, Policy.HelpersDir, SM, File),
                            Context.getLangOpts()))
        Edits.push_back(*Include);
  return Edits;
}

} // namespace leakguard::analysis
