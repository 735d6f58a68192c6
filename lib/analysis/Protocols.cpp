//===--- Protocols.cpp - what a unit does around objects and calls --------===//

#include "analysis/Protocols.h"
#include "analysis/Summarize.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/SaveAndRestore.h"

using namespace clang;

namespace leakguard::analysis {

bool mayOwnThroughMember(const CXXRecordDecl *Record) {
  if (!Record)
    return false;
  Record = Record->getDefinition();
  if (!Record || Record->isLambda() || Record->isUnion() ||
      Record->getASTContext().getSourceManager().isInSystemHeader(
          Record->getLocation()))
    return false;
  return llvm::any_of(Record->fields(), [](const FieldDecl *Field) {
    return Field->getAccess() == AS_private && Field->getType()->isPointerType();
  });
}

bool holdsInstantiatedMember(const CXXRecordDecl *Record) {
  if (!Record)
    return false;
  Record = Record->getDefinition();
  if (!Record || Record->isLambda() || Record->isUnion() ||
      Record->getASTContext().getSourceManager().isInSystemHeader(
          Record->getLocation()))
    return false;
  return llvm::any_of(Record->fields(), [](const FieldDecl *Field) {
    return isa_and_nonnull<ClassTemplateSpecializationDecl>(
        Field->getType()->getAsCXXRecordDecl());
  });
}

namespace {

/// The statement a block holds, without the cleanups around an expression.
const Stmt *withoutCleanups(const Stmt *S) {
  if (const auto *Cleanups = dyn_cast_or_null<ExprWithCleanups>(S))
    return Cleanups->getSubExpr();
  return S;
}

/// The object that the statement \p S destroys by hand (`delete m`,
/// `m->~M()`), with its class in \p Class; null for anything else.
const Expr *destroyedObject(const Stmt *S, const CXXRecordDecl *&Class) {
  S = withoutCleanups(S);
  if (const auto *Delete = dyn_cast_or_null<CXXDeleteExpr>(S)) {
    if (Delete->isArrayForm() || Delete->getArgument()->isTypeDependent())
      return nullptr;
    Class = Delete->getDestroyedType()->getAsCXXRecordDecl();
    return Delete->getArgument();
  }
  if (const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(S))
    if (const auto *Dtor =
            dyn_cast_or_null<CXXDestructorDecl>(Call->getMethodDecl())) {
      Class = Dtor->getParent();
      return Call->getImplicitObjectArgument();
    }
  return nullptr;
}

class ProtocolScan : public RecursiveASTVisitor<ProtocolScan> {
  using Base = RecursiveASTVisitor<ProtocolScan>;

public:
  ProtocolScan(ASTContext &Context, unsigned Facts)
      : SM(Context.getSourceManager()), Facts(Facts) {}

  UnitProtocols Result;

  bool shouldVisitTemplateInstantiations() const { return false; }

  // The function a reference is in, and whether it is in a loop or a
  // lambda there.
  bool TraverseDecl(Decl *D) {
    if (!isa_and_nonnull<FunctionDecl>(D))
      return Base::TraverseDecl(D);
    // A function of a system header (a prototype of the C library, a
    // member of a standard class, a template's pattern) destroys, makes and
    // refers to nothing of the program's: the classes followed and the
    // functions referred to are the program's, which a system header does
    // not name. Its types are not walked either, which is most of the cost
    // (#14). The standard templates' specializations that name the
    // program's classes (`std::unique_ptr<M>`) are read from their
    // templates (VisitClassTemplateDecl, VisitFunctionTemplateDecl), which
    // are still visited.
    if (SM.isInSystemHeader(D->getLocation()))
      return true;
    llvm::SaveAndRestore<const FunctionDecl *> InFunction(
        Current, cast<FunctionDecl>(D));
    llvm::SaveAndRestore<unsigned> Depth(Loops, 0u);
    return Base::TraverseDecl(D);
  }
#define LOOP(CLASS)                                                            \
  bool Traverse##CLASS(CLASS *S, DataRecursionQueue * = nullptr) {             \
    ++Loops;                                                                   \
    bool Continue = Base::Traverse##CLASS(S);                                  \
    --Loops;                                                                   \
    return Continue;                                                           \
  }
  LOOP(ForStmt)
  LOOP(WhileStmt)
  LOOP(DoStmt)
  LOOP(CXXForRangeStmt)
  LOOP(LambdaExpr)
#undef LOOP

