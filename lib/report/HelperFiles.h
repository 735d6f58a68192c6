//===--- HelperFiles.h - leakguard's helper headers, written once ---------===//
//
// With the option LeakHelpersDir, a fix includes a helper of
// include/leakguard/ by its path relative to the fixed file
// (analysis/HelperHeaders.h). `leakguard scan --fix` then writes the helper
// there, from the copy installed with leakguard, once: a file already there
// is kept (the same content: nothing to do; another content: the user's
// own, reported and left alone).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_HELPERFILES_H
#define LEAKGUARD_LIB_HELPERFILES_H

#include "report/FixApplier.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>

namespace leakguard::report {

/// The path of the helper an applied edit includes: when \p E inserts
/// `#include "P"` lines, P relative, whose file name is one of \p Helpers,
/// P resolved from the edited file's folder (`.` and `..` removed).
std::optional<std::string>
helperIncludeTarget(const FileEdit &E, llvm::ArrayRef<std::string> Helpers);

enum class HelperStatus {
  Written, ///< It was missing and is written now.
  Present, ///< A file with the same content was there.
  Differs, ///< Another file was there; it is left as it is.
};

/// Writes \p Content to \p Target atomically, making its folder, unless a
/// file is there already.
llvm::Expected<HelperStatus> installHelper(llvm::StringRef Target,
                                           llvm::StringRef Content);

} // namespace leakguard::report

#endif // LEAKGUARD_LIB_HELPERFILES_H
