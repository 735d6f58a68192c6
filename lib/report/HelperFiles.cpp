//===--- HelperFiles.cpp - leakguard's helper headers, written once -------===//

#include "report/HelperFiles.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace leakguard::report {

namespace path = llvm::sys::path;

std::optional<std::string>
helperIncludeTarget(const FileEdit &E, llvm::ArrayRef<std::string> Helpers) {
  llvm::SmallVector<llvm::StringRef, 4> Lines;
  llvm::StringRef(E.Text).split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("include"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("\"") || !Line.consume_back("\""))
      continue;
    if (Line.empty() || path::is_absolute(Line) ||
        !llvm::is_contained(Helpers, path::filename(Line).str()))
      continue;
    llvm::SmallString<256> Target(path::parent_path(E.Path));
    path::append(Target, Line);
    path::remove_dots(Target, /*remove_dot_dot=*/true);
    return std::string(Target);
  }
  return std::nullopt;
}

llvm::Expected<HelperStatus> installHelper(llvm::StringRef Target,
                                           llvm::StringRef Content) {
  if (llvm::sys::fs::exists(Target)) {
    auto Existing =
        llvm::MemoryBuffer::getFile(Target, /*IsText=*/false,
                                    /*RequiresNullTerminator=*/false);
    if (!Existing)
      return llvm::createStringError(
          Existing.getError(), "cannot read '%s': %s", Target.str().c_str(),
          Existing.getError().message().c_str());
    return (*Existing)->getBuffer() == Content ? HelperStatus::Present
                                               : HelperStatus::Differs;
  }
  llvm::StringRef Dir = path::parent_path(Target);
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return llvm::createStringError(EC, "cannot create the folder '%s': %s",
                                   Dir.str().c_str(), EC.message().c_str());
  if (llvm::Error Err = writeFileAtomically(Target, Content))
    return std::move(Err);
  // A new file gets a header's usual mode, not the temporary file's 0600.
  llvm::sys::fs::setPermissions(Target, llvm::sys::fs::all_read |
                                            llvm::sys::fs::owner_write);
  return HelperStatus::Written;
}

} // namespace leakguard::report
