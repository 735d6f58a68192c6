//===--- ScanCache.cpp - the result cache's part in a scan ----------------===//

#include "ScanCache.h"
#include "report/SourceText.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

using namespace llvm;

namespace leakguard {

/// Variables that add include directories behind the command's back.
static constexpr StringLiteral IncludeVariables[] = {
    "CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH", "OBJC_INCLUDE_PATH",
    "SDKROOT"};

ScanCache::ScanCache(ResultCache &Cache, const TidyInvocation &Invocation,
                     StringMap<UnitCommands> Commands, StringRef ConfigFile)
    : Cache(Cache), Commands(std::move(Commands)) {
  CacheKey Key;
  Key.add("format", "leakguard-cache/1");
  Key.add("leakguard", LEAKGUARD_VERSION);
  // The binary that analyzes, by content: a rebuilt leakguard-tidy with
  // other checks has the same version.
  Key.add("tidy", Cache.fileDigest(Invocation.TidyPath)
                      .value_or("unreadable " + Invocation.TidyPath));
  for (const std::string &Option : Invocation.Options)
    Key.add("option", Option);
  if (Invocation.CompilerArgs)
    for (const std::string &Arg : *Invocation.CompilerArgs)
      Key.add("compiler-arg", Arg);
  if (!ConfigFile.empty())
    Key.add("config-file", Cache.fileDigest(ConfigFile).value_or("unreadable"));
  for (StringRef Variable : IncludeVariables)
    if (std::optional<std::string> Value = sys::Process::GetEnv(Variable))
      Key.add(Variable, *Value);
  // The cross-TU summaries are not part of the key: a unit's summary file
  // records the questions its analysis asked of other units and the
  // answers it got, and scan analyzes it again when the merged summaries
  // answer differently (CrossUnit.h).
  Common = Key.digest();
}

const std::string &ScanCache::configFilesAbove(StringRef Dir) {
  auto It = ConfigAbove.find(Dir);
  if (It != ConfigAbove.end())
    return It->second;
  std::string Text;
  StringRef Parent = sys::path::parent_path(Dir);
  if (!Parent.empty() && Parent != Dir)
    Text = configFilesAbove(Parent);
  SmallString<256> Config(Dir);
  sys::path::append(Config, ".clang-tidy");
  if (sys::fs::exists(Config))
    Text += Config.str().str() + "=" +
            Cache.fileDigest(Config).value_or("unreadable") + "\n";
  return ConfigAbove[Dir] = Text;
}

std::optional<std::string> ScanCache::keyOf(StringRef Unit) {
  CacheKey Key;
  Key.add("common", Common);
  Key.add("unit", Unit);
  auto It = Commands.find(Unit);
  if (It != Commands.end()) {
    if (It->second.Count > 1)
      return std::nullopt;
    Key.add("commands", It->second.Text);
  }
  Key.add("clang-tidy-files", configFilesAbove(sys::path::parent_path(Unit)));
  return Key.digest();
}

std::optional<TidyResult> ScanCache::lookup(StringRef Unit) {
  std::optional<std::string> Key = keyOf(Unit);
  if (!Key)
    return std::nullopt;
  std::optional<CachedUnit> Hit = Cache.lookup(*Key, Unit);
  if (!Hit)
    return std::nullopt;
  TidyResult Result;
  Result.File = Unit.str();
  auto Content = MemoryBuffer::getFile(Unit, /*IsText=*/false,
                                       /*RequiresNullTerminator=*/false);
  Result.AnalyzedHash =
      report::contentHash(Content ? (*Content)->getBuffer() : "");
  Result.Diagnostics = std::move(Hit->Diagnostics);
  Result.Seconds = Hit->Seconds;
  Result.Cached = true;
  ++Hits;
  return Result;
}

bool ScanCache::store(const TidyResult &Result) {
  if (Result.Failure || Result.Cached)
    return false;
  for (const report::TidyDiagnostic &D : Result.Diagnostics.Diagnostics)
    if (D.DiagnosticName == "clang-diagnostic-error")
      return false;
  std::optional<std::string> Key = keyOf(Result.File);
  if (!Key)
    return false;
  SmallString<256> Directory;
  auto It = Commands.find(Result.File);
  if (It != Commands.end())
    Directory = It->second.Directory;
  else
    sys::fs::current_path(Directory);
  std::vector<std::string> Dependencies =
      parseDependencyFile(Result.Dependencies, Directory);
  // The unit itself is always among them; without it, the list is not one
  // the preprocessor wrote (a clang-tidy that ignored the option).
  if (none_of(Dependencies, [&](const std::string &Dep) {
        SmallString<256> Normal(Dep);
        sys::path::remove_dots(Normal, /*remove_dot_dot=*/true);
        return Normal == Result.File;
      }))
    return false;
  if (!Cache.store(*Key, Result.File, Dependencies, Result.Diagnostics,
                   Result.Seconds, Result.Began))
    return false;
  StoredUnits.insert(Result.File);
  return true;
}

} // namespace leakguard