  // References.
  bool VisitCallExpr(CallExpr *Call) {
    if (Facts & References)
      if (const Expr *Callee = Call->getCallee()->IgnoreParenImpCasts();
          isa<DeclRefExpr, MemberExpr>(Callee))
        Callees.insert(Callee);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Facts & References)
      referenced(dyn_cast<FunctionDecl>(Ref->getDecl()), Ref);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    if (Facts & References)
      referenced(dyn_cast<CXXMethodDecl>(Member->getMemberDecl()), Member);
    return true;
  }
  bool VisitOverloadExpr(OverloadExpr *Overload) {
    // Unresolved in a template: any of them may be called.
    if (Facts & References)
      for (const NamedDecl *D : Overload->decls())
        referenced(dyn_cast<FunctionDecl>(D->getUnderlyingDecl()), nullptr);
    return true;
  }

  // Destructions by hand, and what is called on the object before.
  bool VisitCompoundStmt(CompoundStmt *Block) {
    if (!(Facts & Destructions))
      return true;
    for (auto It = Block->body_begin(), End = Block->body_end(); It != End;
         ++It) {
      const CXXRecordDecl *Class = nullptr;
      const Expr *Object = destroyedObject(*It, Class);
      if (!Object || !followed(Class))
        continue;
      Handled.insert(withoutCleanups(*It));
      llvm::SmallVector<const CXXMethodDecl *, 2> Before;
      for (auto Prior = It; Prior != Block->body_begin();) {
        const Stmt *S = withoutCleanups(*--Prior);
        // A label: the destruction may be reached from elsewhere.
        if (isa<LabelStmt, SwitchCase>(S))
          break;
        if (const auto *Assign = dyn_cast<BinaryOperator>(S);
            Assign && Assign->isAssignmentOp() &&
            Expr::isSameComparisonOperand(Assign->getLHS()->IgnoreImpCasts(),
                                          Object->IgnoreImpCasts()))
          break; // Before: another object.
        const auto *Call = dyn_cast<CXXMemberCallExpr>(S);
        if (Call && Call->getMethodDecl() &&
            Expr::isSameComparisonOperand(Call->getImplicitObjectArgument(),
                                          Object))
          Before.push_back(Call->getMethodDecl()->getCanonicalDecl());
      }
      destroyed(Class, &Before);
    }
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    if (!(Facts & Destructions) || Handled.count(Delete) ||
        Delete->getArgument()->isTypeDependent())
      return true;
    destroyed(Delete->getDestroyedType()->getAsCXXRecordDecl(), nullptr);
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *Call) {
    if ((Facts & Destructions) && !Handled.count(Call))
      if (const auto *Dtor =
              dyn_cast_or_null<CXXDestructorDecl>(Call->getMethodDecl()))
        destroyed(Dtor->getParent(), nullptr);
    return true;
  }

