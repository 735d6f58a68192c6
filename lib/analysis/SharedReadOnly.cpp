//===--- SharedReadOnly.cpp - one read-only copy behind shared_ptr<const T>
//===//

#include "analysis/SharedReadOnly.h"
#include "analysis/AstHelpers.h"
#include "analysis/FixItBuilders.h"
#include "clang/AST/DeclFriend.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace leakguard::analysis {

namespace {

/// The expression \p Use is an operand of, above parentheses and implicit
/// casts (\p Top is the last node below it); \p Read is set when one of the
/// casts only reads (to a const object, to an rvalue).
const Stmt *userOf(const Expr *Use, const ParentMap &Parents, const Expr *&Top,
                   bool &Read) {
  Top = Use;
  const Stmt *P = Parents.getParent(Use);
  while (P && isa<ImplicitCastExpr, ParenExpr>(P)) {
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P))
      Read |= Cast->getCastKind() == CK_LValueToRValue ||
              Cast->getType().isConstQualified();
    Top = cast<Expr>(P);
    P = Parents.getParent(P);
  }
  return P;
}

/// Whether the operator call \p Call's object is \p Object and the operator
/// binds tighter than a prefix `*` (`v[i]`, `v(a)`, `v++`).
bool isPostfixOn(const Stmt *Call, const Expr *Object) {
  const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(Call);
  return Op && Op->getNumArgs() > 0 && Op->getArg(0) == Object &&
         llvm::is_contained({OO_Subscript, OO_Call, OO_PlusPlus, OO_MinusMinus,
                             OO_Arrow, OO_ArrowStar},
                            Op->getOperator());
}

/// Whether the call of the non-const \p Method through \p Member would
/// compile and mean the same on a const object: the class has a const
/// overload of the same parameters, and the call's value is only compared
/// (`m.find(k) == m.end()`) or is the same either way (a count).
bool constOverloadReads(const CXXMethodDecl *Method, const MemberExpr *Member,
                        const ParentMap &Parents) {
  const CXXRecordDecl *Class = Method->getParent();
  const CXXMethodDecl *Const = nullptr;
  for (const NamedDecl *Found : Class->lookup(Method->getDeclName())) {
    const auto *Other = dyn_cast<CXXMethodDecl>(Found);
    if (!Other || !Other->isConst() ||
        Other->getNumParams() != Method->getNumParams())
      continue;
    if (llvm::all_of(llvm::seq(0U, Method->getNumParams()), [&](unsigned I) {
          return Other->getParamDecl(I)->getType().getCanonicalType() ==
                 Method->getParamDecl(I)->getType().getCanonicalType();
        }))
      Const = Other;
  }
  if (!Const)
    return false;
  QualType Result = Method->getReturnType().getCanonicalType();
  if (Result == Const->getReturnType().getCanonicalType() &&
      !Result->isReferenceType() && !Result->isPointerType())
    return true;
  const Stmt *Call = Parents.getParent(Member);
  const Stmt *P = Call ? Parents.getParent(Call) : nullptr;
  while (P && isa<ImplicitCastExpr, MaterializeTemporaryExpr,
                  CXXBindTemporaryExpr, ParenExpr>(P))
    P = Parents.getParent(P);
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P))
    return Op->getOperator() == OO_EqualEqual ||
           Op->getOperator() == OO_ExclaimEqual;
  if (const auto *Binary = dyn_cast_or_null<BinaryOperator>(P))
    return Binary->isEqualityOp();
  return isa_and_nonnull<CXXRewrittenBinaryOperator>(P);
}

