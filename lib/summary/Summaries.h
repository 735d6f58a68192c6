//===--- Summaries.h - ownership facts that cross a file boundary ---------===//
//
// What one translation unit learns about its own functions, written so that
// another unit can use it: a function returns a fresh acquisition, releases
// a parameter on every path, only borrows it, stores it, cannot throw. A
// unit's summary keeps what it could not decide alone as references to other
// functions (it returns what `open_conn` returns, it hands its parameter to
// `close_conn`); merging the summaries of every unit resolves them. Functions
// are named by their USR, the identity clang gives a declaration across
// translation units. This library needs only LLVM's Support library: the
// checks (through analysis/Summarize.h) and the leakguard command share it.
//
// Besides functions, a unit names the containers of program lifetime (by the
// USR of the variable or field) that its code bounds: erases from, clears,
// or hands on where it may be bounded. A container that one unit grows and
// another bounds is not unbounded.
//
// Two facts serve protocols that span functions. How a unit destroys the
// objects of a class (by `delete` right after calls of some of its methods,
// `m->unload(); delete m;`, or otherwise): a member that `unload()` releases
// is released when every destruction in the program calls it first. And who
// refers to a function: one whose only reference in the program is a call
// from `main` (or from such a function), outside loops and lambdas, runs
// once, at start-up.
//
// The file format (JSON, version 5, written one function per line so that a
// reader can find one without parsing the others) is described in
// docs/cross-tu.md.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_SUMMARY_SUMMARIES_H
#define LEAKGUARD_LIB_SUMMARY_SUMMARIES_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace leakguard::summary {

/// 2: the units' bounded containers (`boundedContainers`).
/// 3: how units destroy objects (`destroyedClasses`), the references to
/// functions (`references`; merged: `startUp`).
/// 4: what a function does to the threads and mutexes it receives
/// (`params[].thread`, `params[].unlocks`, `unlocksGlobals`).
/// 5: the same document, laid out one member per line, `functions` last
/// and one function per line (writeSummaryText): a reader of a merged file
/// parses only the functions it is asked about (SummaryIndex::read).
/// 6: a parameter kept only when the function succeeds
/// (`params[].keptWhen`).
constexpr unsigned SummaryFormatVersion = 6;

/// What a function does with one parameter on every path.
enum class ParamUse {
  Unknown,  ///< Anything: it may keep it.
  Borrows,  ///< Only uses it: tests it, reads through it, lends it on.
  Releases, ///< Gives it back on every path (or finds it null).
  Stores,   ///< Hands it to a new owner (a member, a global, a container).
};

/// What a function does to a thread it receives (a `std::thread`, a
/// container of them, a `pthread_t`), as leak-uncancellable-thread reads
/// it (ThreadModel.h).
enum class ThreadUse {
  Unknown,  ///< Anything: it may join it, keep it, move it on.
  Joins,    ///< Joins it (`t.join()`, `pthread_join`), detaches it nowhere.
  Detaches, ///< Detaches it, joins it nowhere.
  Borrows,  ///< Only asks it (`joinable()`, `get_id()`): still joinable.
};

/// The return values that tell whether a function kept a parameter it
/// stores only on some paths (`ListAppend` links its content only when
/// its node allocation succeeds, and returns the node or null): on every
/// path that keeps it the function returns a success value, and on every
/// path that neither keeps it nor gives it back, a failure value.
struct KeptWhen {
  /// Kept exactly when the (pointer) result is not null.
  bool NonNull = false;
  /// The integer results of the paths that keep it (Success) and of those
  /// that do not (Failure; a result that is not a constant is left out).
  std::vector<int64_t> Success, Failure;

  bool operator==(const KeptWhen &Other) const {
    return NonNull == Other.NonNull && Success == Other.Success &&
           Failure == Other.Failure;
  }
  /// "nonnull", or "0|-12,22": the success values, `|`, the failure values.
  std::string text() const;
  static std::optional<KeptWhen> parse(llvm::StringRef Text);
};

