//===--- ScanCommand.cpp - leakguard scan ---------------------------------===//
//
// The CI and pre-commit driver: every translation unit in its own
// leakguard-tidy process, in parallel; the findings merged, fingerprinted,
// filtered by a diff and a baseline, written as text, JSON or SARIF, and
// their fixes applied on request. docs/scan.md describes it.
//
//===----------------------------------------------------------------------===//

#include "Color.h"
#include "Commands.h"
#include "CompileDatabase.h"
#include "ConfigCheck.h"
#include "CrossUnit.h"
#include "Progress.h"
#include "ReportOutput.h"
#include "RuleCatalog.h"
#include "ScanCache.h"
#include "Sharding.h"
#include "TidyRunner.h"
#include "report/FixApplier.h"
#include "report/HelperFiles.h"
#include "report/UnifiedDiff.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include <map>

using namespace leakguard::report;

using namespace llvm;

namespace leakguard {

cl::SubCommand ScanCommand(
    "scan", "Analyze a project in parallel for CI and pre-commit: text, JSON "
            "or SARIF, baselines, changed lines, fixes");

namespace {

cl::OptionCategory ScanOptions("leakguard scan options");

cl::opt<std::string> BuildPath("p",
                               cl::desc("Build directory with a "
                                        "compile_commands.json"),
                               cl::value_desc("dir"), cl::sub(ScanCommand),
                               cl::cat(ScanOptions));
cl::list<std::string> Paths(cl::Positional,
                            cl::desc("[<files or directories>] [-- <compiler "
                                     "arguments>]"),
                            cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<unsigned> Jobs("j",
                       cl::desc("Translation units analyzed at once "
                                "(default: one per core)"),
                       cl::init(0), cl::value_desc("N"), cl::sub(ScanCommand),
                       cl::cat(ScanOptions));
cl::opt<unsigned>
    Timeout("timeout",
            cl::desc("Stop a unit's analysis after <seconds> and report it "
                     "as that unit's error (default: no limit)"),
            cl::init(0), cl::value_desc("seconds"), cl::sub(ScanCommand),
            cl::cat(ScanOptions));
cl::opt<std::string>
    Checks("checks",
           cl::desc("Checks to run, passed to clang-tidy's --checks (which "
                    "adds them to a .clang-tidy's Checks); default: only "
                    "the leak- checks; empty: the .clang-tidy's Checks"),
           cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<std::string> Config("config",
                            cl::desc("Configuration in YAML, as clang-tidy's "
                                     "--config"),
                            cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<std::string> ConfigFile("config-file",
                                cl::desc("A .clang-tidy file to use, as "
                                         "clang-tidy's --config-file"),
                                cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<std::string>
    HeaderFilter("header-filter",
                 cl::desc("Headers to report findings in, as clang-tidy's "
                          "--header-filter (default: the project root)"),
                 cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<Format> OutputFormat(
    "format", cl::desc("Report format"), cl::init(Format::Text),
    cl::values(clEnumValN(Format::Text, "text", "findings with source lines"),
               clEnumValN(Format::Json, "json", "leakguard's JSON"),
               clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0")),
    cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<std::string> Output("o", cl::desc("Write the report to <file>"),
                            cl::value_desc("file"), cl::sub(ScanCommand),
                            cl::cat(ScanOptions));
cl::opt<std::string>
    ExportFixes("export-fixes",
                cl::desc("Write the findings and their fixes as clang-tidy's "
                         "export-fixes YAML (for clang-apply-replacements)"),
                cl::value_desc("file"), cl::sub(ScanCommand),
                cl::cat(ScanOptions));
cl::opt<std::string>
    Baseline("baseline",
             cl::desc("Do not report findings already in <file> (SARIF or "
                      "leakguard JSON), matched by fingerprint"),
             cl::value_desc("file"), cl::sub(ScanCommand),
             cl::cat(ScanOptions));
cl::opt<std::string>
    WriteBaseline("write-baseline",
                  cl::desc("Write the current findings to <file> as a "
                           "baseline"),
                  cl::value_desc("file"), cl::sub(ScanCommand),
                  cl::cat(ScanOptions));
cl::opt<std::string>
    Diff("diff",
         cl::desc("Report only findings on lines changed since <ref> "
                  "(git diff -U0 <ref>); '-' reads a unified diff from stdin"),
         cl::value_desc("ref"), cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<bool> Fix("fix", cl::desc("Apply the fixes of the reported findings"),
                  cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<bool> FixDryRun("fix-dry-run",
                        cl::desc("Print the fixes as a unified diff instead "
                                 "of applying them"),
                        cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<std::string>
    Root("root",
         cl::desc("Project root: paths are shown relative to it and --fix "
                  "writes only under it (default: the enclosing git "
                  "repository, else the current directory)"),
         cl::value_desc("dir"), cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<ColorChoice>
    Color("color",
          cl::desc("Colour the text report and messages (default: auto, on a "
                   "terminal unless NO_COLOR is set)"),
          cl::init(ColorChoice::Auto),
          cl::values(clEnumValN(ColorChoice::Auto, "auto",
                                "on a terminal, unless NO_COLOR is set"),
                     clEnumValN(ColorChoice::Always, "always", "always"),
                     clEnumValN(ColorChoice::Never, "never", "never")),
          cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<bool> Quiet("quiet", cl::desc("No progress and no summary on stderr"),
                    cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<std::string>
    TidyBinary("tidy-binary",
               cl::desc("The clang-tidy to run per translation unit "
                        "(default: $LEAKGUARD_TIDY, else the leakguard-tidy "
                        "next to leakguard)"),
               cl::value_desc("path"), cl::sub(ScanCommand),
               cl::cat(ScanOptions));
cl::opt<unsigned> HeaderUnits(
    "header-units",
    cl::desc("For a given file that is not in the compile database (a "
             "header), analyze at most N of the units that include it "
             "(default: 20; 0: skip such files)"),
    cl::init(20), cl::value_desc("N"), cl::sub(ScanCommand),
    cl::cat(ScanOptions));
cl::opt<bool>
    SkipUnlisted("skip-unlisted",
                 cl::desc("Skip given files that are not in the compile "
                          "database instead of failing (hooks that pass "
                          "every staged file, headers included)"),
                 cl::sub(ScanCommand), cl::cat(ScanOptions));

cl::opt<std::string>
    Shard("shard",
          cl::desc("Analyze only shard K of N of the units (for N parallel "
                   "CI jobs; balanced by the analysis times that --cache "
                   "stores, else by file size); 'leakguard merge' joins the "
                   "reports"),
          cl::value_desc("K/N"), cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<std::string>
    CacheDir("cache",
             cl::desc("Reuse the findings of units whose inputs did not "
                      "change, from <dir>, and store the new ones there"),
             cl::value_desc("dir"), cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<unsigned>
    CacheSize("cache-size",
              cl::desc("Bound of the --cache directory in MiB; the least "
                       "recently used entries go first (default: 1024)"),
              cl::init(1024), cl::value_desc("MiB"), cl::sub(ScanCommand),
              cl::cat(ScanOptions));
cl::opt<bool> CrossUnitPass(
    "cross-unit",
    cl::desc("Summarize every unit and analyze again the units whose calls "
             "into other units the summaries explain (default: on; "
             "--cross-unit=false for one pass)"),
    cl::init(true), cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<int> WaitMemory(
    "wait-memory",
    cl::desc("Memory that the units waiting, with their AST, for the units "
             "they call may hold together (default: a quarter of the "
             "machine's; 0: none waits, a unit in a cycle of calls is "
             "analyzed twice)"),
    cl::init(-1), cl::value_desc("MiB"), cl::sub(ScanCommand),
    cl::cat(ScanOptions));
cl::opt<std::string> SummariesDir(
    "summaries",
    cl::desc("Keep the cross-unit summaries in <dir> (default: under --cache, "
             "else a temporary directory); a later scan re-summarizes only "
             "the units that changed"),
    cl::value_desc("dir"), cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<bool> SummarizeOnly(
    "summarize-only",
    cl::desc("Only write the cross-unit summaries into --summaries and merge "
             "them; report nothing (what `leakguard summarize` runs)"),
    cl::Hidden, cl::sub(ScanCommand), cl::cat(ScanOptions));
cl::opt<bool> ListUnits(
    "list-units",
    cl::desc("Print the units this scan (or shard) would analyze, heaviest "
             "first, with their cost, and analyze nothing"),
    cl::sub(ScanCommand), cl::cat(ScanOptions));

/// Whether the finding or one of its notes lies on a changed line.
bool inDiff(const Finding &F, const ChangedLines &Changed) {
  if (Changed.contains(F.Loc.DisplayPath, F.Loc.Pos.Line))
    return true;
  return llvm::any_of(F.Notes, [&](const Note &N) {
    return Changed.contains(N.Loc.DisplayPath, N.Loc.Pos.Line);
  });
}

/// Whether \p Path, symlinks resolved, lies under \p RootDir.
bool underRoot(StringRef RootDir, StringRef Path) {
  SmallString<256> RealRoot, RealPath;
  if (sys::fs::real_path(RootDir, RealRoot) ||
      sys::fs::real_path(Path, RealPath))
    return false;
  return RealPath.starts_with(RealRoot) && RealPath.size() > RealRoot.size() &&
         sys::path::is_separator(RealPath[RealRoot.size()]);
}

/// Whether the file at \p Path still has the content hashed as \p Hash.
bool unchanged(StringRef Path, StringRef Hash) {
  auto Now = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  return Now && contentHash((*Now)->getBuffer()) == Hash;
}

std::string where(const Finding &F) {
  return F.Loc.DisplayPath + ":" + std::to_string(F.Loc.Pos.Line) + ":" +
         std::to_string(F.Loc.Pos.Column) + " [" + F.Rule + "]";
}

/// The helper headers of include/leakguard/ installed with leakguard: next
/// to its binary's folder, as bin/ and include/ of an installation (the
/// build copies them to <build>/include/leakguard).
std::string bundledHelpersDir() {
  std::string Self = sys::fs::getMainExecutable(
      nullptr, reinterpret_cast<void *>(&bundledHelpersDir));
  SmallString<256> Dir(sys::path::parent_path(sys::path::parent_path(Self)));
  sys::path::append(Dir, "include", "leakguard");
  return std::string(Dir);
}

/// Writes (or, dry, names) the helper headers that the applied fixes
/// include by a path (the option LeakHelpersDir): each once, never over a
/// file that is there. Returns false when one could not be written.
bool installHelpers(const Report &R, ArrayRef<std::vector<FileEdit>> Fixes,
                    ArrayRef<unsigned> Taken, const StringSet<> &Written,
                    bool Dry) {
  std::string Source = bundledHelpersDir();
  std::vector<std::string> Names;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Source, EC), End; It != End && !EC;
       It.increment(EC))
    if (It->path().size() > 2 && StringRef(It->path()).ends_with(".h"))
      Names.push_back(sys::path::filename(It->path()).str());
  std::map<std::string, std::string> Targets; // Path -> helper name.
  for (unsigned I : Taken) {
    bool Applied = llvm::all_of(
        Fixes[I], [&](const FileEdit &E) { return Written.contains(E.Path); });
    // Only a fix that uses a helper: its code names leakguard::.
    bool UsesHelper = llvm::any_of(Fixes[I], [](const FileEdit &E) {
      return StringRef(E.Text).contains("leakguard::");
    });
    if (Applied && UsesHelper)
      for (const FileEdit &E : Fixes[I])
        if (std::optional<std::string> Target = helperIncludeTarget(E, Names))
          Targets[*Target] = sys::path::filename(*Target).str();
  }
  bool Ok = true;
  for (const auto &[Target, Name] : Targets) {
    std::string Display = displayPath(R.Root, Target);
    // The folder may be new: its nearest existing folder decides.
    SmallString<256> Existing(Target);
    while (!Existing.empty() && !sys::fs::exists(Existing))
      sys::path::remove_filename(Existing);
    SmallString<256> RealRoot, RealExisting;
    bool IsRoot = !sys::fs::real_path(R.Root, RealRoot) &&
                  !sys::fs::real_path(Existing, RealExisting) &&
                  RealRoot == RealExisting;
    if (!IsRoot && !underRoot(R.Root, Existing)) {
      reportWarning("not writing leakguard's helper '" + Display +
                    "' that the fixes include: it is outside the project "
                    "root '" +
                    R.Root + "'");
      continue;
    }
    SmallString<256> From(Source);
    sys::path::append(From, Name);
    auto Content = MemoryBuffer::getFile(From, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
    if (!Content) {
      reportError("cannot read leakguard's helper '" + From.str() + "' for '" +
                  Display + "': " + Content.getError().message());
      Ok = false;
      continue;
    }
    if (Dry) {
      if (!sys::fs::exists(Target))
        errs() << "leakguard: would write '" << Display
               << "' (leakguard's helper " << Name << ")\n";
      continue;
    }
    Expected<HelperStatus> Status =
        installHelper(Target, (*Content)->getBuffer());
    if (!Status) {
      reportError(toString(Status.takeError()));
      Ok = false;
    } else if (*Status == HelperStatus::Written) {
      if (!Quiet)
        errs() << "leakguard: wrote '" << Display << "' (leakguard's helper "
               << Name << ", which the fixes include)\n";
    } else if (*Status == HelperStatus::Differs) {
      reportWarning("'" + Display + "' is not leakguard's helper " + Name +
                    " (its content differs); left as it is: the fixes "
                    "include it");
    }
  }
  return Ok;
}

/// Applies (or, dry, prints) the fixes of the reported findings. Returns
/// false when a file could not be written.
bool applyFixes(const Report &R, SourceCache &Sources,
                const StringMap<std::string> &AnalyzedHashes, bool Dry) {
  // A file is refused when it changed since its analysis (offsets would
  // land in the wrong place) or lies outside the project root.
  StringMap<std::string> Refused;
  auto Check = [&](StringRef Path, StringRef Display) {
    if (Refused.count(Path))
      return;
    const SourceText *Loaded = Sources.get(Path);
    auto Recorded = AnalyzedHashes.find(Path);
    std::string Analyzed = Recorded != AnalyzedHashes.end()
                               ? Recorded->second
                               : (Loaded ? Loaded->hash() : "");
    if (!underRoot(R.Root, Path))
      Refused[Path] = "it is outside the project root '" + R.Root + "'";
    else if (!Loaded || Loaded->hash() != Analyzed ||
             !unchanged(Path, Analyzed))
      Refused[Path] = "it changed since it was analyzed; run the scan again";
    else
      return;
    reportWarning("not fixing '" + Display + "': " + Refused[Path]);
  };
  std::vector<std::vector<FileEdit>> Fixes;
  std::vector<const Finding *> Owners;
  for (const Finding &F : R.Findings) {
    if (F.Fixes.empty())
      continue;
    std::vector<FileEdit> Edits;
    bool Allowed = true;
    for (const Edit &E : F.Fixes) {
      Check(E.Begin.Path, E.Begin.DisplayPath);
      Allowed &= !Refused.count(E.Begin.Path);
      Edits.push_back({E.Begin.Path, E.Begin.Offset, E.Length, E.Text});
    }
    if (!Allowed)
      continue;
    Fixes.push_back(std::move(Edits));
    Owners.push_back(&F);
  }
  FixPlan Plan = planFixes(Fixes);
  for (unsigned I : Plan.Conflicting)
    reportWarning("skipped the fix of " + where(*Owners[I]) +
                  ": it overlaps the fix of another finding");

  bool Ok = true;
  std::vector<std::string> Files;
  for (const auto &Entry : Plan.EditsByFile)
    Files.push_back(Entry.first().str());
  llvm::sort(Files);
  StringSet<> Written;
  for (const std::string &File : Files) {
    const std::vector<FileEdit> &Edits = Plan.EditsByFile[File];
    const SourceText *Text = Sources.get(File);
    std::string Display = displayPath(R.Root, File);
    if (Dry) {
      writeEditDiff(Display, Text->content(), Edits, outs());
      Written.insert(File);
      continue;
    }
    // Once more, just before writing: an editor may have saved meanwhile.
    if (!unchanged(File, Text->hash())) {
      reportWarning("not fixing '" + Display +
                    "': it changed since it was analyzed; run the scan again");
      continue;
    }
    Expected<std::string> NewContent = applyEdits(Text->content(), Edits);
    Error Err = NewContent ? writeFileAtomically(File, *NewContent)
                           : NewContent.takeError();
    if (Err) {
      reportError(toString(std::move(Err)));
      Ok = false;
      continue;
    }
    Written.insert(File);
  }
  Ok &= installHelpers(R, Fixes, Plan.Taken, Written, Dry);
  outs().flush();
  // What was really written: a fix counts when every file it edits was.
  unsigned Applied = 0;
  for (unsigned I : Plan.Taken)
    Applied += llvm::all_of(
        Fixes[I], [&](const FileEdit &E) { return Written.contains(E.Path); });
  auto Count = [](size_t N, StringRef One, StringRef Many) {
    return std::to_string(N) + " " + (N == 1 ? One : Many).str();
  };
  if (!Quiet) {
    errs() << "leakguard: " << (Dry ? "would apply " : "applied ")
           << Count(Applied, "fix", "fixes") << " to "
           << Count(Written.size(), "file", "files");
    if (Written.size() < Files.size())
      errs() << "; " << Count(Plan.Taken.size() - Applied, "fix", "fixes")
             << " in " << Count(Files.size() - Written.size(), "file", "files")
             << " not applied (see above)";
    errs() << "\n";
  }
  return Ok;
}

/// The fingerprints of --baseline, when given.
Expected<std::optional<StringMap<unsigned>>> loadBaseline() {
  if (Baseline.empty())
    return std::nullopt;
  auto Prints = readBaselineFile(Baseline);
  if (!Prints)
    return Prints.takeError();
  return std::move(*Prints);
}

/// The changed lines of --diff, when given.
Expected<std::optional<ChangedLines>> loadDiff(StringRef RootDir) {
  if (Diff.empty())
    return std::nullopt;
  auto Lines = readChangedLines(RootDir, Diff);
  if (!Lines)
    return Lines.takeError();
  return std::move(*Lines);
}

/// The leakguard-tidy command line shared by every unit.
TidyInvocation makeInvocation(StringRef Tidy, const CompilerArgs &Compiler) {
  TidyInvocation Invocation;
  Invocation.TidyPath = Tidy.str();
  Invocation.Jobs = Jobs;
  Invocation.TimeoutSeconds = Timeout;
  // Not given: the leak- checks only. Given empty (--checks=): the
  // .clang-tidy files alone decide, as with clang-tidy itself.
  if (!Checks.getNumOccurrences())
    Invocation.Options.push_back("--checks=-*,leak-*");
  else if (!Checks.empty())
    Invocation.Options.push_back("--checks=" + Checks);
  if (!Config.empty())
    Invocation.Options.push_back("--config=" + Config);
  if (!ConfigFile.empty())
    Invocation.Options.push_back("--config-file=" + ConfigFile);
  // A project's WarningsAsErrors does not make findings errors: a unit
  // fails only when it could not be analyzed (the value is appended to the
  // .clang-tidy's, and the last glob wins).
  Invocation.Options.push_back("--warnings-as-errors=-*");
  // clang-tidy matches the filter against header names as the compiler
  // spelled them ("./x.h", "../include/y.h"); by default every non-system
  // header is analyzed and the findings outside the root are dropped later
  // (dropOutsideHeaders).
  Invocation.Options.push_back("--header-filter=" +
                               (HeaderFilter.getNumOccurrences()
                                    ? HeaderFilter.getValue()
                                    : std::string(".*")));
  if (!BuildPath.empty())
    Invocation.Options.push_back("-p=" + BuildPath);
  if (BuildPath.empty() || Compiler)
    Invocation.CompilerArgs = Compiler.value_or(std::vector<std::string>());
  return Invocation;
}

/// What configures the checks of \p Invocation.
ConfigSources configSources(const TidyInvocation &Invocation,
                            StringRef RootDir) {
  ConfigSources Sources;
  Sources.TidyPath = Invocation.TidyPath;
  for (const std::string &Option : Invocation.Options)
    if (StringRef(Option).starts_with("--checks=") ||
        StringRef(Option).starts_with("--config=") ||
        StringRef(Option).starts_with("--config-file="))
      Sources.Options.push_back(Option);
  Sources.ConfigText = Config;
  Sources.ConfigFile = ConfigFile;
  Sources.Root = RootDir.str();
  return Sources;
}

/// Drops the findings in headers outside the root; findings in the units
/// themselves stay wherever the units are.
void dropOutsideHeaders(Report &R, ArrayRef<std::string> Units) {
  StringSet<> MainFiles;
  for (const std::string &File : Units)
    MainFiles.insert(File);
  llvm::erase_if(R.Findings, [&](const Finding &F) {
    bool OutsideRoot = F.Loc.Path == F.Loc.DisplayPath;
    return OutsideRoot && !MainFiles.count(F.Loc.Path);
  });
}

/// The units of this scan, or of its shard, heaviest first.
struct UnitPlan {
  std::vector<UnitCost> Units;
  std::optional<ShardInfo> Shard;
};

/// What each unit costs (the time --cache stored for it, else its size),
/// and from it the shard's units and the order the workers take them in.
/// The shards of a run partition by costs.json alone, which no shard
/// writes, so that they agree (ResultCache::readCosts).
Expected<UnitPlan> planUnits(ArrayRef<std::string> Files, StringRef RootDir,
                             const ResultCache *Cache) {
  std::vector<std::string> Keys;
  for (const std::string &File : Files)
    Keys.push_back(displayPath(RootDir, File));
  UnitPlan Plan;
  Plan.Units =
      estimateCosts(Files, Keys,
                    Cache ? Cache->readCosts(/*PlanOnly=*/!Shard.empty())
                          : StringMap<double>());
  if (!Shard.empty()) {
    auto Spec = parseShard(Shard);
    if (!Spec)
      return Spec.takeError();
    std::vector<unsigned> Parts = partitionUnits(Plan.Units, Spec->Count);
    Plan.Shard = ShardInfo{Spec->Index, Spec->Count,
                           partitionDigest(Plan.Units, Parts, Spec->Count)};
    std::vector<UnitCost> Mine;
    for (size_t I = 0; I < Plan.Units.size(); ++I)
      if (Parts[I] + 1 == Spec->Index)
        Mine.push_back(std::move(Plan.Units[I]));
    Plan.Units = std::move(Mine);
  }
  sortHeaviestFirst(Plan.Units);
  return Plan;
}

/// After the analysis: records the units' times (a shard in a file of its
/// own), bounds the cache, and says what the cache did.
void finishCache(ResultCache &Cache, const ScanCache &Reuse,
                 ArrayRef<TidyResult> Results, size_t Analyzed,
                 StringRef RootDir, const std::optional<ShardInfo> &Part) {
  StringMap<double> Costs;
  for (const TidyResult &Result : Results)
    Costs[displayPath(RootDir, Result.File)] = Result.Seconds;
  std::string Name =
      Part ? formatv("costs-{0}-of-{1}.json", Part->Index, Part->Count).str()
           : std::string("costs.json");
  if (Error Err = Cache.writeCosts(Name, Costs))
    reportWarning("cannot record the units' times in the cache: " +
                  toString(std::move(Err)));
  unsigned Evicted = Cache.evict();
  if (Quiet)
    return;
  errs() << "leakguard: cache: " << Reuse.hits() << " of " << Results.size()
         << " units reused, " << Analyzed << " analyzed, " << Reuse.stored()
         << " stored";
  if (Cache.corruptEntries())
    errs() << ", " << Cache.corruptEntries() << " damaged entries removed";
  if (Evicted)
    errs() << ", " << Evicted << " old entries evicted";
  errs() << "\n";
}

} // namespace

/// `leakguard summarize`: pass 1 is done; merges what it wrote. A unit that
/// failed is said, and its functions stay unknown.
int summarizeOnly(StringRef Dir, ArrayRef<std::string> Files,
                  ArrayRef<TidyResult> Results, StringRef RootDir) {
  unsigned Failed = 0;
  for (const TidyResult &Result : Results) {
    // A unit that does not compile summarizes what the parser recovered:
    // too little to trust. Its functions stay unknown.
    auto Error = llvm::find_if(Result.Diagnostics.Diagnostics, isCompilerError);
    if (!Result.Failure && Error == Result.Diagnostics.Diagnostics.end())
      continue;
    ++Failed;
    reportWarning(
        "'" + displayPath(RootDir, Result.File) + "' was not summarized: " +
        (Result.Failure ? *Result.Failure : Error->DiagnosticMessage.Message));
    sys::fs::remove(unitSummaryPath(Dir, Result.File));
  }
  auto Merged = mergeUnitSummaries(Dir, Files);
  if (!Merged)
    return reportError(toString(Merged.takeError()));
  for (const std::string &Warning : Merged->Warnings)
    reportWarning(Warning);
  if (!Quiet)
    errs() << "leakguard: " << Merged->Functions << " functions of "
           << Merged->Units << " units summarized"
           << (Failed ? ", " + std::to_string(Failed) + " units failed" : "")
           << (Merged->Conflicts.empty()
                   ? ""
                   : ", " + std::to_string(Merged->Conflicts.size()) +
                         " defined differently by two units (unknown)")
           << "\n";
  return Failed == Files.size() && !Files.empty() ? ToolError : NoFindings;
}

/// Pass 2 (CrossUnit.h): merges the unit summaries and analyzes again the
/// units they answer differently; a unit whose second analysis fails keeps
/// its first result.
Error secondPass(TidyInvocation &Invocation, ArrayRef<std::string> Files,
                 std::vector<TidyResult> &Results, ScanCache *Reuse) {
  auto Merged = mergeUnitSummaries(Invocation.SummaryDir, Files);
  if (!Merged)
    return Merged.takeError();
  for (const std::string &Warning : Merged->Warnings)
    reportWarning(Warning);
  if (!Quiet && !Merged->Conflicts.empty())
    errs() << "leakguard: " << Merged->Conflicts.size()
           << " functions are defined differently by two units; nothing is "
              "assumed of them\n";
  if (Merged->Recheck.empty())
    return Error::success();
  if (!Quiet)
    errs() << "leakguard: analyzing " << Merged->Recheck.size()
           << (Merged->Recheck.size() == 1 ? " unit" : " units")
           << " again with the summaries of " << Merged->Units << " units\n";
  Invocation.SummariesIn = mergedSummaryPath(Invocation.SummaryDir);
  StringMap<size_t> Index;
  for (size_t I = 0; I < Results.size(); ++I)
    Index[Results[I].File] = I;
  auto Finished = [&](const TidyResult &Result) {
    if (Reuse && !Result.Failure)
      Reuse->store(Result);
  };
  for (TidyResult &Again :
       runTidy(Invocation, Merged->Recheck, {[](StringRef) {}, Finished})) {
    auto It = Index.find(Again.File);
    if (It == Index.end())
      continue;
    if (Again.Failure) {
      reportWarning("'" + Again.File +
                    "' failed in the second pass, its first result is "
                    "kept: " +
                    *Again.Failure);
      continue;
    }
    Results[It->second] = std::move(Again);
  }
  return Error::success();
}

int runScan(const char *Argv0, const CompilerArgs &Compiler) {
  setUpColor(Color);
  if (SummarizeOnly && (!CrossUnitPass || SummariesDir.empty()))
    return reportError("--summarize-only needs --summaries and --cross-unit");
  std::string RootDir = projectRoot(Root);
  if (!sys::fs::is_directory(RootDir))
    return reportError("the project root '" + RootDir + "' is not a directory");
  std::optional<std::string> Tidy = findTidy(Argv0, TidyBinary);
  if (!Tidy)
    return reportError(TidyBinary.empty() &&
                               !sys::Process::GetEnv("LEAKGUARD_TIDY")
                           ? Twine("cannot find leakguard-tidy next to the "
                                   "leakguard executable")
                           : Twine("the clang-tidy given by --tidy-binary or "
                                   "LEAKGUARD_TIDY is not an executable"));

  // Everything the run needs from its input is checked before it starts.
  std::vector<std::string> Skipped;
  auto Selected =
      selectTranslationUnits(BuildPath, Paths, SkipUnlisted, Skipped);
  if (!Selected)
    return reportError(toString(Selected.takeError()));
  std::vector<std::string> &Files = *Selected;
  if (Files.empty() && Skipped.empty())
    return reportError("no source files to analyze");
  auto BaselinePrints = loadBaseline();
  if (!BaselinePrints)
    return reportError(toString(BaselinePrints.takeError()));
  auto Changed = loadDiff(RootDir);
  if (!Changed)
    return reportError(toString(Changed.takeError()));

  bool FilterHeaders = HeaderFilter.getNumOccurrences() == 0;
  TidyInvocation Invocation = makeInvocation(*Tidy, Compiler);
  // A given file that is not a unit (a header, a file the database does
  // not know yet) is analyzed through the units that include it. What is
  // skipped is always said, --quiet or not: a hook that analyzed nothing
  // must not look like one that found nothing.
  std::vector<std::string> StillSkipped = Skipped;
  if (!Skipped.empty() && !BuildPath.empty() && HeaderUnits > 0) {
    auto Includers = findIncluders(BuildPath, Skipped, Jobs);
    if (!Includers) {
      reportWarning(toString(Includers.takeError()) +
                    "; the files not in the compile database are skipped");
    } else {
      StillSkipped.clear();
      for (const std::string &File : Skipped) {
        const std::vector<std::string> &Units = (*Includers)[File];
        if (Units.empty()) {
          StillSkipped.push_back(File);
          continue;
        }
        size_t Taken = std::min<size_t>(Units.size(), HeaderUnits);
        for (size_t I = 0; I < Taken; ++I)
          if (!llvm::is_contained(Files, Units[I]))
            Files.push_back(Units[I]);
        errs() << "leakguard: '" << displayPath(RootDir, File)
               << "' is not in the compile database; analyzing ";
        if (Taken == Units.size())
          errs() << (Taken == 1 ? "the unit that includes"
                                : "the " + std::to_string(Taken) +
                                      " units that include")
                 << " it\n";
        else
          errs() << Taken << " of the " << Units.size()
                 << " units that include it (--header-units)\n";
      }
    }
  }
  for (const std::string &File : StillSkipped)
    errs() << "leakguard: skipping '" << displayPath(RootDir, File)
           << "': not in the compile database"
           << (BuildPath.empty() || HeaderUnits == 0
                   ? ""
                   : ", and no unit of it includes it")
           << "\n";
  if (Files.empty())
    errs() << "leakguard: nothing analyzed: no file given is in the "
              "compile database of '"
           << BuildPath
           << "' or included by a unit of it (is it up to "
              "date?)\n";

  // The cache is prepared first: its stored times order the units.
  std::optional<ResultCache> Cache;
  if (!CacheDir.empty()) {
    Cache.emplace(CacheDir, uint64_t(CacheSize) << 20);
    if (Error Err = Cache->prepare())
      return reportError(toString(std::move(Err)));
  }
  // Database order: the order in which results are reported, whatever
  // order they were analyzed in.
  StringMap<unsigned> DbOrder;
  for (const std::string &File : Files)
    DbOrder.try_emplace(File, DbOrder.size());
  auto Plan = planUnits(Files, RootDir, Cache ? &*Cache : nullptr);
  if (!Plan)
    return reportError(toString(Plan.takeError()));
  std::vector<UnitCost> &Units = Plan->Units;
  std::optional<ShardInfo> &ShardPart = Plan->Shard;
  if (ListUnits) {
    for (const UnitCost &U : Units)
      outs() << U.Key << "\t" << format("%.3f", U.Cost)
             << (U.Measured ? "\tmeasured\n" : "\testimated\n");
    return NoFindings;
  }
  Files.clear();
  StringMap<double> Weight;
  for (const UnitCost &U : Units) {
    Files.push_back(U.Path);
    Weight[U.Path] = U.Cost;
  }

  if (Error Err = checkConfiguration(configSources(Invocation, RootDir), Files))
    return reportError(toString(std::move(Err)));

  Report R;
  R.Root = RootDir;
  R.TranslationUnits = Files.size();
  R.Shard = ShardPart;

  // Units whose inputs did not change take their result from the cache.
  std::optional<ScanCache> Reuse;
  std::vector<TidyResult> Results;
  std::vector<std::string> ToAnalyze;
  if (Cache) {
    StringMap<UnitCommands> Commands;
    if (!BuildPath.empty()) {
      auto Read = readCompileCommands(BuildPath);
      if (!Read)
        return reportError(toString(Read.takeError()));
      Commands = std::move(*Read);
    }
    Invocation.RecordDependencies = true;
    Reuse.emplace(*Cache, Invocation, std::move(Commands), ConfigFile);
    for (const std::string &File : Files) {
      if (std::optional<TidyResult> Hit = Reuse->lookup(File))
        Results.push_back(std::move(*Hit));
      else
        ToAnalyze.push_back(File);
    }
  } else {
    ToAnalyze = Files;
  }

  // Cross-unit summaries: each child writes its unit's; a unit the cache
  // answers keeps the one it wrote when it was analyzed.
  std::optional<TemporarySummaryDir> TempSummaries;
  std::optional<PassOneMerge> Merging;
  if (CrossUnitPass) {
    std::string Dir = SummariesDir;
    if (Dir.empty() && Cache)
      Dir = (Twine(CacheDir) + "/summaries").str();
    if (Dir.empty()) {
      auto Temp = TemporarySummaryDir::create();
      if (!Temp)
        return reportError(toString(Temp.takeError()));
      TempSummaries.emplace(std::move(*Temp));
      Dir = TempSummaries->path();
    }
    // The children run in their units' directories.
    SmallString<128> Absolute(Dir);
    sys::fs::make_absolute(Absolute);
    Dir = std::string(Absolute);
    if (Error Err = prepareSummaryDir(Dir))
      return reportError(toString(std::move(Err)));
    Invocation.SummaryDir = Dir;
    // Earlier runs' summaries, and those of the units done so far, answer
    // this pass's questions: a unit analyzed after its callees (or changed
    // since, when its callees did not) needs no second pass.
    auto Merge = PassOneMerge::start(Dir);
    if (!Merge)
      return reportError(toString(Merge.takeError()));
    Merging.emplace(std::move(*Merge));
    Invocation.SummariesIn = mergedSummaryPath(Dir);
    StringMap<std::vector<std::string>> Callees;
    orderCalleesFirst(ToAnalyze, &Callees);
    Merging->setCallees(std::move(Callees));
    // A unit that calls units not summarized yet (a cycle of calls, or a
    // callee still running) waits for them once summarized, its AST kept,
    // instead of being analyzed twice: as many as the memory allows.
    if (!SummarizeOnly && WaitMemory != 0) {
      Invocation.MaxParked = std::max(
          32u,
          4 * hardware_concurrency(Invocation.Jobs).compute_thread_count());
      Invocation.ParkMemory =
          WaitMemory > 0 ? uint64_t(WaitMemory) << 20 : physicalMemory() / 4;
    }
    // A unit the cache answers keeps the summary it wrote then; one that
    // wrote none (no check that summarizes is enabled) has no question to
    // ask again.
  }

  Progress Bar(Quiet                                    ? Progress::Quiet
               : sys::Process::StandardErrIsDisplayed() ? Progress::Bar
                                                        : Progress::Lines,
               Files.size());
  double Work = 0;
  for (const std::string &File : ToAnalyze)
    Work += Weight.lookup(File);
  Bar.expectWork(Work);
  StringSet<> Waits; // Units that will wait for the units they call.
  auto Started = [&](StringRef File) {
    Bar.started(displayPath(RootDir, File));
    // Before the child starts: it reads the merged file when it does (one
    // that waits reads it again, merged for it, when it goes on).
    if (Merging && !Waits.contains(File))
      Merging->unitStarting(File);
  };
  StringSet<> SeenFindings; // For the running total only.
  auto Finished = [&](const TidyResult &Result) {
    unsigned Count = 0, New = 0;
    for (const TidyDiagnostic &D : Result.Diagnostics.Diagnostics) {
      if (D.DiagnosticName == "clang-diagnostic-error")
        continue;
      ++Count;
      const TidyMessage &M = D.DiagnosticMessage;
      New += SeenFindings
                 .insert(D.BuildDirectory + "|" + M.FilePath + "|" +
                         std::to_string(M.FileOffset) + "|" + D.DiagnosticName)
                 .second;
    }
    Bar.finished(displayPath(RootDir, Result.File), Count, New,
                 Result.Failure.has_value(), Weight.lookup(Result.File),
                 Result.Cached);
    // Stored at once: a CI job that runs out of time keeps what it did.
    if (Reuse)
      Reuse->store(Result);
    if (Merging && !Result.Cached)
      Merging->unitDone(Result.File);
  };
  for (const TidyResult &Hit : Results)
    Finished(Hit);
  if (!ToAnalyze.empty())
    for (TidyResult &Result : runTidy(
             Invocation, ToAnalyze,
             {Started, Finished,
              [&](StringRef File) {
                if (!Merging || !Merging->calleesPending(File))
                  return false;
                Waits.insert(File);
                return true;
              },
              [&](StringRef File) { Merging->unitParked(File); },
              [&](StringRef File) { return Merging->calleesWritten(File); }}))
      Results.push_back(std::move(Result));
  Bar.done();
  if (SummarizeOnly) {
    if (Cache)
      finishCache(*Cache, *Reuse, Results, ToAnalyze.size(), RootDir,
                  ShardPart);
    return summarizeOnly(Invocation.SummaryDir, Files, Results, RootDir);
  }
  if (CrossUnitPass)
    if (Error Err =
            secondPass(Invocation, Files, Results, Reuse ? &*Reuse : nullptr))
      return reportError(toString(std::move(Err)));
  // Each file once, so the order is total.
  llvm::sort(Results, [&](const TidyResult &A, const TidyResult &B) {
    return DbOrder.lookup(A.File) < DbOrder.lookup(B.File);
  });
  if (Cache)
    finishCache(*Cache, *Reuse, Results, ToAnalyze.size(), RootDir, ShardPart);

  SourceCache Sources;
  StringMap<std::string> AnalyzedHashes;
  for (const TidyResult &Result : Results) {
    AnalyzedHashes[Result.File] = Result.AnalyzedHash;
    addDiagnostics(R, Result.Diagnostics, Result.File, Sources);
    if (Result.Failure)
      R.Errors.push_back(
          {Result.File, displayPath(RootDir, Result.File), *Result.Failure});
  }
  if (FilterHeaders)
    dropOutsideHeaders(R, Files);
  finalizeFindings(R, Sources);

  if (*Changed) {
    size_t Before = R.Findings.size();
    llvm::erase_if(R.Findings,
                   [&](const Finding &F) { return !inDiff(F, **Changed); });
    R.OutsideDiff = Before - R.Findings.size();
  }
  if (!WriteBaseline.empty())
    if (Error Err = writeReport(R, Format::Json, {}, Sources, WriteBaseline))
      return reportError(toString(std::move(Err)));
  if (*BaselinePrints)
    applyBaseline(R, std::move(**BaselinePrints));

  std::vector<std::string> Enabled = listEnabledChecks(Invocation);
  if (Enabled.empty())
    Enabled = documentedChecks();
  // --fix-dry-run prints the patch on stdout, so that it can be piped to
  // patch: the report goes to stderr unless -o names a file.
  bool ReportOnStderr = FixDryRun && (Output.empty() || Output == "-");
  if (ReportOnStderr)
    writeReportTo(R, OutputFormat, ruleInfos(Enabled), Sources, errs(),
                  useColor(errs()));
  else if (Error Err = writeReport(R, OutputFormat, ruleInfos(Enabled), Sources,
                                   Output))
    return reportError(toString(std::move(Err)));
  if (!Quiet &&
      (OutputFormat != Format::Text || (!Output.empty() && Output != "-")))
    writeSummary(R, errs());
  if (!ExportFixes.empty())
    if (Error Err = writeMergedExportFixes(R, ExportFixes))
      return reportError(toString(std::move(Err)));

  bool FixesOk = true;
  if (Fix || FixDryRun)
    FixesOk = applyFixes(R, Sources, AnalyzedHashes, /*Dry=*/FixDryRun);

  if (!R.Errors.empty() || !FixesOk)
    return ToolError;
  return R.Findings.empty() ? NoFindings : Findings;
}

} // namespace leakguard