/// Whether \p Use, used by \p User, only reads the object.
bool onlyReads(const Expr *Use, const Stmt *User, const Expr *Top, bool Read,
               const ParentMap &Parents, std::string &Why) {
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(User);
      Member && !Member->isArrow()) {
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Member->getMemberDecl())) {
      if (Method->isConst() || Method->isStatic() ||
          constOverloadReads(Method, Member, Parents))
        return true;
      Why = "is changed here by '" + Method->getNameAsString() + "'";
      return false;
    }
    // A field: what is done with it decides.
    const Expr *FieldTop = nullptr;
    bool FieldRead = Member->getType().isConstQualified();
    const Stmt *FieldUser = userOf(Member, Parents, FieldTop, FieldRead);
    return onlyReads(Member, FieldUser, FieldTop, FieldRead, Parents, Why);
  }
  if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(User);
      Op && Op->getNumArgs() > 0 && Op->getArg(0) == Top) {
    const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Op->getCalleeDecl());
    if (Method && Method->isConst())
      return true;
    Why = "is changed here";
    return false;
  }
  if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(User);
      Construct && Construct->getConstructor()->isCopyConstructor())
    return true;
  // A range-for's own reference (`for (const auto &x : v)`) lives as long
  // as the loop.
  if (const auto *Declared = dyn_cast_or_null<DeclStmt>(User);
      Declared && Declared->isSingleDecl() &&
      Declared->getSingleDecl()->isImplicit() && Read)
    return true;
  // A reference bound to it could outlive the object the pointer holds.
  if (Top->isGLValue() && isa_and_nonnull<ReturnStmt, DeclStmt>(User)) {
    Why = "is bound to a reference here";
    return false;
  }
  if (!Read)
    Why = "may be changed here";
  return Read;
}

} // namespace

bool readThroughPointer(const Expr *Use, const ParentMap &Parents,
                        StringRef Pointer, const ASTContext &Context,
                        std::vector<FixItHint> &Fixes, std::string &Why) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  if (Use->getBeginLoc().isMacroID() || Use->getEndLoc().isMacroID()) {
    Why = "is spelled by a macro here";
    return false;
  }
  bool Read = Use->getType().isConstQualified();
  const Expr *Top = nullptr;
  const Stmt *User = userOf(Use, Parents, Top, Read);
  CharSourceRange UseRange =
      CharSourceRange::getTokenRange(Use->getSourceRange());
  std::optional<std::string> Spelled =
      Pointer.empty() ? textOf(Use->getSourceRange(), SM, LangOpts)
                      : std::optional<std::string>(Pointer.str());
  if (!Spelled) {
    Why = "is spelled by a macro here";
    return false;
  }
  if (isa_and_nonnull<UnaryExprOrTypeTraitExpr>(User)) {
    Why = "is measured here";
    return false;
  }
  if (const auto *AddressOf = dyn_cast_or_null<UnaryOperator>(User);
      AddressOf && AddressOf->getOpcode() == UO_AddrOf) {
    // `&v` of a const object is the pointer's `get()`.
    if (!Read || AddressOf->getBeginLoc().isMacroID()) {
      Why = "has its address taken here";
      return false;
    }
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(AddressOf->getSourceRange()),
        *Spelled + ".get()"));
    return true;
  }
  if (!onlyReads(Use, User, Top, Read, Parents, Why))
    return false;
  if (const auto *Member = dyn_cast_or_null<MemberExpr>(User);
      Member && !Member->isArrow()) {
    if (Member->getOperatorLoc().isMacroID()) {
      Why = "is spelled by a macro here";
      return false;
    }
    if (!Pointer.empty())
      Fixes.push_back(FixItHint::CreateReplacement(UseRange, Pointer));
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Member->getOperatorLoc()), "->"));
    return true;
  }
  if (isPostfixOn(User, Top)) {
    if (Pointer.empty()) {
      Fixes.push_back(FixItHint::CreateInsertion(Use->getBeginLoc(), "(*"));
      Fixes.push_back(FixItHint::CreateInsertion(
          Lexer::getLocForEndOfToken(Use->getEndLoc(), 0, SM, LangOpts), ")"));
    } else {
      Fixes.push_back(
          FixItHint::CreateReplacement(UseRange, "(*" + Pointer.str() + ")"));
    }
    return true;
  }
  if (Pointer.empty())
    Fixes.push_back(FixItHint::CreateInsertion(Use->getBeginLoc(), "*"));
  else
    Fixes.push_back(
        FixItHint::CreateReplacement(UseRange, "*" + Pointer.str()));
  return true;
}