struct ParamSummary {
  ParamUse Use = ParamUse::Unknown;
  /// For Releases: what gives it back ("delete", or the resource's name).
  std::string Resource;
  /// Unresolved: the parameter's only use that is not a borrow is being
  /// passed as argument PassedIndex of the function PassedTo.
  std::string PassedTo;
  unsigned PassedIndex = 0;
  /// For a thread (or threads) it receives.
  ThreadUse Thread = ThreadUse::Unknown;
  /// It unlocks a mutex reached through it (`pthread_mutex_unlock(&c->m)`,
  /// `s.m.unlock()`) and locks none: it unlocks for its caller.
  bool Unlocks = false;
  /// For Stores: it keeps it only when it returns one of these values.
  std::optional<KeptWhen> Kept;

  bool operator==(const ParamSummary &Other) const {
    return Use == Other.Use && Resource == Other.Resource &&
           PassedTo == Other.PassedTo && PassedIndex == Other.PassedIndex &&
           Thread == Other.Thread && Unlocks == Other.Unlocks &&
           Kept == Other.Kept;
  }
};

enum class ThrowFact { Unknown, Cannot, May };

struct FunctionSummary {
  /// The qualified name, for people and for matchers.
  std::string Name;
  /// The resource every non-null return acquired fresh ("new", or the name
  /// of the resource's first acquiring function: "fopen", "malloc").
  std::string Acquires;
  /// Unresolved: every non-null return gives what one of these returns.
  std::vector<std::string> ReturnsFrom;
  std::vector<ParamSummary> Params;
  ThrowFact Throws = ThrowFact::Unknown;
  /// Unresolved: it cannot throw unless one of these may.
  std::vector<std::string> ThrowsIf;
  /// The methods it overrides (their USRs).
  std::vector<std::string> Overrides;
  /// The mutexes of static storage duration (USRs, sorted) that it unlocks
  /// and does not lock: it unlocks them for its caller.
  std::vector<std::string> UnlocksGlobals;
  /// Two units define it differently: every fact is unknown.
  bool Conflict = false;

  bool operator==(const FunctionSummary &Other) const;
  bool resolved() const { return ReturnsFrom.empty() && ThrowsIf.empty(); }
};

/// A container of program lifetime (a global, a static data member, a member
/// of a singleton) that a unit bounds: some use of it there removes
/// elements or may (erase, clear, pop, a swap, a pass by non-const
/// reference), as leak-unbounded-cache judges uses.
struct ContainerSummary {
  /// The qualified name, for people.
  std::string Name;
  /// Its type (canonical): two containers that share a USR but not a type
  /// (an ODR violation) are not the same container.
  std::string Type;
  /// Two units give it different types: nothing is known of it, and it is
  /// not bounded.
  bool Conflict = false;

  bool operator==(const ContainerSummary &Other) const {
    return Name == Other.Name && Type == Other.Type &&
           Conflict == Other.Conflict;
  }
};

/// How a unit makes and destroys the objects of a class that may own
/// something through a pointer member or hold a container. Merged: how the
/// program does.
struct ClassSummary {
  /// The qualified name, for people.
  std::string Name;
  /// Destructions by `delete` (or an explicit destructor call) of a pointer
  /// to it.
  unsigned Deletes = 0;
  /// The methods (USRs, sorted) that each of those destructions calls on
  /// the same object just before (`m->unload(); delete m;`); merged: those
  /// that every destruction of the program calls.
  std::vector<std::string> After;
  /// Objects destroyed at the end of their scope or with another object:
  /// locals, parameters, members, globals, temporaries, array elements,
  /// bases of other classes.
  bool ByValue = false;
  /// Named as a template argument: library code (`std::unique_ptr<M>`,
  /// `std::vector<M>`) or a template may destroy its objects.
  bool Templated = false;
  /// Objects that live for the process: of static storage duration, or
  /// made in `main` outside any loop and lambda (a local, or `new`).
  unsigned LongLived = 0;
  /// Objects made anywhere else (or in a template, or as a member or a
  /// base of another class).
  bool ShortLived = false;

  bool operator==(const ClassSummary &Other) const {
    return Name == Other.Name && Deletes == Other.Deletes &&
           After == Other.After && ByValue == Other.ByValue &&
           Templated == Other.Templated && LongLived == Other.LongLived &&
           ShortLived == Other.ShortLived;
  }
  /// Whether every object of the class lives for the process (and there
  /// is one).
  bool livesForProcess() const {
    return LongLived > 0 && !ShortLived && !Templated;
  }
  /// The methods called before every destruction, or none when some
  /// destruction may come without them (or there is none).
  std::vector<std::string> alwaysAfter() const {
    if (Deletes == 0 || ByValue || Templated)
      return {};
    return After;
  }
};

