//===--- Summarize.h - what a translation unit tells the others -----------===//
//
// summarizeUnit() asks the ownership engine's callee facts and the throw
// oracle about every function the main file defines, and writes the answers
// as a SummaryFile: what they return, what they do with their parameters,
// whether they may throw, and, for what only another unit can tell, which
// function to ask.
//
// SummaryRecorder is the process's part in `leakguard scan`'s two passes:
// with LEAKGUARD_SUMMARY_OUT set, the checks of a leakguard-tidy child
// summarize its unit and record the questions they asked of functions they
// could not see, with the answers they got; scan re-analyzes a unit only
// when the merged summaries answer one of its questions differently.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_SUMMARIZE_H
#define LEAKGUARD_LIB_SUMMARIZE_H

#include "analysis/FunctionScope.h"
#include "analysis/Ownership.h"
#include "analysis/ThrowOracle.h"
#include "summary/Summaries.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include <mutex>

namespace clang {
class ASTContext;
} // namespace clang

namespace leakguard::analysis {

using summary::ContainerSummary;
using summary::FunctionSummary;
using summary::ParamSummary;
using summary::ParamUse;
using summary::SummaryFile;
using summary::SummaryIndex;
using summary::ThrowFact;

/// The cross-TU identity of \p Function (its USR), or "" when it has none
/// worth keeping (internal linkage, a local class, a template pattern).
std::string summaryKey(const clang::FunctionDecl *Function);

/// The cross-TU identity of the container \p D (a variable of static
/// storage duration or a field: its USR), or "" when other units cannot
/// name it (internal linkage, a function-local static, a local class, a
/// template's member).
std::string containerKey(const clang::ValueDecl *D);

/// What a summary says of the container \p D (the name and the type that
/// tell it apart from another of the same USR).
ContainerSummary containerSummary(const clang::ValueDecl *D);

/// The name a summary gives the resource \p Api acquires: its first
/// acquiring function.
std::string resourceName(const ResourceApi &Api);

/// The summaries of the functions with external linkage that the main file
/// of \p Context defines.
SummaryFile summarizeUnit(clang::ASTContext &Context,
                          const ResourceModel &Model,
                          const ResourceModel &Heap);

class SummaryRecorder {
public:
  /// The process's recorder; enabled by LEAKGUARD_SUMMARY_OUT.
  static SummaryRecorder &get();

  bool enabled() const { return !Output.empty(); }
  /// Records that the analysis asked \p Facet of the function \p Key and
  /// got \p Index's answer (none: the unknown answer).
  void ask(llvm::StringRef Key, llvm::StringRef Facet,
           const SummaryIndex *Index);
  /// Summarizes the unit of \p Context, once, and finds the functions of
  /// other units it calls that may acquire (asked about in settle()).
  void summarize(clang::ASTContext &Context, const ResourceModel &Model,
                 const ResourceModel &Heap);
  /// Records, once, how the unit of \p Context destroys objects and which
  /// functions it refers to (Protocols.h).
  void protocols(clang::ASTContext &Context);
  /// Once the unit is summarized, before the checks look at it: in a unit
  /// `leakguard scan` lets wait (LEAKGUARD_PARK), writes the summary, waits
  /// until scan says the units it calls wrote theirs, and reads the merged
  /// summaries \p Index came from (\p IndexPath) again, keeping the AST
  /// (a unit in a cycle of calls gets its callees' answers without a
  /// second parse). Then asks \p Index whether the functions of other
  /// units the unit calls acquire.
  void settle(const clang::ASTContext &Context, const SummaryIndex *Index,
              llvm::StringRef IndexPath);
  /// Records that the unit of \p Context bounds the containers
  /// \p Bounded (by containerKey()), as leak-unbounded-cache judges them.
  void boundedContainers(clang::ASTContext &Context,
                         std::map<std::string, ContainerSummary> Bounded);
  /// Writes what was recorded; each check calls it at the end of its unit
  /// (the last call writes everything).
  void flush();

private:
  SummaryRecorder();