namespace {

/// \p E as a use of \p Member (`member_`, `this->member_`, `other.member_`,
/// through casts and `std::move`), or null.
const MemberExpr *memberUse(const Expr *E, const FieldDecl *Member) {
  const auto *Use = dyn_cast_or_null<MemberExpr>(stripTransparent(E));
  return Use && Use->getMemberDecl() == Member ? Use : nullptr;
}

/// The member \p E reads from `this` (`member_`, `this->member_`), or null.
const FieldDecl *thisMember(const Expr *E) {
  const auto *Use = dyn_cast_or_null<MemberExpr>(stripTransparent(E));
  if (!Use || !isa<CXXThisExpr>(Use->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(Use->getMemberDecl());
}

/// A whole-object assignment `lhs = rhs` whose left side is \p Lhs.
const CXXOperatorCallExpr *assignmentTo(const Expr *Lhs,
                                        const ParentMap &Parents) {
  const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(
      Parents.getParentIgnoreParenImpCasts(const_cast<Expr *>(Lhs)));
  if (!Assign || Assign->getOperator() != OO_Equal ||
      Assign->getNumArgs() != 2 ||
      Assign->getArg(0)->IgnoreParenImpCasts() != Lhs)
    return nullptr;
  return Assign;
}

/// Whether every path from the start of \p Body to a later statement runs
/// through \p S: only blocks lie between them.
bool runsOnEveryPath(const Stmt *S, const Stmt *Body,
                     const ParentMap &Parents) {
  for (const Stmt *P = Parents.getParent(S); P; P = Parents.getParent(P)) {
    if (P == Body)
      return true;
    if (!isa<CompoundStmt, ExprWithCleanups>(P))
      return false;
  }
  return false;
}

/// The edits that wrap \p Value, given to the member whole, in
/// `std::make_shared<const T>(...)`; false when it cannot be spelled.
bool wrapValue(SourceLocation Begin, SourceLocation End, StringRef Type,
               const ASTContext &Context, std::vector<FixItHint> &Fixes) {
  const SourceManager &SM = Context.getSourceManager();
  if (Begin.isMacroID() || End.isMacroID())
    return false;
  SourceLocation After =
      Lexer::getLocForEndOfToken(End, 0, SM, Context.getLangOpts());
  Fixes.push_back(FixItHint::CreateInsertion(Begin, "std::make_shared<const " +
                                                        Type.str() + ">("));
  Fixes.push_back(FixItHint::CreateInsertion(After, ")"));
  return true;
}

/// Calls \p Visit on every use of \p Var below \p Root. A lambda's capture
/// of it (`[v]`, `[=]`, `[&v]`) is not a use; the uses in its body are.
/// False when an init-capture is given it (`[w = v]`).
bool forEachUse(const Stmt *Root, const VarDecl *Var,
                llvm::function_ref<void(const DeclRefExpr *)> Visit) {
  auto Names = [Var](const Stmt *S) {
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(S);
    return Ref && Ref->getDecl() == Var;
  };
  llvm::SmallVector<const Stmt *, 32> Work = {Root};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S)
      continue;
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      for (const auto &[Capture, Init] :
           llvm::zip(Lambda->captures(), Lambda->capture_inits())) {
        const auto *Captured = Capture.capturesVariable()
                                   ? dyn_cast<VarDecl>(Capture.getCapturedVar())
                                   : nullptr;
        bool Mentions = false;
        if (Captured && Captured->isInitCapture() && Init)
          forEachStatement(Init, [&](const Stmt *Inner) {
            Mentions |= Names(Inner);
            return !Mentions;
          });
        if (Mentions)
          return false;
      }
      Work.push_back(Lambda->getBody());
      continue;
    }
    if (Names(S))
      Visit(cast<DeclRefExpr>(S));
    llvm::append_range(Work, S->children());
  }
  return true;
}