/// The references a unit makes to one function of external linkage.
struct ReferenceSummary {
  unsigned Count = 0;
  /// When every one of them is a call outside any loop and lambda: the
  /// calling functions ("main" for main, else their USRs; sorted). Empty
  /// when some reference is anything else.
  std::vector<std::string> From;

  bool operator==(const ReferenceSummary &Other) const {
    return Count == Other.Count && From == Other.From;
  }
};

/// The summary of one translation unit, or of a whole program once merged.
struct SummaryFile {
  /// The unit summarized (empty once merged).
  std::string Unit;
  /// By USR.
  std::map<std::string, FunctionSummary> Functions;
  /// The containers the unit bounds (merged: that some unit bounds), by USR.
  std::map<std::string, ContainerSummary> BoundedContainers;
  /// How the unit destroys objects of classes (merged: the program), by
  /// the class's USR.
  std::map<std::string, ClassSummary> DestroyedClasses;
  /// The references to functions, by the function's USR (units only).
  std::map<std::string, ReferenceSummary> References;
  /// Merged only: the functions that run at start-up, a bounded number of
  /// times: every reference the program makes to each is a call outside
  /// any loop and lambda in `main` or in another of them.
  std::vector<std::string> StartUp;
  /// What the unit's analysis asked of functions it could not see, and the
  /// answer it got ("USR#acquires", "USR#param0", "USR#throws",
  /// "USR#overriders", "USR#bounded", "USR#destroyed", "USR#startup",
  /// "USR#lifetime", "USR#thread<N>", "USR#unlocks" to "fopen", "borrows",
  /// "cannot", "joins", the parameters and globals unlocked, the bounded
  /// container's type, the methods called before every destruction, "main",
  /// "process"; an unknown answer is
  /// ""). A later run whose merged summaries answer the same needs no new
  /// analysis of the unit.
  std::map<std::string, std::string> Asked;
};

llvm::json::Value toJSON(const SummaryFile &File);
/// Writes what toJSON() gives, the same text, without building it.
void writeJSON(llvm::json::OStream &J, const SummaryFile &File);
llvm::Expected<SummaryFile> summaryFromJSON(const llvm::json::Value &Value);
/// Writes the document of toJSON() in the layout of a summary file: the
/// line `{"format":"leakguard-summaries","version":5,`, then each member
/// other than `functions` on a line of its own (`"unit":"/p/a.c",`), then
/// the line `"functions":{`, one line per function (`"USR":{...},`, the
/// last without the comma) and the line `}}`. Compact JSON: a line break
/// inside a string is written `\n`, so each line is one member.
void writeSummaryText(llvm::raw_ostream &OS, const SummaryFile &File);
/// Reads \p Path; an error names the file and what is wrong with it.
llvm::Expected<SummaryFile> readSummaryFile(llvm::StringRef Path);
/// Writes \p File to \p Path through a temporary file and a rename: a reader
/// never sees half a file.
llvm::Error writeSummaryFile(llvm::StringRef Path, const SummaryFile &File);

struct MergeStats {
  unsigned Functions = 0;
  /// Defined differently by two units (ODR violations, two `main`s).
  std::vector<std::string> Conflicts;
  /// Containers given different types by two units.
  std::vector<std::string> ContainerConflicts;
  /// Facts still undecided after the last round (cycles, too deep).
  unsigned Unresolved = 0;
};

/// Merges unit summaries and resolves the references between them, round
/// by round, for at most \p MaxRounds rounds (a fact that needs more, or
/// depends on itself, stays unknown). The result holds no reference. A
/// container that any unit bounds is bounded, unless two units give it
/// different types (then it is a conflict: not bounded).
SummaryFile mergeSummaries(const std::vector<SummaryFile> &Units,
                           MergeStats *Stats = nullptr, unsigned MaxRounds = 8);

/// Whether \p A and \p B say the same of the program (all but the unit's
/// name and its questions).
bool sameFacts(const SummaryFile &A, const SummaryFile &B);

