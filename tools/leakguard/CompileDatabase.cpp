//===--- CompileDatabase.cpp - the files of a compile_commands.json -------===//

#include "CompileDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include <functional>
#include <memory>

namespace leakguard {

/// Calls \p Each with every entry of the database of \p BuildDir and its
/// file's absolute normalized path.
static llvm::Error forEachEntry(
    llvm::StringRef BuildDir,
    llvm::function_ref<void(const llvm::json::Object &, std::string)> Each) {
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
    // A relative directory (hand-written databases) is taken from the
    // working directory, as clang's tools take it.
    llvm::sys::fs::make_absolute(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    Each(*Entry, std::string(Path));
  }
  return llvm::Error::success();
}

llvm::Expected<std::vector<std::string>>
readCompileDatabaseFiles(llvm::StringRef BuildDir) {
  std::vector<std::string> Files;
  llvm::StringSet<> Seen;
  if (llvm::Error Err = forEachEntry(
          BuildDir, [&](const llvm::json::Object &, std::string Path) {
            if (Seen.insert(Path).second)
              Files.push_back(std::move(Path));
          }))
    return std::move(Err);
  return Files;
}

llvm::Expected<llvm::StringMap<UnitCommands>>
readCompileCommands(llvm::StringRef BuildDir) {
  llvm::StringMap<UnitCommands> Commands;
  if (llvm::Error Err = forEachEntry(
          BuildDir, [&](const llvm::json::Object &Entry, std::string Path) {
            UnitCommands &Unit = Commands[Path];
            if (Unit.Count++ == 0)
              Unit.Directory = Entry.getString("directory").value_or("").str();
            llvm::raw_string_ostream OS(Unit.Text);
            OS << llvm::json::Value(llvm::json::Object(Entry)) << "\n";
          }))
    return std::move(Err);
  return Commands;
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

/// clang-scan-deps of LLVM 19: on the PATH, else in LLVM's own bin.
static std::optional<std::string> findScanDeps() {
  for (llvm::StringRef Name : {"clang-scan-deps-19", "clang-scan-deps"})
    if (auto Found = llvm::sys::findProgramByName(Name))
      return *Found;
  if (auto Found = llvm::sys::findProgramByName("clang-scan-deps",
                                                {"/usr/lib/llvm-19/bin"}))
    return *Found;
  return std::nullopt;
}

llvm::Expected<llvm::StringMap<std::vector<std::string>>>
findIncluders(llvm::StringRef BuildDir, llvm::ArrayRef<std::string> Files,
              unsigned Jobs) {
  std::optional<std::string> ScanDeps = findScanDeps();
  if (!ScanDeps)
    return inputError("cannot find clang-scan-deps-19 (clang-tools-19), which "
                      "finds the units that include a header");
  auto DbFiles = readCompileDatabaseFiles(BuildDir);
  if (!DbFiles)
    return DbFiles.takeError();
  llvm::StringSet<> Units;
  for (const std::string &File : *DbFiles)
    Units.insert(File);

  llvm::SmallString<256> DbPath(BuildDir);
  llvm::sys::path::append(DbPath, "compile_commands.json");
  llvm::SmallString<128> OutPath, ErrPath;
  if (llvm::sys::fs::createTemporaryFile("leakguard-deps", "json", OutPath) ||
      llvm::sys::fs::createTemporaryFile("leakguard-deps", "err", ErrPath))
    return inputError("cannot create a temporary file");
  llvm::FileRemover RemoveOut(OutPath), RemoveErr(ErrPath);
  std::string DbArg = ("-compilation-database=" + DbPath).str();
  std::string JobsArg = std::to_string(Jobs ? Jobs : 1);
  llvm::StringRef Args[] = {*ScanDeps, DbArg, "-format=experimental-full", "-j",
                            JobsArg};
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutPath), llvm::StringRef(ErrPath)};
  std::string ErrMsg;
  if (llvm::sys::ExecuteAndWait(*ScanDeps, Args, std::nullopt, Redirects, 0, 0,
                                &ErrMsg) < 0)
    return inputError("cannot run '" + *ScanDeps + "': " + ErrMsg);
  // A unit that does not preprocess is left out; the others still count.
  auto Buffer = llvm::MemoryBuffer::getFile(OutPath);
  auto Json = llvm::json::parse(Buffer ? (*Buffer)->getBuffer() : "");
  if (!Json)
    return inputError("clang-scan-deps wrote no dependencies: " +
                      llvm::toString(Json.takeError()));

  llvm::StringMap<std::vector<std::string>> Includers;
  for (const std::string &File : Files)
    Includers[File];
  const llvm::json::Object *Top = Json->getAsObject();
  const llvm::json::Array *Tus =
      Top ? Top->getArray("translation-units") : nullptr;
  if (!Tus)
    return Includers;
  for (const llvm::json::Value &Tu : *Tus) {
    const llvm::json::Object *TuObj = Tu.getAsObject();
    const llvm::json::Array *Commands =
        TuObj ? TuObj->getArray("commands") : nullptr;
    if (!Commands)
      continue;
    for (const llvm::json::Value &Command : *Commands) {
      const llvm::json::Object *CommandObj = Command.getAsObject();
      const llvm::json::Array *Deps =
          CommandObj ? CommandObj->getArray("file-deps") : nullptr;
      if (!Deps)
        continue;
      // The unit is the dependency that is in the database (the first).
      std::string Unit;
      std::vector<std::string> DepPaths;
      for (const llvm::json::Value &Dep : *Deps)
        if (std::optional<llvm::StringRef> Path = Dep.getAsString()) {
          DepPaths.push_back(absolutePath(*Path));
          if (Unit.empty() && Units.contains(DepPaths.back()))
            Unit = DepPaths.back();
        }
      if (Unit.empty())
        continue;
      for (const std::string &Dep : DepPaths) {
        auto It = Includers.find(Dep);
        if (It != Includers.end() && Dep != Unit &&
            !llvm::is_contained(It->second, Unit))
          It->second.push_back(Unit);
      }
    }
  }
  // Database order, whatever order clang-scan-deps finished in.
  for (auto &Entry : Includers)
    llvm::sort(Entry.second, [&](const std::string &A, const std::string &B) {
      return llvm::find(*DbFiles, A) < llvm::find(*DbFiles, B);
    });
  return Includers;
}

} // namespace leakguard