/// The local that \p Use, a use of \p Member of `this`, is copied into
/// whole (`x = member_;`, `T x = member_;`, the init-capture `[x = member_]`),
/// or null.
const VarDecl *snapshotInto(const MemberExpr *Use, const FieldDecl *Member,
                            const ParentMap &Parents) {
  if (!isa<CXXThisExpr>(Use->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  const Stmt *P =
      Parents.getParentIgnoreParenImpCasts(const_cast<MemberExpr *>(Use));
  const VarDecl *Local = nullptr;
  if (const auto *Assign = dyn_cast_or_null<CXXOperatorCallExpr>(P);
      Assign && Assign->getOperator() == OO_Equal &&
      Assign->getNumArgs() == 2 &&
      Assign->getArg(1)->IgnoreParenImpCasts() == Use &&
      isa_and_nonnull<CompoundStmt, ExprWithCleanups>(
          Parents.getParent(Assign))) {
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Assign->getArg(0)->IgnoreParenImpCasts()))
      Local = dyn_cast<VarDecl>(Ref->getDecl());
  } else if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(P);
             Construct && Construct->getConstructor()->isCopyConstructor()) {
    const Stmt *Above = Parents.getParent(Construct);
    while (isa_and_nonnull<ExprWithCleanups>(Above))
      Above = Parents.getParent(Above);
    if (const auto *Lambda = dyn_cast_or_null<LambdaExpr>(Above))
      for (const auto &[Capture, Init] :
           llvm::zip(Lambda->captures(), Lambda->capture_inits()))
        if (const auto *Captured =
                Capture.capturesVariable()
                    ? dyn_cast<VarDecl>(Capture.getCapturedVar())
                    : nullptr;
            Captured && Captured->isInitCapture() && Init &&
            Init->IgnoreImplicit() == Construct)
          Local = Captured;
    const auto *Declared = dyn_cast_or_null<DeclStmt>(Above);
    const auto *Var = Declared && Declared->isSingleDecl()
                          ? dyn_cast<VarDecl>(Declared->getSingleDecl())
                          : nullptr;
    if (Var && Var->getInit() && Var->getInit()->IgnoreImplicit() == Construct)
      Local = Var;
  }
  if (!Local || isa<ParmVarDecl>(Local) || !Local->hasLocalStorage() ||
      Local->getType().isConstQualified() ||
      Local->getType()->isReferenceType() ||
      Local->getType().getCanonicalType().getUnqualifiedType() !=
          Member->getType().getCanonicalType())
    return nullptr;
  return Local;
}

/// Builds the rewrite step by step; each step returns false after setting
/// the refusal.
class SnapshotBuilder {
public:
  SnapshotBuilder(const VarDecl &Snapshot, const LambdaExpr &Lambda,
                  const CXXMethodDecl &Method, ASTContext &Context)
      : Snapshot(Snapshot), Lambda(Lambda), Method(Method), Context(Context),
        SM(Context.getSourceManager()) {}

  SnapshotRewrite build() {
    if (!findMember())
      return std::move(Result);
    if (!checkClass() || !rewriteConstructors() || !shareSnapshots() ||
        !rewriteMemberUses() || !rewriteDeclaration()) {
      Result.Fixes.clear();
      Result.Snapshots.clear();
    }
    return std::move(Result);
  }

private:
  bool refuse(SourceLocation At, std::string Why) {
    Result.RefusedAt = At;
    Result.Refusal = std::move(Why);
    return false;
  }
  std::string memberName() const {
    return "'" + Result.Member->getNameAsString() + "'";
  }
  bool findMember();
  bool checkClass();
  bool rewriteConstructors();
  bool shareSnapshots();
  bool convertSnapshot(const VarDecl &Local, std::vector<FixItHint> &Fixes,
                       SourceLocation &At, std::string &Why);
  bool rewriteMemberUses();
  bool rewriteDeclaration();
  /// Calls \p Visit on every use of the member in the member functions of
  /// its class, until it returns false.
  bool forEachMemberUse(
      llvm::function_ref<bool(const MemberExpr *, const ParentMap &)> Visit);

  const VarDecl &Snapshot;
  const LambdaExpr &Lambda;
  const CXXMethodDecl &Method;
  ASTContext &Context;
  const SourceManager &SM;
  SnapshotRewrite Result;
  /// The member's type as spelled in its declaration.
  std::string Type;
  /// The member's uses that stay: what the snapshots are given.
  llvm::SmallPtrSet<const Expr *, 4> Kept;
};

bool SnapshotBuilder::findMember() {
  const Stmt *Body = Method.getBody();
  // A local of the method, or an init-capture of the lambda
  // (`[t = member_]`).
  const DeclContext *Owner = Snapshot.isInitCapture()
                                 ? Lambda.getCallOperator()
                                 : static_cast<const DeclContext *>(&Method);
  if (!Body || isa<ParmVarDecl>(Snapshot) || !Snapshot.hasLocalStorage() ||
      Snapshot.getType().isConstQualified() ||
      Snapshot.getType()->isReferenceType() ||
      Snapshot.getDeclContext() != Owner)
    return false;
  // The member it is given: by its initializer or by an assignment.
  const FieldDecl *Member = nullptr;
  if (const Expr *Init = Snapshot.getInit())
    if (const auto *Construct =
            dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit());
        Construct && Construct->getNumArgs() == 1)
      Member = thisMember(Construct->getArg(0));
  ParentMap Parents(const_cast<Stmt *>(Body));
  forEachUse(Body, &Snapshot, [&](const DeclRefExpr *Ref) {
    if (const CXXOperatorCallExpr *Assign = assignmentTo(Ref, Parents);
        Assign && !Member)
      Member = thisMember(Assign->getArg(1));
  });
  if (!Member || Snapshot.getType().getCanonicalType().getUnqualifiedType() !=
                     Member->getType().getCanonicalType())
    return false;
  Result.Member = Member;
  return true;
}

