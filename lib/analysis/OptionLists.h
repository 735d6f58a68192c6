//===--- OptionLists.h - the one syntax of list options ------------------===//
//
// Every list option of the `leak-` checks is written the same way:
// `;`-separated entries, blanks around an entry ignored, empty entries
// skipped; an entry that is a pair (`lock:unlock`, `acquire:release`)
// splits at its one `:`. The checks read and write their options through
// these functions only, so that `--dump-config` prints what they read.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_OPTIONLISTS_H
#define LEAKGUARD_LIB_OPTIONLISTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <utility>
#include <vector>

namespace leakguard::analysis {

/// The entries of \p Text, split at \p Separator, trimmed, empty ones
/// dropped.
std::vector<std::string> splitList(llvm::StringRef Text, char Separator = ';');

/// \p Entries joined with \p Separator: splitList()'s inverse.
std::string joinList(llvm::ArrayRef<std::string> Entries, char Separator = ';');

/// The `first:second` pairs of \p Text. An entry without exactly one `:`,
/// with an empty side, or that \p Valid rejects goes to \p Bad (as
/// written, trimmed) and is skipped.
std::vector<std::pair<std::string, std::string>> splitPairs(
    llvm::StringRef Text, std::vector<std::string> &Bad,
    llvm::function_ref<bool(llvm::StringRef, llvm::StringRef)> Valid = nullptr);

/// The pairs joined back as `first:second;...`.
std::string
joinPairs(llvm::ArrayRef<std::pair<std::string, std::string>> Pairs);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_OPTIONLISTS_H
