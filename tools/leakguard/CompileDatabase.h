//===--- CompileDatabase.h - the files of a compile_commands.json ---------===//

#ifndef LEAKGUARD_TOOLS_COMPILEDATABASE_H
#define LEAKGUARD_TOOLS_COMPILEDATABASE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace leakguard {

/// The absolute, normalized paths of the source files in the
/// compile_commands.json of \p BuildDir, in database order, without
/// duplicates. Fails with a message that names the file when it is missing
/// or malformed.
llvm::Expected<std::vector<std::string>>
readCompileDatabaseFiles(llvm::StringRef BuildDir);

/// A unit's entries in a compile database.
struct UnitCommands {
  std::string Directory; ///< Of the first entry.
  std::string Text;      ///< Every entry of the file, as canonical JSON.
  unsigned Count = 0;    ///< How many entries name the file.
};

/// The entries of the compile_commands.json of \p BuildDir, by absolute
/// normalized file path (what the result cache keys a unit by).
llvm::Expected<llvm::StringMap<UnitCommands>>
readCompileCommands(llvm::StringRef BuildDir);

/// \p Path made absolute and normalized.
std::string absolutePath(llvm::StringRef Path);

/// The translation units to analyze. With \p BuildDir: the files of its
/// database, narrowed to \p Paths (files, directories or glob patterns)
/// when given; a path that selects nothing is an error, or, with
/// \p SkipUnlisted, is added to \p Skipped. Without: \p Paths themselves, which
/// must be files.
llvm::Expected<std::vector<std::string>>
selectTranslationUnits(llvm::StringRef BuildDir,
                       llvm::ArrayRef<std::string> Paths, bool SkipUnlisted,
                       std::vector<std::string> &Skipped);

/// For each of \p Files, the translation units of the compile database of
/// \p BuildDir that include it, directly or not, in database order: the
/// preprocessor's include graph, as `clang-scan-deps` finds it (fast: it
/// scans the directives, it does not compile). Fails when clang-scan-deps
/// cannot be found or run.
llvm::Expected<llvm::StringMap<std::vector<std::string>>>
findIncluders(llvm::StringRef BuildDir, llvm::ArrayRef<std::string> Files,
              unsigned Jobs);

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_COMPILEDATABASE_H
