//===--- SharedReadOnly.cpp - one read-only copy behind shared_ptr<const T>
//===//

#include "analysis/SharedReadOnly.h"
#include "analysis/AstHelpers.h"
#include "analysis/FixItBuilders.h"
#include "clang/AST/DeclFriend.h"
#include "clang/Lex/Lexer.h"
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
    if (!checkClass() || !rewriteConstructors() || !rewriteMemberUses() ||
        !rewriteSnapshotUses() || !rewriteDeclarations())
      Result.Fixes.clear();
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
  bool rewriteMemberUses();
  bool rewriteSnapshotUses();
  bool rewriteDeclarations();

  const VarDecl &Snapshot;
  const LambdaExpr &Lambda;
  const CXXMethodDecl &Method;
  ASTContext &Context;
  const SourceManager &SM;
  SnapshotRewrite Result;
  /// The member's type as spelled in its declaration.
  std::string Type;
  /// The snapshot's uses outside the lambda's captures that are not
  /// `snapshot = member_`.
  std::vector<const DeclRefExpr *> SnapshotReads;
  /// The members' uses that stay: what the snapshot is given.
  llvm::SmallPtrSet<const Expr *, 4> Kept;
};

bool SnapshotBuilder::findMember() {
  const Stmt *Body = Method.getBody();
  if (!Body || isa<ParmVarDecl>(Snapshot) ||
      Snapshot.getType().isConstQualified() ||
      Snapshot.getType()->isReferenceType() || Snapshot.isStaticLocal() ||
      Snapshot.getDeclContext() != &Method)
    return false;
  const FieldDecl *Member = nullptr;
  bool Given = false;
  if (const Expr *Init = Snapshot.getInit()) {
    const auto *Construct = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit());
    if (!Construct || Construct->getNumArgs() > 1)
      return false;
    if (Construct->getNumArgs() == 1) {
      Member = thisMember(Construct->getArg(0));
      if (!Member || !Construct->getConstructor()->isCopyConstructor())
        return false;
      Kept.insert(memberUse(Construct->getArg(0), Member));
      Given = true;
    }
  }
  ParentMap Parents(const_cast<Stmt *>(Body));
  bool Other = false;
  SourceLocation LambdaAt = SM.getExpansionLoc(Lambda.getBeginLoc());
  auto Visit = [&](const Stmt *S) {
    const auto *Ref = dyn_cast<DeclRefExpr>(S);
    if (!Ref || Ref->getDecl() != &Snapshot)
      return true;
    if (const CXXOperatorCallExpr *Assign = assignmentTo(Ref, Parents)) {
      const FieldDecl *From = thisMember(Assign->getArg(1));
      if (From && (!Member || From == Member)) {
        Member = From;
        Kept.insert(memberUse(Assign->getArg(1), Member));
        Given |= runsOnEveryPath(Assign, Body, Parents) &&
                 SM.isBeforeInTranslationUnit(
                     SM.getExpansionLoc(Assign->getBeginLoc()), LambdaAt);
        return true;
      }
      Other = true;
    }
    SnapshotReads.push_back(Ref);
    return true;
  };
  // The lambda's body, not its captures (`[snapshot]`, or `[=]`'s copy).
  forEachStatement(Body, [&](const Stmt *S) {
    if (S != &Lambda)
      return Visit(S);
    forEachStatement(Lambda.getBody(), Visit);
    return false;
  });
  if (!Member || Other)
    return false;
  Result.Member = Member;
  if (Context.getCanonicalType(Member->getType()) !=
      Context.getCanonicalType(Snapshot.getType().getUnqualifiedType()))
    return refuse(Snapshot.getLocation(), "'" + Snapshot.getNameAsString() +
                                              "' has another type than " +
                                              memberName());
  if (!Given)
    return refuse(Lambda.getBeginLoc(), "the lambda may be created before '" +
                                            Snapshot.getNameAsString() +
                                            "' is given " + memberName());
  bool HasGoto = false;
  forEachStatement(Body, [&](const Stmt *S) {
    HasGoto |= isa<GotoStmt, IndirectGotoStmt>(S);
    return !HasGoto;
  });
  if (HasGoto)
    return refuse(Method.getLocation(),
                  "'" + Method.getNameAsString() + "' has a 'goto'");
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

bool SnapshotBuilder::rewriteMemberUses() {
  const FieldDecl *Member = Result.Member;
  for (const Decl *D : Method.getParent()->decls()) {
    const auto *Declared = dyn_cast<CXXMethodDecl>(D);
    const FunctionDecl *Function =
        Declared ? Declared->getDefinition() : nullptr;
    if (!Function || !Function->getBody() || Function->isImplicit() ||
        Function->isDefaulted())
      continue;
    const Stmt *Body = Function->getBody();
    ParentMap Parents(const_cast<Stmt *>(Body));
    bool Fits = true;
    forEachStatement(Body, [&](const Stmt *S) {
      const auto *Use = dyn_cast<MemberExpr>(S);
      if (!Fits || !Use || Use->getMemberDecl() != Member)
        return Fits;
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
                       Result.Fixes)) {
          Fits = refuse(Use->getExprLoc(),
                        memberName() + " is given a value here that the fix "
                                       "cannot wrap");
          return false;
        }
        return true;
      }
      std::string Why;
      if (!readThroughPointer(Use, Parents, "", Context, Result.Fixes, Why))
        Fits = refuse(Use->getExprLoc(), memberName() + " " + Why);
      return Fits;
    });
    if (!Fits)
      return false;
  }
  return true;
}

bool SnapshotBuilder::rewriteSnapshotUses() {
  ParentMap Parents(const_cast<Stmt *>(Method.getBody()));
  for (const DeclRefExpr *Ref : SnapshotReads) {
    std::string Why;
    if (!readThroughPointer(Ref, Parents, "", Context, Result.Fixes, Why))
      return refuse(Ref->getLocation(),
                    "'" + Snapshot.getNameAsString() + "' " + Why);
  }
  return true;
}

bool SnapshotBuilder::rewriteDeclarations() {
  std::string Shared = "std::shared_ptr<const " + Type + ">";
  SourceRange MemberType =
      Result.Member->getTypeSourceInfo()->getTypeLoc().getSourceRange();
  Result.Fixes.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(MemberType), Shared));
  // `auto snapshot = member_;` deduces the pointer by itself.
  if (Snapshot.getType()->getContainedAutoType())
    return true;
  SourceRange LocalType =
      Snapshot.getTypeSourceInfo()->getTypeLoc().getSourceRange();
  std::optional<std::string> Spelled =
      textOf(LocalType, SM, Context.getLangOpts());
  if (!Spelled)
    return refuse(Snapshot.getLocation(), "'" + Snapshot.getNameAsString() +
                                              "' is declared by a macro");
  Result.Fixes.push_back(
      FixItHint::CreateReplacement(CharSourceRange::getTokenRange(LocalType),
                                   "std::shared_ptr<const " + *Spelled + ">"));
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
