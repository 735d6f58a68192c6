//===--- CompileDatabase.h - the files of a compile_commands.json ---------===//

#ifndef LEAKGUARD_TOOLS_COMPILEDATABASE_H
#define LEAKGUARD_TOOLS_COMPILEDATABASE_H

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

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_COMPILEDATABASE_H
