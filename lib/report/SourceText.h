//===--- SourceText.h - file contents, line tables and content hashes -----===//
//
// Reports speak in lines and columns while clang-tidy's export-fixes speak in
// byte offsets. SourceText holds one file's content as it was analyzed and
// converts between the two; SourceCache loads each file once.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_SOURCETEXT_H
#define LEAKGUARD_LIB_SOURCETEXT_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <string>
#include <vector>

namespace leakguard::report {

/// A 1-based line and column. Column counts bytes, as clang does;
/// Utf16Column counts UTF-16 code units, as SARIF consumers expect.
struct Position {
  unsigned Line = 1;
  unsigned Column = 1;
  unsigned Utf16Column = 1;
};

/// The hex SHA-1 of \p Content: what "the file did not change" compares.
std::string contentHash(llvm::StringRef Content);

class SourceText {
public:
  explicit SourceText(std::string Content);

  llvm::StringRef content() const { return Content; }
  const std::string &hash() const { return Hash; }
  unsigned lineCount() const { return LineStarts.size(); }
  /// The position of byte \p Offset (clamped to the end of the file).
  Position position(unsigned Offset) const;
  /// Line \p Line (1-based) without its end of line; empty when out of range.
  llvm::StringRef line(unsigned Line) const;

private:
  std::string Content;
  std::string Hash;
  std::vector<unsigned> LineStarts;
};

/// Loads files on first use and keeps them for the run.
class SourceCache {
public:
  /// The file at \p Path, or null when it cannot be read.
  const SourceText *get(llvm::StringRef Path);
  /// Pretends \p Path holds \p Content (tests, stdin).
  void set(llvm::StringRef Path, std::string Content);

private:
  llvm::StringMap<std::unique_ptr<SourceText>> Files;
};

} // namespace leakguard::report

#endif // LEAKGUARD_LIB_SOURCETEXT_H
