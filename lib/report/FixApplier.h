//===--- FixApplier.h - applying fix-its without corrupting files ---------===//
//
// `leakguard scan --fix` applies the fix-its of the reported findings. A fix
// is all its edits or nothing: one that overlaps an edit of a fix already
// taken is skipped and reported. Files are rewritten atomically (a
// temporary file in the same directory, then a rename).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_FIXAPPLIER_H
#define LEAKGUARD_LIB_FIXAPPLIER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace leakguard::report {

/// Replace Length bytes at Offset of Path by Text.
struct FileEdit {
  std::string Path;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Text;

  bool operator==(const FileEdit &O) const {
    return Path == O.Path && Offset == O.Offset && Length == O.Length &&
           Text == O.Text;
  }
};

/// Whether \p A and \p B cannot both be applied: their ranges overlap, an
/// insertion falls strictly inside the other's range, or two different
/// insertions share an offset. Identical edits do not conflict.
bool editsConflict(const FileEdit &A, const FileEdit &B);

/// The fixes taken, by index, and the edits to make per file.
struct FixPlan {
  std::vector<unsigned> Taken;
  std::vector<unsigned> Conflicting;
  llvm::StringMap<std::vector<FileEdit>> EditsByFile; ///< Sorted, no dups.
};

/// Takes the fixes of \p Fixes in order, each one only when none of its
/// edits conflicts with an edit already taken.
FixPlan planFixes(llvm::ArrayRef<std::vector<FileEdit>> Fixes);

/// \p Content with \p Edits (sorted by offset, non-conflicting) applied.
/// Fails when an edit reaches past the end.
llvm::Expected<std::string> applyEdits(llvm::StringRef Content,
                                       llvm::ArrayRef<FileEdit> Edits);

/// Prints a unified diff (3 lines of context) of what \p Edits do to
/// \p Content, the file shown as \p DisplayPath.
void writeEditDiff(llvm::StringRef DisplayPath, llvm::StringRef Content,
                   llvm::ArrayRef<FileEdit> Edits, llvm::raw_ostream &OS);

/// Replaces the file at \p Path by \p Content atomically, keeping its
/// permissions.
llvm::Error writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content);

} // namespace leakguard::report

#endif // LEAKGUARD_LIB_FIXAPPLIER_H