/// Merged summaries, ready for look-ups.
class SummaryIndex {
public:
  explicit SummaryIndex(SummaryFile File);
  /// The summaries of the file \p Path. A file in the layout of
  /// writeSummaryText() is read lazily: everything but the functions at
  /// once, and of the functions only their keys; a function is parsed when
  /// it is first asked about (those that acquire or override at once: the
  /// checks ask for all of them). Any other JSON text is read whole, as
  /// readSummaryFile() reads it (and refused as it refuses it). A function
  /// entry found damaged when it is parsed is unknown.
  static llvm::Expected<std::unique_ptr<SummaryIndex>>
  read(llvm::StringRef Path);

  const FunctionSummary *find(llvm::StringRef Key) const;
  /// The container \p Key when some unit bounds it (null when none does,
  /// or for a conflict).
  const ContainerSummary *boundedContainer(llvm::StringRef Key) const;
  /// How the program makes and destroys objects of the class \p Key (null
  /// when no unit says).
  const ClassSummary *destroyedClass(llvm::StringRef Key) const;
  /// Whether the function \p Key runs once, at start-up (see
  /// SummaryFile::StartUp).
  bool runsAtStartUp(llvm::StringRef Key) const;
  /// The summaries of the functions that override the method \p Key.
  std::vector<const FunctionSummary *> overriders(llvm::StringRef Key) const;
  /// Whether the overriders of the method \p Key may throw: May when one
  /// may, Cannot when there is one and none can, Unknown otherwise.
  ThrowFact overridersThrow(llvm::StringRef Key) const;
  /// The qualified names of the functions that return a fresh acquisition.
  std::vector<std::string> acquirerNames() const;
  /// The answer these summaries give to \p Question (see
  /// SummaryFile::Asked).
  std::string answer(llvm::StringRef Question) const;
  /// Reads the file \p Path again, in place: every holder of the index
  /// sees the new summaries (a unit of `leakguard scan` that waited for
  /// the units it calls, SummaryRecorder::settle). Refused, keeping what
  /// the index holds, when the new file cannot be read or answers one of
  /// \p Asked (a question and the answer the analysis already used)
  /// differently. What find() returned before stays valid.
  bool reread(llvm::StringRef Path,
              const std::map<std::string, std::string> &Asked) const;
  /// How many times reread() replaced the summaries.
  unsigned generation() const { return Generation.load(); }

private:
  SummaryIndex() = default;
  void indexOverriders();

  /// Everything but the functions not parsed yet; a function parsed later
  /// is added (a std::map: what find() returned stays where it is).
  mutable SummaryFile File;
  mutable llvm::StringMap<std::vector<std::string>> Overriders;
  /// Read lazily: the file's text, and the functions not parsed yet (by
  /// key, their JSON text in Text). Guarded by Lock: an editor's threads
  /// share one index.
  mutable std::unique_ptr<llvm::MemoryBuffer> Text;
  mutable llvm::StringMap<llvm::StringRef> Unparsed;
  mutable std::mutex Lock;
  /// What reread() replaced, kept for the pointers find() gave out.
  mutable std::vector<std::unique_ptr<SummaryFile>> Replaced;
  mutable std::vector<std::unique_ptr<llvm::MemoryBuffer>> ReplacedText;
  mutable std::atomic<unsigned> Generation{0};
};

/// The summaries at \p Path, read once per process and again when the file
/// changes (an editor keeps the process). Null with \p Error set when the
/// file cannot be read; null without an error when \p Path is empty.
std::shared_ptr<const SummaryIndex> loadSummaries(llvm::StringRef Path,
                                                  std::string &Error);

/// The summaries the checks use: the global option LeakSummaries, else the
/// environment variable LEAKGUARD_SUMMARIES (how `leakguard scan` hands
/// them to its children).
std::string summaryPathFromOption(llvm::StringRef Option);

/// The answer to "unlocks": the parameters ("param<N>") and the globals
/// (USRs) \p Summary unlocks for its caller, comma-separated.
std::string unlocksAnswer(const FunctionSummary &Summary);

/// The question about \p Facet ("acquires", "param<N>", "throws",
/// "overriders", "startup", "thread<N>", "unlocks") of the function \p Key,
/// ("bounded") of the container \p Key, or ("destroyed", "lifetime") of the
/// class \p Key.
std::string question(llvm::StringRef Key, llvm::StringRef Facet);

} // namespace leakguard::summary

#endif // LEAKGUARD_LIB_SUMMARY_SUMMARIES_H
