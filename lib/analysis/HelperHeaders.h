//===--- HelperHeaders.h - where a fix finds leakguard's helper headers ---===//
//
// Some fixes use a helper of include/leakguard/ (the TTL cache and its
// siblings, the scope guard, the descriptor owner, out_ptr, stop_sleep): by
// default they include it as <leakguard/NAME.h>, which compiles
// only where leakguard's include/ folder is on the include path. With the
// global option LeakHelpersDir, the helpers live in the user's project, in
// that folder (`leakguard scan --fix` copies them there), and a fix includes
// one by its path relative to the fixed file: `#include "../third_party/
// leakguard/ttl_cache.h"`. The quoted form looks in the including file's
// folder first, so it compiles in every unit that includes the fixed file,
// whatever its include path, and the scan can tell where it points without
// the compile flags.
//
// A relative LeakHelpersDir is relative to the folder of the nearest
// `.clang-tidy` above the fixed file that names the option, else to the
// current directory (a value given by --config or --config-file).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_HELPERHEADERS_H
#define LEAKGUARD_LIB_HELPERHEADERS_H

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace leakguard::analysis {

/// NAME for a helper header spelled `<leakguard/NAME>`, else std::nullopt.
std::optional<llvm::StringRef> helperName(llvm::StringRef Header);

/// The absolute folder \p HelpersDir names for a file in \p FromDir (see
/// above), with `.` and `..` removed.
std::string resolveHelpersDir(llvm::StringRef HelpersDir,
                              llvm::StringRef FromDir);

/// \p Target as a path relative to the folder \p FromDir (both absolute),
/// with '/' separators: "../lib/x.h".
std::string relativePath(llvm::StringRef Target, llvm::StringRef FromDir);

/// How a fix in \p FixedFile includes \p Header, in the form
/// utils::IncludeInserter takes: `relative/path/NAME` (quoted) when
/// \p Header is a helper `<leakguard/NAME>` and \p HelpersDir is set, else
/// \p Header unchanged.
std::string helperInclude(llvm::StringRef Header, llvm::StringRef HelpersDir,
                          llvm::StringRef FixedFile);

/// helperInclude() for a fix in \p File of \p SM.
std::string helperInclude(llvm::StringRef Header, llvm::StringRef HelpersDir,
                          const clang::SourceManager &SM, clang::FileID File);

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_HELPERHEADERS_H
