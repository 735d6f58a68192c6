//===--- RuleCatalog.cpp - what SARIF says about each check ---------------===//

#include "RuleCatalog.h"
#include "llvm/ADT/StringRef.h"

using namespace leakguard::report;

namespace leakguard {
namespace {

struct DocEntry {
  const char *Id;
  const char *Paragraph; ///< The first paragraph of the page.
  const char *Second;    ///< The second, when it is prose; else empty.
};

const DocEntry DocTable[] = {
#include "RuleTable.inc"
    {nullptr, nullptr, nullptr}};

/// The first sentence of \p Paragraph.
std::string firstSentence(llvm::StringRef Paragraph) {
  size_t End = Paragraph.find(". ");
  return End == llvm::StringRef::npos ? Paragraph.str()
                                      : Paragraph.take_front(End + 1).str();
}

} // namespace

llvm::StringRef homepage() { return LEAKGUARD_HOMEPAGE; }

RuleInfo ruleInfo(llvm::StringRef Id) {
  for (const DocEntry *E = DocTable; E->Id; ++E)
    if (Id == E->Id) {
      llvm::StringRef Paragraph = llvm::StringRef(E->Paragraph).trim();
      llvm::StringRef Second = llvm::StringRef(E->Second).trim();
      std::string Short = firstSentence(Paragraph);
      // The full description says more than the short one (SARIF
      // consumers show both): the first paragraph, and the next when the
      // first is a single sentence or more is written.
      std::string Full = Paragraph.str();
      if (!Second.empty())
        Full += "\n\n" + Second.str();
      std::string Uri =
          (homepage() + "/blob/main/docs/checks/" + Id + ".md").str();
      if (Full == Short)
        Full += " Its documentation (" + Uri +
                ") describes the options, the fix-it and the limits.";
      return RuleInfo{Id.str(), Short, Full, Uri};
    }
  RuleInfo Info{Id.str(), "clang-tidy check " + Id.str(),
                "Reported by the clang-tidy check " + Id.str() + ".", ""};
  // Upstream checks: <module>-<name>, documented by LLVM.
  if (Id.starts_with("clang-diagnostic-") || Id.starts_with("leak-"))
    return Info;
  llvm::StringRef Module, Name;
  if (Id.starts_with("clang-analyzer-")) {
    Module = "clang-analyzer";
    Name = Id.drop_front(Module.size() + 1);
  } else {
    std::tie(Module, Name) = Id.split('-');
  }
  if (!Name.empty())
    Info.HelpUri = ("https://clang.llvm.org/extra/clang-tidy/checks/" + Module +
                    "/" + Name + ".html")
                       .str();
  return Info;
}

std::vector<RuleInfo> ruleInfos(llvm::ArrayRef<std::string> Ids) {
  std::vector<RuleInfo> Rules;
  for (const std::string &Id : Ids)
    Rules.push_back(ruleInfo(Id));
  return Rules;
}

std::vector<std::string> documentedChecks() {
  std::vector<std::string> Ids;
  for (const DocEntry *E = DocTable; E->Id; ++E)
    Ids.push_back(E->Id);
  llvm::sort(Ids);
  return Ids;
}

} // namespace leakguard
