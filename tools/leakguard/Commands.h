//===--- Commands.h - the subcommands of leakguard ------------------------===//

#ifndef LEAKGUARD_TOOLS_COMMANDS_H
#define LEAKGUARD_TOOLS_COMMANDS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/CommandLine.h"
#include <optional>
#include <string>
#include <vector>

namespace leakguard {

enum ExitCode { NoFindings = 0, Findings = 1, ToolError = 2 };

/// Compiler arguments after `--`, when the command line has one.
using CompilerArgs = std::optional<std::vector<std::string>>;

extern llvm::cl::SubCommand CheckCommand;
extern llvm::cl::SubCommand ScanCommand;
extern llvm::cl::SubCommand SarifCommand;
extern llvm::cl::SubCommand MergeCommand;
extern llvm::cl::SubCommand SummarizeCommand;

int runCheck(const char *Argv0, const CompilerArgs &Args);
int runScan(const char *Argv0, const CompilerArgs &Args);
int runSarif();
int runMerge();
int runSummarize(const char *Argv0, const CompilerArgs &Args);

/// leakguard-tidy: \p Override when given, else $LEAKGUARD_TIDY, else the
/// one next to this executable.
std::optional<std::string> findTidy(const char *Argv0,
                                    llvm::StringRef Override = "");

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_COMMANDS_H
