//===--- DeclContexts.cpp - where a declaration lives ---------------------===//

#include "analysis/DeclContexts.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;

namespace leakguard::analysis {

bool isInTemplateInstantiation(const Decl *D) {
  const DeclContext *Ctx =
      isa<DeclContext>(D) ? cast<DeclContext>(D) : D->getDeclContext();
  for (; Ctx; Ctx = Ctx->getParent()) {
    if (const auto *Function = dyn_cast<FunctionDecl>(Ctx);
        Function && Function->isTemplateInstantiation())
      return true;
    if (const auto *Record = dyn_cast<CXXRecordDecl>(Ctx)) {
      TemplateSpecializationKind Kind = Record->getTemplateSpecializationKind();
      if (Kind != TSK_Undeclared && Kind != TSK_ExplicitSpecialization)
        return true;
    }
  }
  return false;
}

} // namespace leakguard::analysis