bool SnapshotBuilder::checkClass() {
  const FieldDecl *Member = Result.Member;
  const CXXRecordDecl *Class = Method.getParent();
  if (Member->getAccess() != AS_private)
    return refuse(Member->getLocation(),
                  memberName() + " is not private: code in other files may "
                                 "use it");
  if (Member->isMutable() || Member->getType().isConstQualified() ||
      Member->hasInClassInitializer() || Member->isBitField())
    return refuse(Member->getLocation(),
                  memberName() +
                      " is declared 'mutable', 'const' or with a value");
  std::optional<std::string> Spelled =
      textOf(Member->getTypeSourceInfo()->getTypeLoc().getSourceRange(), SM,
             Context.getLangOpts());
  if (!Spelled || Member->getLocation().isMacroID())
    return refuse(Member->getLocation(),
                  memberName() + " is declared by a macro");
  Type = *Spelled;
  if (Class->getDescribedClassTemplate() ||
      isa<ClassTemplateSpecializationDecl>(Class))
    return refuse(Class->getLocation(),
                  "'" + Class->getNameAsString() + "' is a template");
  if (Class->hasFriends())
    return refuse(Class->getLocation(), "'" + Class->getNameAsString() +
                                            "' has friends, which may use " +
                                            memberName());
  for (const Decl *D : Class->decls()) {
    if (const auto *Nested = dyn_cast<CXXRecordDecl>(D);
        Nested && !Nested->isImplicit())
      return refuse(Nested->getLocation(),
                    "a nested class may use " + memberName());
    if (isa<FunctionTemplateDecl>(D))
      return refuse(D->getLocation(),
                    "a member template may use " + memberName());
    const auto *Function = dyn_cast<CXXMethodDecl>(D);
    if (!Function || Function->isImplicit() || Function->isDeleted() ||
        Function->isDefaulted() ||
        (Function->isPureVirtual() && !Function->isDefined()))
      continue;
    if (!Function->isDefined())
      return refuse(Function->getLocation(),
                    "'" + Function->getQualifiedNameAsString() +
                        "' is not defined in this file and may use " +
                        memberName());
  }
  return true;
}

bool SnapshotBuilder::rewriteConstructors() {
  const FieldDecl *Member = Result.Member;
  const CXXRecordDecl *Class = Method.getParent();
  if (!Class->hasUserDeclaredConstructor())
    return refuse(Class->getLocation(), "'" + Class->getNameAsString() +
                                            "' has no constructor that gives " +
                                            memberName() + " a value");
  for (const CXXConstructorDecl *Declared : Class->ctors()) {
    if (Declared->isDeleted() ||
        (Declared->isDefaulted() && Declared->isCopyOrMoveConstructor()))
      continue;
    const auto *Ctor =
        dyn_cast_or_null<CXXConstructorDecl>(Declared->getDefinition());
    if (!Ctor)
      continue; // Already refused by checkClass(), or implicit.
    if (Ctor->isDelegatingConstructor())
      continue;
    const CXXCtorInitializer *Given = nullptr;
    for (const CXXCtorInitializer *Init : Ctor->inits()) {
      if (Init->getMember() == Member && Init->isWritten()) {
        Given = Init;
        continue;
      }
      bool Uses = false;
      forEachStatement(Init->getInit(), [&](const Stmt *S) {
        const auto *E = dyn_cast<MemberExpr>(S);
        Uses |= E && E->getMemberDecl() == Member;
        return !Uses;
      });
      if (Uses)
        return refuse(Init->getSourceLocation(),
                      "another member is initialized from " + memberName());
    }
    if (!Given)
      return refuse(Ctor->getLocation(),
                    "this constructor leaves " + memberName() + " empty");
    // Another object's member (a copy constructor) is a pointer too.
    if (memberUse(Given->getInit(), Member))
      continue;
    SourceLocation LParen = Given->getLParenLoc();
    SourceLocation RParen = Given->getRParenLoc();
    if (LParen.isInvalid() || LParen.isMacroID() || RParen.isMacroID() ||
        Lexer::getSourceText(CharSourceRange::getTokenRange(LParen, LParen), SM,
                             Context.getLangOpts()) != "(")
      return refuse(Given->getSourceLocation(),
                    memberName() + " is initialized with braces or a macro");
    Result.Fixes.push_back(FixItHint::CreateInsertion(
        LParen.getLocWithOffset(1), "std::make_shared<const " + Type + ">("));
    Result.Fixes.push_back(FixItHint::CreateInsertion(RParen, ")"));
  }
  return true;
}

