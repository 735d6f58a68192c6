//===--- DeclContexts.h - where a declaration lives -----------------------===//

#ifndef LEAKGUARD_LIB_DECLCONTEXTS_H
#define LEAKGUARD_LIB_DECLCONTEXTS_H

#include "clang/AST/DeclBase.h"

namespace leakguard::analysis {

/// Whether \p D is, or is declared inside, a template instantiation (walking
/// the declaration contexts, without any parent map): checks analyze the
/// template itself, once, instead.
bool isInTemplateInstantiation(const clang::Decl *D);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_DECLCONTEXTS_H
