//===--- UserCode.h - one walk over the user's code of a unit -------------===//
//
// A matcher registered on a kind of node that every function has (a
// reference, a call, a variable) costs its dispatch at each such node of
// the translation unit, and most of them are in the standard library's
// headers and their instantiations: in a unit of a few hundred lines of the
// user's, a hundred thousand references. A check that collects such nodes
// from the user's code walks that code alone, once, with this visitor.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_USERCODE_H
#define LEAKGUARD_LIB_USERCODE_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace leakguard::analysis {

/// A RecursiveASTVisitor over the user's code of a translation unit: every
/// declaration at namespace scope (in `extern "C"` blocks too) whose
/// location is not in a system header, with everything below it, implicit
/// code and template instantiations included, as a MatchFinder sees it.
/// The declarations of the system headers are skipped whole, so the nodes
/// of the standard library's templates and of their instantiations (which
/// are found below the template's declaration) are not visited.
///
/// Start it with `TraverseAST(Context)`; \p Derived defines the Visit
/// methods it needs.
template <typename Derived>
class UserCodeVisitor : public clang::RecursiveASTVisitor<Derived> {
public:
  explicit UserCodeVisitor(const clang::ASTContext &Context)
      : SM(Context.getSourceManager()) {}

  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(clang::Decl *D) {
    if (D && !llvm::isa<clang::TranslationUnitDecl>(D) &&
        D->getLexicalDeclContext()->getRedeclContext()->isFileContext() &&
        SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return true;
    return clang::RecursiveASTVisitor<Derived>::TraverseDecl(D);
  }

private:
  const clang::SourceManager &SM;
};

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_USERCODE_H