bool SnapshotBuilder::forEachMemberUse(
    llvm::function_ref<bool(const MemberExpr *, const ParentMap &)> Visit) {
  for (const Decl *D : Method.getParent()->decls()) {
    const auto *Declared = dyn_cast<CXXMethodDecl>(D);
    const FunctionDecl *Function =
        Declared ? Declared->getDefinition() : nullptr;
    if (!Function || !Function->getBody() || Function->isImplicit() ||
        Function->isDefaulted())
      continue;
    const Stmt *Body = Function->getBody();
    ParentMap Parents(const_cast<Stmt *>(Body));
    bool Going = true;
    forEachStatement(Body, [&](const Stmt *S) {
      const auto *Use = dyn_cast<MemberExpr>(S);
      if (Going && Use && Use->getMemberDecl() == Result.Member)
        Going = Visit(Use, Parents);
      return Going;
    });
    if (!Going)
      return false;
  }
  return true;
}

bool SnapshotBuilder::shareSnapshots() {
  // Every local the member is copied into whole, in any member function:
  // each becomes a copy of the pointer where it can, so that all the
  // snapshots share one object.
  llvm::MapVector<const VarDecl *, llvm::SmallVector<const MemberExpr *, 2>>
      Snapshots;
  forEachMemberUse([&](const MemberExpr *Use, const ParentMap &Parents) {
    if (const VarDecl *Local = snapshotInto(Use, Result.Member, Parents))
      Snapshots[Local].push_back(Use);
    return true;
  });
  if (!Snapshots.count(&Snapshot))
    return refuse(Snapshot.getLocation(), "'" + Snapshot.getNameAsString() +
                                              "' is given " + memberName() +
                                              " inside an expression");
  for (const auto &[Local, Uses] : Snapshots) {
    std::vector<FixItHint> Fixes;
    SourceLocation At;
    std::string Why;
    if (convertSnapshot(*Local, Fixes, At, Why)) {
      llvm::append_range(Result.Fixes, Fixes);
      Kept.insert(Uses.begin(), Uses.end());
      Result.Snapshots.push_back(Local);
    } else if (Local == &Snapshot) {
      // Another snapshot that cannot be converted keeps its copy, read
      // through the pointer.
      return refuse(At, Why);
    }
  }
  return true;
}

