//===--- ConfigCheck.h - configuration errors, before any analysis --------===//
//
// clang-tidy drops a `.clang-tidy` whose YAML it cannot read (every option in
// it), ignores option keys it does not know, and reports an invalid value as
// a `clang-tidy-config` diagnostic of every translation unit. leakguard turns
// each of these into one input error, with the file, the line and the key or
// value, before it analyzes anything:
//
//   1. `leakguard-tidy --verify-config` per distinct configuration: YAML
//      errors and unknown keys and checks (only leakguard's own, `leak-*`,
//      and typos of known global options: a shared `.clang-tidy` may hold
//      options of checks this binary does not have);
//   2. an empty translation unit analyzed, next to a unit, with the same
//      configuration: every check is built, so every invalid value is
//      reported once;
//   3. the key or value found again in the configuration text (YAML, with
//      LLVM's parser) for its line and column.
//
// Translation units whose nearest `.clang-tidy` is the same file share a
// configuration, so this costs three short leakguard-tidy runs per
// `.clang-tidy`, not per unit.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TOOLS_CONFIGCHECK_H
#define LEAKGUARD_TOOLS_CONFIGCHECK_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace leakguard {

/// How the checks are configured for a run.
struct ConfigSources {
  std::string TidyPath;
  /// The options that configure the checks (--checks, --config,
  /// --config-file), as the units get them.
  std::vector<std::string> Options;
  std::string ConfigText; ///< --config, when given.
  std::string ConfigFile; ///< --config-file, when given.
  std::string Root;       ///< Paths in messages are shown relative to it.
};

/// Fails with one message (the first problem, and how many more there are)
/// when the configuration of any of \p Files is broken YAML, names an
/// unknown leak- check or option, or gives an option an invalid value.
llvm::Error checkConfiguration(const ConfigSources &Sources,
                               llvm::ArrayRef<std::string> Files);

/// A line and a column, 1-based.
using LineColumn = std::pair<unsigned, unsigned>;

/// Where option \p Key is set in the CheckOptions of the YAML configuration
/// \p Text (either form: a map, or a list of key/value pairs): its value
/// when \p OfValue, else its key.
std::optional<LineColumn> findConfigOption(llvm::StringRef Text,
                                           llvm::StringRef Key, bool OfValue);

/// Where \p Pattern (a check name or glob) is written in the `Checks` of the
/// YAML configuration \p Text.
std::optional<LineColumn> findConfigCheck(llvm::StringRef Text,
                                          llvm::StringRef Pattern);

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_CONFIGCHECK_H