  // Objects destroyed otherwise.
  // Objects made on the heap: they live for the process when made in
  // main, once, or kept by a pointer of static storage.
  bool VisitCXXNewExpr(CXXNewExpr *New) {
    if (!(Facts & Destructions) || New->isArray())
      return true;
    OnHeap.insert(New->getConstructExpr());
    if (!Kept.count(New))
      lifetime(New->getAllocatedType(), inMainOnce());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    if ((Facts & Destructions) && !OnHeap.count(Construct) &&
        !Kept.count(Construct))
      byValue(Construct->getType());
    return true;
  }
  bool VisitVarDecl(VarDecl *Var) {
    if (!(Facts & Destructions) || Var->hasExternalStorage() ||
        Var->isThisDeclarationADefinition() == VarDecl::DeclarationOnly)
      return true;
    bool Long =
        Var->hasGlobalStorage() || (inMainOnce() && !isa<ParmVarDecl>(Var));
    const Expr *Init =
        Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr;
    if (Var->getType()->isReferenceType())
      return true;
    if (followed(
            Var->getType()->getBaseElementTypeUnsafe()->getAsCXXRecordDecl())) {
      // Destroyed by going out of scope (or at exit).
      setByValue(Var->getType());
      lifetime(Var->getType(), Long && !Var->getType()->isArrayType());
      if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(Init))
        Kept.insert(Construct);
    }
    // `static Tracker *t = new Tracker;`
    if (const auto *New = dyn_cast_or_null<CXXNewExpr>(Init);
        New && Var->hasGlobalStorage() && !New->isArray()) {
      lifetime(New->getAllocatedType(), true);
      Kept.insert(New);
    }
    return true;
  }
  bool VisitFieldDecl(FieldDecl *Field) {
    if (Facts & Destructions)
      byValue(Field->getType());
    return true;
  }
  bool VisitCXXRecordDecl(CXXRecordDecl *Record) {
    if ((Facts & Destructions) && Record->isThisDeclarationADefinition())
      for (const CXXBaseSpecifier &Base : Record->bases())
        byValue(Base.getType());
    return true;
  }
  bool VisitClassTemplateDecl(ClassTemplateDecl *Template) {
    if (!(Facts & Destructions))
      return true;
    for (const ClassTemplateSpecializationDecl *Spec :
         Template->specializations()) {
      arguments(Spec->getTemplateArgs().asArray());
      // Member templates of the instantiation (shared_ptr<void>'s
      // constructor from an M *).
      if (Spec->hasDefinition())
        for (const Decl *D : Spec->getDefinition()->decls())
          if (const auto *Member = dyn_cast<FunctionTemplateDecl>(D))
            functionSpecializations(Member);
    }
    return true;
  }
  bool VisitFunctionTemplateDecl(FunctionTemplateDecl *Template) {
    if (Facts & Destructions)
      functionSpecializations(Template);
    return true;
  }

