//===--- TidyRunner.h - one leakguard-tidy process per translation unit ---===//
//
// Each translation unit is analyzed by its own leakguard-tidy child, so a
// crash, an assertion or a parse error stays that unit's error and every
// other unit is still analyzed. A thread pool keeps -j children running.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TOOLS_TIDYRUNNER_H
#define LEAKGUARD_TOOLS_TIDYRUNNER_H

#include "report/ExportFixes.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace leakguard {

struct TidyInvocation {
  std::string TidyPath;
  /// Options for every child (checks, config, header filter, -p).
  std::vector<std::string> Options;
  /// Compiler arguments after `--`, when not from a compile database.
  std::optional<std::vector<std::string>> CompilerArgs;
  unsigned Jobs = 0; ///< 0: one per core.
  /// Seconds after which a child is killed and its unit reported as timed
  /// out; 0: no limit.
  unsigned TimeoutSeconds = 0;
  /// Ask each child for the files its unit included (`-Wp,-MD,<file>`,
  /// which clang-tidy does not strip), for the result cache.
  bool RecordDependencies = false;
  /// Each child writes its unit's summary under this directory (see
  /// CrossUnit.h), and reads the merged summaries of SummariesIn.
  std::string SummaryDir;
  std::string SummariesIn;
  /// How many children may wait at once, their AST kept, for the units
  /// they call (TidyProgress::MayPark); 0: none waits.
  unsigned MaxParked = 0;
  /// The memory (bytes resident) those children may hold together: one
  /// that would go over continues at once.
  uint64_t ParkMemory = 0;
};

/// The machine's physical memory in bytes (0 when unknown).
uint64_t physicalMemory();

/// What one child left behind.
struct TidyResult {
  std::string File;
  /// The SHA-1 of the file when its analysis started.
  std::string AnalyzedHash;
  /// The diagnostics, when the child wrote any.
  report::TidyDiagnostics Diagnostics;
  /// Set when the child crashed, timed out, did not start, failed without
  /// a diagnostic, or wrote an unreadable export file.
  std::optional<std::string> Failure;
  /// With RecordDependencies: the dependency rule the preprocessor wrote
  /// (Makefile syntax, paths relative to the command's directory).
  std::string Dependencies;
  /// When the analysis began, and how long it took.
  std::chrono::system_clock::time_point Began;
  double Seconds = 0;
  /// The result came from the result cache: nothing ran.
  bool Cached = false;
};

/// Called, serialized, when a unit starts and when it ends.
struct TidyProgress {
  llvm::function_ref<void(llvm::StringRef File)> Started;
  llvm::function_ref<void(const TidyResult &)> Finished;
  /// With MaxParked, a child may wait once its unit is summarized, before
  /// its checks run, without holding one of the -j places: MayPark says
  /// whether unit File calls units whose summaries are not written yet;
  /// Parked, that its summary is written and it waits; MayResume, whether
  /// the units it calls have all written theirs (then the merged file it
  /// reads again must have them).
  llvm::function_ref<bool(llvm::StringRef File)> MayPark = nullptr;
  llvm::function_ref<void(llvm::StringRef File)> Parked = nullptr;
  llvm::function_ref<bool(llvm::StringRef File)> MayResume = nullptr;
};

/// Analyzes \p Files, returning the results in the same order.
std::vector<TidyResult> runTidy(const TidyInvocation &Invocation,
                                llvm::ArrayRef<std::string> Files,
                                const TidyProgress &Progress);

/// The checks that \p Options enable, as `leakguard-tidy --list-checks`
/// names them; empty when the listing fails.
std::vector<std::string> listEnabledChecks(const TidyInvocation &Invocation);

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_TIDYRUNNER_H
