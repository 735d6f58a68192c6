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
  /// Summarizes the unit of \p Context, once, and asks \p Index whether
  /// the functions of other units it calls acquire.
  void summarize(clang::ASTContext &Context, const ResourceModel &Model,
                 const ResourceModel &Heap, const SummaryIndex *Index);
  /// Records, once, how the unit of \p Context destroys objects and which
  /// functions it refers to (Protocols.h).
  void protocols(clang::ASTContext &Context);
  /// Records that the unit of \p Context bounds the containers
  /// \p Bounded (by containerKey()), as leak-unbounded-cache judges them.
  void boundedContainers(clang::ASTContext &Context,
                         std::map<std::string, ContainerSummary> Bounded);
  /// Writes what was recorded; each check calls it at the end of its unit
  /// (the last call writes everything).
  void flush();

private:
  SummaryRecorder();

  std::string Output;
  std::mutex Lock;
  SummaryFile File;
  const clang::ASTContext *Summarized = nullptr;
  const clang::ASTContext *ScannedProtocols = nullptr;
  bool Summarizing = false;
  bool Dirty = false;
};

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
  /// The names of the functions of other units that return a fresh
  /// acquisition (for a check's matchers).
  std::vector<std::string> acquirerNames() const;
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