private:
  const SourceManager &SM;
  const unsigned Facts;
  const FunctionDecl *Current = nullptr;
  unsigned Loops = 0;
  llvm::DenseSet<const Expr *> Callees;
  llvm::DenseSet<const Stmt *> Handled;
  llvm::DenseSet<const Expr *> OnHeap;
  /// Objects already counted (a variable's, one kept by a static pointer).
  llvm::DenseSet<const Expr *> Kept;
  llvm::DenseMap<const CXXRecordDecl *, bool> Followed;

  void referenced(const FunctionDecl *Callee, const Expr *Ref) {
    if (!Callee)
      return;
    // (A virtual method may run through any override's caller.)
    if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
        Method && (Method->isVirtual() ||
                   isa<CXXConstructorDecl, CXXDestructorDecl>(Method)))
      return;
    Callee = Callee->getCanonicalDecl();
    // (Operators, `operator delete` among them, run at any time.)
    if (!Callee->isExternallyVisible() || Callee->isImplicit() ||
        Callee->isOverloadedOperator() || Callee->getLocation().isInvalid() ||
        SM.isInSystemHeader(Callee->getLocation()))
      return;
    summary::ReferenceSummary &R = Result.References[Callee];
    bool AllCalls = R.Count++ == 0 || !R.From.empty();
    std::string From;
    if (Ref && Callees.count(Ref) && Current && Loops == 0)
      From = Current->isMain() ? "main" : summaryKey(Current);
    if (!AllCalls || From.empty()) {
      R.From.clear();
      return;
    }
    auto At = llvm::lower_bound(R.From, From);
    if (At == R.From.end() || *At != From)
      R.From.insert(At, From);
  }

  bool inMainOnce() const { return Current && Current->isMain() && !Loops; }

  /// The class of \p Record, when its objects are followed.
  const CXXRecordDecl *followed(const CXXRecordDecl *Record) {
    if (!Record)
      return nullptr;
    Record = Record->getCanonicalDecl();
    auto [It, Inserted] = Followed.try_emplace(Record, false);
    if (Inserted)
      It->second =
          mayOwnThroughMember(Record) || holdsInstantiatedMember(Record);
    return It->second ? Record : nullptr;
  }

  void destroyed(const CXXRecordDecl *Class,
                 const llvm::SmallVectorImpl<const CXXMethodDecl *> *Before) {
    Class = followed(Class);
    if (!Class)
      return;
    ClassDestructions &D = Result.Classes[Class];
    if (D.Deletes++ == 0) {
      if (Before)
        D.After.assign(Before->begin(), Before->end());
      return;
    }
    llvm::erase_if(D.After, [&](const CXXMethodDecl *M) {
      return !Before || !llvm::is_contained(*Before, M);
    });
  }

  ClassDestructions *of(QualType Type) {
    if (Type.isNull() || Type->isReferenceType())
      return nullptr;
    const CXXRecordDecl *Class =
        followed(Type->getBaseElementTypeUnsafe()->getAsCXXRecordDecl());
    return Class ? &Result.Classes[Class] : nullptr;
  }
  void setByValue(QualType Type) {
    if (ClassDestructions *D = of(Type))
      D->ByValue = true;
  }
  void lifetime(QualType Type, bool Long) {
    if (ClassDestructions *D = of(Type))
      Long ? ++D->LongLived : D->ShortLived = true;
  }
  /// An object destroyed without a delete, made anywhere but main.
  void byValue(QualType Type) {
    setByValue(Type);
    lifetime(Type, false);
  }

  void arguments(llvm::ArrayRef<TemplateArgument> Args) {
    for (const TemplateArgument &Arg : Args) {
      if (Arg.getKind() == TemplateArgument::Pack)
        arguments(Arg.pack_elements());
      else if (Arg.getKind() == TemplateArgument::Type &&
               !Arg.getAsType()->isReferenceType())
        if (const CXXRecordDecl *Class =
                followed(Arg.getAsType()
                             ->getBaseElementTypeUnsafe()
                             ->getAsCXXRecordDecl()))
          Result.Classes[Class].Templated = true;
    }
  }

  void functionSpecializations(const FunctionTemplateDecl *Template) {
    for (const FunctionDecl *Spec : Template->specializations())
      if (const TemplateArgumentList *Args =
              Spec->getTemplateSpecializationArgs())
        arguments(Args->asArray());
  }
};

} // namespace

std::string protocolKey(const NamedDecl *D) {
  if (!D || !D->isExternallyVisible())
    return "";
  if (const auto *Record = dyn_cast<CXXRecordDecl>(D);
      Record && Record->isLocalClass())
    return "";
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(cast<NamedDecl>(D->getCanonicalDecl()), USR))
    return "";
  return std::string(USR);
}

UnitProtocols scanProtocols(ASTContext &Context, unsigned Facts) {
  ProtocolScan Scan(Context, Facts);
  Scan.TraverseDecl(Context.getTranslationUnitDecl());
  return std::move(Scan.Result);
}

void summarizeProtocols(const UnitProtocols &Unit, summary::SummaryFile &File) {
  for (const auto &[Class, D] : Unit.Classes) {
    std::string Key = protocolKey(Class);
    if (Key.empty())
      continue;
    summary::ClassSummary &Summary = File.DestroyedClasses[Key];
    Summary.Name = Class->getQualifiedNameAsString();
    Summary.Deletes = D.Deletes;
    Summary.ByValue = D.ByValue;
    Summary.Templated = D.Templated;
    Summary.LongLived = D.LongLived;
    Summary.ShortLived = D.ShortLived;
    for (const CXXMethodDecl *Method : D.After)
      if (std::string M = protocolKey(Method); !M.empty())
        Summary.After.push_back(std::move(M));
    llvm::sort(Summary.After);
    Summary.After.erase(llvm::unique(Summary.After), Summary.After.end());
  }
  for (const auto &[Function, R] : Unit.References)
    if (std::string Key = summaryKey(Function); !Key.empty())
      File.References[Key] = R;
}

} // namespace leakguard::analysis
