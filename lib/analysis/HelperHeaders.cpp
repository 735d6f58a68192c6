//===--- HelperHeaders.cpp - where a fix finds leakguard's helpers --------===//

#include "analysis/HelperHeaders.h"
#include "clang/Basic/FileManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace leakguard::analysis {

namespace path = llvm::sys::path;

std::optional<llvm::StringRef> helperName(llvm::StringRef Header) {
  if (!Header.consume_front("<leakguard/") || !Header.consume_back(">") ||
      Header.empty() || Header.contains('/'))
    return std::nullopt;
  return Header;
}

/// Absolute, without `.` and `..`, and through symbolic links where the
/// path exists (the fixed file's folder may be reached through one).
static std::string normalized(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  path::remove_dots(Abs, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  return std::string(Abs);
}

std::string resolveHelpersDir(llvm::StringRef HelpersDir,
                              llvm::StringRef FromDir) {
  if (path::is_absolute(HelpersDir))
    return normalized(HelpersDir);
  for (llvm::SmallString<256> Dir(normalized(FromDir)); !Dir.empty();) {
    llvm::SmallString<256> Config(Dir);
    path::append(Config, ".clang-tidy");
    if (auto Text = llvm::MemoryBuffer::getFile(Config, /*IsText=*/true))
      if ((*Text)->getBuffer().contains("LeakHelpersDir")) {
        path::append(Dir, HelpersDir);
        return normalized(Dir);
      }
    llvm::StringRef Parent = path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return normalized(HelpersDir);
}

std::string relativePath(llvm::StringRef Target, llvm::StringRef FromDir) {
  llvm::SmallVector<llvm::StringRef, 16> To(path::begin(Target),
                                            path::end(Target));
  llvm::SmallVector<llvm::StringRef, 16> From(path::begin(FromDir),
                                              path::end(FromDir));
  size_t Common = 0;
  while (Common < To.size() && Common < From.size() &&
         To[Common] == From[Common])
    ++Common;
  std::string Result;
  for (size_t I = Common; I < From.size(); ++I)
    Result += "../";
  for (size_t I = Common; I < To.size(); ++I) {
    Result += To[I].str();
    if (I + 1 < To.size())
      Result += "/";
  }
  return Result;
}

std::string helperInclude(llvm::StringRef Header, llvm::StringRef HelpersDir,
                          llvm::StringRef FixedFile) {
  std::optional<llvm::StringRef> Name = helperName(Header);
  if (!Name || HelpersDir.empty())
    return Header.str();
  std::string FromDir = normalized(path::parent_path(normalized(FixedFile)));
  llvm::SmallString<256> Target(resolveHelpersDir(HelpersDir, FromDir));
  path::append(Target, *Name);
  return relativePath(Target, FromDir);
}

std::string helperInclude(llvm::StringRef Header, llvm::StringRef HelpersDir,
                          const clang::SourceManager &SM, clang::FileID File) {
  if (HelpersDir.empty() || !helperName(Header))
    return Header.str();
  clang::OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
  if (!Entry)
    return Header.str();
  // Relative to the compilation's folder, as the compiler found it.
  llvm::SmallString<256> Path(Entry->getName());
  SM.getFileManager().makeAbsolutePath(Path);
  return helperInclude(Header, HelpersDir, Path);
}

} // namespace leakguard::analysis
