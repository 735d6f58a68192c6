//===--- RuleCatalog.h - what SARIF says about each check -----------------===//

#ifndef LEAKGUARD_TOOLS_RULECATALOG_H
#define LEAKGUARD_TOOLS_RULECATALOG_H

#include "report/ReportFormats.h"
#include "llvm/ADT/ArrayRef.h"
#include <string>
#include <vector>

namespace leakguard {

/// The project page (SARIF's informationUri).
llvm::StringRef homepage();

/// The rule of check \p Id: for leak- checks the descriptions of its doc
/// page and a link to it; for upstream clang-tidy checks a link to LLVM's
/// documentation.
report::RuleInfo ruleInfo(llvm::StringRef Id);

/// The rules of \p Ids, in that order.
std::vector<report::RuleInfo> ruleInfos(llvm::ArrayRef<std::string> Ids);

/// Every leak- check that has a doc page, sorted.
std::vector<std::string> documentedChecks();

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_RULECATALOG_H
