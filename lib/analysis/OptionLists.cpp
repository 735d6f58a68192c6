//===--- OptionLists.cpp - the one syntax of list options ----------------===//

#include "analysis/OptionLists.h"
#include "llvm/ADT/SmallVector.h"

namespace leakguard::analysis {

std::vector<std::string> splitList(llvm::StringRef Text, char Separator) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Text.split(Parts, Separator, /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  std::vector<std::string> Entries;
  for (llvm::StringRef Part : Parts)
    if (!Part.trim().empty())
      Entries.push_back(Part.trim().str());
  return Entries;
}

std::string joinList(llvm::ArrayRef<std::string> Entries, char Separator) {
  std::string Text;
  for (const std::string &Entry : Entries) {
    if (!Text.empty())
      Text += Separator;
    Text += Entry;
  }
  return Text;
}

std::vector<std::pair<std::string, std::string>>
splitPairs(llvm::StringRef Text, std::vector<std::string> &Bad,
           llvm::function_ref<bool(llvm::StringRef, llvm::StringRef)> Valid) {
  std::vector<std::pair<std::string, std::string>> Pairs;
  for (const std::string &Entry : splitList(Text)) {
    auto [First, Second] = llvm::StringRef(Entry).split(':');
    First = First.trim();
    Second = Second.trim();
    if (First.empty() || Second.empty() || Second.contains(':') ||
        (Valid && !Valid(First, Second))) {
      Bad.push_back(Entry);
      continue;
    }
    Pairs.emplace_back(First.str(), Second.str());
  }
  return Pairs;
}

std::string
joinPairs(llvm::ArrayRef<std::pair<std::string, std::string>> Pairs) {
  std::vector<std::string> Entries;
  for (const auto &[First, Second] : Pairs)
    Entries.push_back(First + ":" + Second);
  return joinList(Entries);
}

} // namespace leakguard::analysis
