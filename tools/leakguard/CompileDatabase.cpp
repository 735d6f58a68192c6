//===--- CompileDatabase.cpp - the files of a compile_commands.json -------===//

#include "CompileDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <functional>
#include <memory>

namespace leakguard {

llvm::Expected<std::vector<std::string>>
readCompileDatabaseFiles(llvm::StringRef BuildDir) {
  llvm::SmallString<256> DbPath(BuildDir);
  llvm::sys::path::append(DbPath, "compile_commands.json");
  auto Buffer = llvm::MemoryBuffer::getFile(DbPath);
  if (!Buffer)
    return llvm::createStringError(
        Buffer.getError(), "cannot read compile database '%s': %s",
        DbPath.c_str(), Buffer.getError().message().c_str());
  auto Json = llvm::json::parse((*Buffer)->getBuffer());
  if (!Json)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "malformed compile database '%s': %s",
        DbPath.c_str(), llvm::toString(Json.takeError()).c_str());
  const llvm::json::Array *Entries = Json->getAsArray();
  if (!Entries)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "malformed compile database '%s': the top "
                                   "level is not an array",
                                   DbPath.c_str());
  std::vector<std::string> Files;
  llvm::StringSet<> Seen;
  for (const llvm::json::Value &Value : *Entries) {
    const llvm::json::Object *Entry = Value.getAsObject();
    std::optional<llvm::StringRef> File =
        Entry ? Entry->getString("file") : std::nullopt;
    std::optional<llvm::StringRef> Directory =
        Entry ? Entry->getString("directory") : std::nullopt;
    if (!File || !Directory)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "malformed compile database '%s': an entry lacks 'file' or "
          "'directory'",
          DbPath.c_str());
    llvm::SmallString<256> Path(*File);
    if (!llvm::sys::path::is_absolute(Path)) {
      Path = *Directory;
      llvm::sys::path::append(Path, *File);
    }
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    if (Seen.insert(Path).second)
      Files.push_back(std::string(Path));
  }
  return Files;
}

std::string absolutePath(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

/// Whether \p File is \p Filter or lies under the directory \p Filter.
static bool selects(llvm::StringRef Filter, llvm::StringRef File) {
  if (File == Filter)
    return true;
  return File.starts_with(Filter) && File.size() > Filter.size() &&
         llvm::sys::path::is_separator(File[Filter.size()]);
}

static llvm::Error inputError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

llvm::Expected<std::vector<std::string>>
selectTranslationUnits(llvm::StringRef BuildDir,
                       llvm::ArrayRef<std::string> Paths, bool SkipUnlisted,
                       std::vector<std::string> &Skipped) {
  std::vector<std::string> Files;
  if (BuildDir.empty()) {
    if (Paths.empty())
      return inputError("no input: give source files, or -p <build dir>");
    for (const std::string &Path : Paths) {
      if (!llvm::sys::fs::is_regular_file(Path))
        return inputError("'" + Path + "' is not a file");
      Files.push_back(absolutePath(Path));
    }
    return Files;
  }
  auto DbFiles = readCompileDatabaseFiles(BuildDir);
  if (!DbFiles)
    return DbFiles.takeError();
  // A path selects itself or the files under it; a glob ("src/*.cpp",
  // '*' matching '/' too) selects the files it matches.
  std::vector<std::function<bool(llvm::StringRef)>> Filters;
  for (const std::string &Path : Paths) {
    std::string Filter = absolutePath(Path);
    std::function<bool(llvm::StringRef)> Selects =
        [Filter](llvm::StringRef File) { return selects(Filter, File); };
    if (llvm::StringRef(Path).find_first_of("*?[") != llvm::StringRef::npos) {
      // The pattern keeps a reference to its text: both live as long as
      // the filter.
      auto Text = std::make_shared<std::string>(Filter);
      auto Glob = llvm::GlobPattern::create(*Text);
      if (!Glob)
        return inputError("bad pattern '" + Path +
                          "': " + llvm::toString(Glob.takeError()));
      auto Shared = std::make_shared<llvm::GlobPattern>(std::move(*Glob));
      Selects = [Text, Shared](llvm::StringRef File) {
        return Shared->match(File);
      };
    }
    if (llvm::any_of(*DbFiles, Selects))
      Filters.push_back(std::move(Selects));
    else if (SkipUnlisted)
      Skipped.push_back(Filter);
    else
      return inputError("'" + Filter + "' is not in the compile database of '" +
                        BuildDir + "'");
  }
  // Everything the caller named was skipped: nothing to analyze.
  if (!Paths.empty() && Filters.empty())
    return Files;
  for (const std::string &File : *DbFiles)
    if (Filters.empty() || llvm::any_of(Filters, [&](const auto &Selects) {
          return Selects(File);
        }))
      Files.push_back(File);
  return Files;
}

} // namespace leakguard