bool SnapshotBuilder::convertSnapshot(const VarDecl &Local,
                                      std::vector<FixItHint> &Fixes,
                                      SourceLocation &At, std::string &Why) {
  const auto *Function = dyn_cast<FunctionDecl>(Local.getDeclContext());
  const Stmt *Body = Function ? Function->getBody() : nullptr;
  std::string Name = "'" + Local.getNameAsString() + "'";
  At = Local.getLocation();
  if (!Body)
    return false;
  ParentMap Parents(const_cast<Stmt *>(Body));
  // Where it is first given the member on every path: its declaration, or
  // an assignment with only blocks around it.
  SourceLocation GivenAt;
  if (const Expr *Init = Local.getInit()) {
    const auto *Construct = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit());
    if (!Construct || Construct->getNumArgs() > 1 ||
        (Construct->getNumArgs() == 1 &&
         thisMember(Construct->getArg(0)) != Result.Member)) {
      Why = Name + " is declared with another value";
      return false;
    }
    if (Construct->getNumArgs() == 1)
      GivenAt = SM.getExpansionLoc(Local.getLocation());
  }
  std::vector<const DeclRefExpr *> Reads;
  if (!forEachUse(Body, &Local, [&](const DeclRefExpr *Ref) {
        const CXXOperatorCallExpr *Assign = assignmentTo(Ref, Parents);
        if (!Assign || thisMember(Assign->getArg(1)) != Result.Member) {
          Reads.push_back(Ref);
          return;
        }
        SourceLocation AssignAt = SM.getExpansionLoc(Assign->getBeginLoc());
        if (runsOnEveryPath(Assign, Body, Parents) &&
            (GivenAt.isInvalid() ||
             SM.isBeforeInTranslationUnit(AssignAt, GivenAt)))
          GivenAt = AssignAt;
      })) {
    Why = Name + " is copied into an init-capture";
    return false;
  }
  bool HasGoto = false;
  forEachStatement(Body, [&](const Stmt *S) {
    HasGoto |= isa<GotoStmt, IndirectGotoStmt>(S);
    return !HasGoto;
  });
  if (GivenAt.isInvalid() || HasGoto) {
    Why = Name + " may be used before it is given " + memberName();
    return false;
  }
  for (const DeclRefExpr *Ref : Reads) {
    At = Ref->getLocation();
    if (SM.isBeforeInTranslationUnit(SM.getExpansionLoc(At), GivenAt)) {
      Why = Name + " is used here before it is given " + memberName();
      return false;
    }
    std::string Reason;
    if (!readThroughPointer(Ref, Parents, "", Context, Fixes, Reason)) {
      Why = Name + " " + Reason;
      return false;
    }
  }
  // `auto snapshot = member_;` deduces the pointer by itself.
  if (Local.getType()->getContainedAutoType())
    return true;
  SourceRange LocalType =
      Local.getTypeSourceInfo()->getTypeLoc().getSourceRange();
  std::optional<std::string> Spelled =
      textOf(LocalType, SM, Context.getLangOpts());
  if (!Spelled) {
    At = Local.getLocation();
    Why = Name + " is declared by a macro";
    return false;
  }
  Fixes.push_back(
      FixItHint::CreateReplacement(CharSourceRange::getTokenRange(LocalType),
                                   "std::shared_ptr<const " + *Spelled + ">"));
  return true;
}

bool SnapshotBuilder::rewriteMemberUses() {
  const FieldDecl *Member = Result.Member;
  return forEachMemberUse([&](const MemberExpr *Use, const ParentMap &Parents) {
    if (Kept.contains(Use))
      return true;
    // A value given whole: the new object the pointer holds.
    if (const CXXOperatorCallExpr *Assign = assignmentTo(Use, Parents)) {
      const Expr *Value = Assign->getArg(1);
      const auto *Operator =
          dyn_cast_or_null<CXXMethodDecl>(Assign->getCalleeDecl());
      if (memberUse(Value, Member))
        return true;
      if (!Operator ||
          !(Operator->isCopyAssignmentOperator() ||
            Operator->isMoveAssignmentOperator()) ||
          isa<InitListExpr>(Value->IgnoreImplicit()) ||
          !isa_and_nonnull<CompoundStmt, ExprWithCleanups>(
              Parents.getParent(Assign)) ||
          !wrapValue(Value->getBeginLoc(), Value->getEndLoc(), Type, Context,
                     Result.Fixes))
        return refuse(Use->getExprLoc(),
                      memberName() +
                          " is given a value here that the fix cannot wrap");
      return true;
    }
    std::string Why;
    if (!readThroughPointer(Use, Parents, "", Context, Result.Fixes, Why))
      return refuse(Use->getExprLoc(), memberName() + " " + Why);
    return true;
  });
}

bool SnapshotBuilder::rewriteDeclaration() {
  SourceRange MemberType =
      Result.Member->getTypeSourceInfo()->getTypeLoc().getSourceRange();
  Result.Fixes.push_back(
      FixItHint::CreateReplacement(CharSourceRange::getTokenRange(MemberType),
                                   "std::shared_ptr<const " + Type + ">"));
  return true;
}

} // namespace

SnapshotRewrite shareSnapshotMember(const VarDecl &Snapshot,
                                    const LambdaExpr &Lambda,
                                    const CXXMethodDecl &Method,
                                    ASTContext &Context) {
  return SnapshotBuilder(Snapshot, Lambda, Method, Context).build();
}

} // namespace leakguard::analysis