  /// settle()'s wait (\p ParkPath: LEAKGUARD_PARK): whether scan said to
  /// read the summaries again.
  bool park(const std::string &ParkPath);

  std::string Output;
  /// LEAKGUARD_PARK, `<scan's pid>:<file>`: the file whose content tells
  /// scan the unit waits
  /// (scan answers in the file beside it, with `.go`).
  std::string ParkPath;
  int Parent;
  std::mutex Lock;
  SummaryFile File;
  /// Functions of other units the unit calls that return a pointer.
  std::vector<std::string> Acquirers;
  const clang::ASTContext *Summarized = nullptr;
  const clang::ASTContext *Settled = nullptr;
  const clang::ASTContext *ScannedProtocols = nullptr;
  bool Summarizing = false;
  bool Dirty = false;
};

/// The names of the acquiring functions a check's matchers look for: those
/// of its models, and those the summaries say acquire. A unit that scan
/// let wait reads the summaries again before any function is matched
/// (SummaryRecorder::settle): the names follow.
class AcquirerNames {
public:
  AcquirerNames(std::vector<std::string> Modelled,
                std::shared_ptr<const SummaryIndex> Index);
  /// Whether \p D is named so: the last component of its name in a hash
  /// set first, then its qualified name as `hasAnyName` compares it.
  bool matches(const clang::NamedDecl &D) const;

private:
  void build() const;

  std::vector<std::string> Modelled;
  std::shared_ptr<const SummaryIndex> Index;
  mutable unsigned Generation = 0;
  mutable NameSet Last;
  mutable std::unique_ptr<clang::ast_matchers::internal::HasNameMatcher> Full;
};

AST_MATCHER_P(clang::NamedDecl, isAcquirerIn,
              std::shared_ptr<const AcquirerNames>, Names) {
  return Names->matches(Node);
}

/// A check's part in the summaries: it reads those its option names (the
/// global option LeakSummaries, or LEAKGUARD_SUMMARIES) and, in a child of
/// `leakguard scan`, summarizes its unit.
class CheckSummaries {
public:
  /// Reads the summaries.
  explicit CheckSummaries(llvm::StringRef Option);
  /// Reads the summaries, for a check that follows no resource (threads,
  /// locks): it summarizes its unit, when it is the first to, with the
  /// models the resource checks use (the built-in APIs and \p Resources,
  /// the option LeakResources), so a unit's summary does not depend on
  /// which check wrote it.
  CheckSummaries(llvm::StringRef Option, llvm::StringRef Resources);

  /// What is wrong with them, to report (once per process), or "".
  const std::string &error() const { return Error; }
  const std::string &option() const { return Option; }
  const std::shared_ptr<const SummaryIndex> &index() const { return Index; }
  /// Matches the unit, once, when it is to be summarized.
  void addMatchers(clang::ast_matchers::MatchFinder *Finder,
                   clang::ast_matchers::MatchFinder::MatchCallback *Check);
  /// Whether \p Result is that match; it summarizes the unit.
  bool onMatch(const clang::ast_matchers::MatchFinder::MatchResult &Result,
               const ResourceModel &Model, const ResourceModel &Heap);
  /// The same with the models of the second constructor.
  bool onMatch(const clang::ast_matchers::MatchFinder::MatchResult &Result);
  /// The functions of \p Modelled and those of other units that return a
  /// fresh acquisition, for a check's matchers (isAcquirerIn).
  std::shared_ptr<const AcquirerNames>
  acquirerNames(std::vector<std::string> Modelled) const;
  /// At the end of each unit.
  void flush() { SummaryRecorder::get().flush(); }

private:
  std::string Option;
  std::string Error;
  std::shared_ptr<const SummaryIndex> Index;
  /// For the second constructor.
  std::string Resources;
};

} // namespace leakguard::analysis

#endif // LEAKGUARD_LIB_SUMMARIZE_H
