//===--- MergeCommand.cpp - leakguard merge -------------------------------===//
//
// Joins the reports of the shards of a scan (`leakguard scan --shard K/N`)
// into one, as one scan of everything would have written it, and applies a
// baseline and a diff to the whole (report/Merge.h). Exit codes as scan's:
// 0 no findings, 1 findings, 2 a shard's unit failed, a shard is missing,
// or the input is bad. docs/scan.md describes it.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "ReportOutput.h"
#include "ResultCache.h"
#include "report/Merge.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

using namespace leakguard::report;
using namespace llvm;

namespace leakguard {

cl::SubCommand MergeCommand("merge",
                            "Join the SARIF or JSON reports of the shards of "
                            "a scan (scan --shard K/N) into one");

namespace {

cl::OptionCategory MergeOptions("leakguard merge options");

cl::list<std::string> Inputs(cl::Positional, cl::OneOrMore,
                             cl::desc("<reports of leakguard scan>"),
                             cl::sub(MergeCommand), cl::cat(MergeOptions));
cl::opt<std::string> Output("o",
                            cl::desc("Write the merged report to <file> "
                                     "(default: stdout)"),
                            cl::value_desc("file"), cl::sub(MergeCommand),
                            cl::cat(MergeOptions));
cl::opt<std::string>
    Baseline("baseline",
             cl::desc("Do not report findings already in <file> (SARIF or "
                      "leakguard JSON), matched by fingerprint"),
             cl::value_desc("file"), cl::sub(MergeCommand),
             cl::cat(MergeOptions));
cl::opt<std::string>
    Diff("diff",
         cl::desc("Report only findings on lines changed since <ref> "
                  "(git diff -U0 <ref> in the root); '-' reads a unified "
                  "diff from stdin"),
         cl::value_desc("ref"), cl::sub(MergeCommand), cl::cat(MergeOptions));
cl::opt<std::string>
    Root("root",
         cl::desc("Project root, where --diff runs git (default: the "
                  "enclosing git repository, else the current directory)"),
         cl::value_desc("dir"), cl::sub(MergeCommand), cl::cat(MergeOptions));
cl::opt<std::string>
    CacheDir("cache",
             cl::desc("A --cache directory that holds the shards' cache "
                      "directories together: their units' times become the "
                      "costs the next sharded scan partitions by, and the "
                      "size bound is applied"),
             cl::value_desc("dir"), cl::sub(MergeCommand),
             cl::cat(MergeOptions));
cl::opt<unsigned>
    CacheSize("cache-size",
              cl::desc("Bound of the --cache directory in MiB (default: "
                       "1024)"),
              cl::init(1024), cl::value_desc("MiB"), cl::sub(MergeCommand),
              cl::cat(MergeOptions));
cl::opt<bool> Quiet("quiet", cl::desc("No summary on stderr"),
                    cl::sub(MergeCommand), cl::cat(MergeOptions));

} // namespace

int runMerge() {
  // Every input is read and checked before anything is written.
  std::vector<MergeInput> Reports;
  for (const std::string &Path : Inputs) {
    auto Text = readInput(Path, "report");
    if (!Text)
      return reportError(toString(Text.takeError()));
    auto Json = json::parse(*Text);
    if (!Json)
      return reportError("cannot merge '" + Path +
                         "': not JSON: " + toString(Json.takeError()));
    Reports.push_back({Path, std::move(*Json)});
  }
  MergeFilters Filters;
  if (!Baseline.empty()) {
    auto Prints = readBaselineFile(Baseline);
    if (!Prints)
      return reportError(toString(Prints.takeError()));
    Filters.Baseline = std::move(*Prints);
  }
  if (!Diff.empty()) {
    auto Lines = readChangedLines(projectRoot(Root), Diff);
    if (!Lines)
      return reportError(toString(Lines.takeError()));
    Filters.Changed = std::move(*Lines);
  }
  size_t Count = Reports.size();
  auto Merged = mergeReports(std::move(Reports), Filters);
  if (!Merged)
    return reportError(toString(Merged.takeError()));

  std::error_code EC;
  StringRef Path = Output.empty() ? StringRef("-") : StringRef(Output);
  raw_fd_ostream OS(Path, EC);
  if (EC)
    return reportError("cannot write '" + Path + "': " + EC.message());
  OS << formatv("{0:2}", Merged->Log) << "\n";
  OS.flush();
  if (OS.has_error()) {
    EC = OS.error();
    OS.clear_error();
    return reportError("cannot write '" + Path + "': " + EC.message());
  }

  for (const std::string &Problem : Merged->Problems)
    reportError(Problem);
  if (!CacheDir.empty()) {
    ResultCache Cache(CacheDir, uint64_t(CacheSize) << 20);
    auto Folded = Cache.foldCosts();
    if (!Folded)
      return reportError("cannot record the units' times in '" + CacheDir +
                         "': " + toString(Folded.takeError()));
    unsigned Evicted = Cache.evict();
    if (!Quiet)
      errs() << "leakguard: cache: the times of " << *Folded
             << (*Folded == 1 ? " shard" : " shards") << " recorded"
             << (Evicted
                     ? ", " + std::to_string(Evicted) + " old entries evicted"
                     : std::string())
             << "\n";
  }
  if (!Quiet) {
    auto Plural = [](unsigned N, StringRef One, StringRef Many) {
      return std::to_string(N) + " " + (N == 1 ? One : Many).str();
    };
    errs() << "leakguard: merged " << Plural(Count, "report", "reports") << ": "
           << Plural(Merged->Findings, "finding", "findings") << " in "
           << Plural(Merged->TranslationUnits, "translation unit",
                     "translation units");
    if (Merged->Errors)
      errs() << ", " << Plural(Merged->Errors, "error", "errors");
    if (Merged->Duplicates)
      errs() << "; " << Merged->Duplicates << " reported by several";
    if (Merged->SuppressedByBaseline)
      errs() << "; " << Merged->SuppressedByBaseline
             << " suppressed by the baseline";
    if (Merged->OutsideDiff)
      errs() << "; " << Merged->OutsideDiff << " outside the diff";
    errs() << "\n";
  }
  if (Merged->Errors)
    return ToolError;
  return Merged->Findings ? Findings : NoFindings;
}

} // namespace leakguard
