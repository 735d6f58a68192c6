//===--- CrossUnit.cpp - scan's two passes over the summaries -------------===//

#include "CrossUnit.h"
#include "summary/Summaries.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace leakguard::summary;

namespace leakguard {

Expected<TemporarySummaryDir> TemporarySummaryDir::create() {
  SmallString<128> Path;
  if (std::error_code EC =
          sys::fs::createUniqueDirectory("leakguard-summaries", Path))
    return createStringError(EC, "cannot create a temporary directory: " +
                                     EC.message());
  return TemporarySummaryDir(std::string(Path));
}

TemporarySummaryDir::~TemporarySummaryDir() {
  if (!Path.empty())
    sys::fs::remove_directories(Path);
}

std::string unitSummaryPath(StringRef Dir, StringRef File) {
  // One file per unit, named after its path (the same file in two build
  // directories is one unit here: its summary is the same).
  std::array<uint8_t, 20> Hash = SHA1::hash(arrayRefFromStringRef(File));
  SmallString<128> Path(Dir);
  sys::path::append(Path, "units",
                    toHex(ArrayRef(Hash).take_front(10),
                          /*LowerCase=*/true) +
                        ".json");
  return std::string(Path);
}

std::string mergedSummaryPath(StringRef Dir) {
  SmallString<128> Path(Dir);
  sys::path::append(Path, "merged.json");
  return std::string(Path);
}

Error prepareSummaryDir(StringRef Dir) {
  SmallString<128> Units(Dir);
  sys::path::append(Units, "units");
  if (std::error_code EC = sys::fs::create_directories(Units))
    return createStringError(EC, "cannot create the summary directory '" + Dir +
                                     "': " + EC.message());
  return Error::success();
}

Expected<MergeOutcome> mergeUnitSummaries(StringRef Dir,
                                          ArrayRef<std::string> Files) {
  MergeOutcome Outcome;
  SmallString<128> UnitsDir(Dir);
  sys::path::append(UnitsDir, "units");
  std::vector<SummaryFile> Units;
  StringMap<size_t> ByFile; // By the summary's path.
  std::error_code EC;
  for (sys::fs::directory_iterator It(UnitsDir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (sys::path::extension(It->path()) != ".json")
      continue;
    Expected<SummaryFile> Unit = readSummaryFile(It->path());
    if (!Unit) {
      // A damaged file is not a reason to stop: its unit is analyzed again
      // (when it is one of this run's) and writes it anew.
      Outcome.Warnings.push_back(toString(Unit.takeError()) + "; ignored");
      sys::fs::remove(It->path());
      continue;
    }
    // A unit whose source is gone no longer says anything.
    if (Unit->Unit.empty() || !sys::fs::exists(Unit->Unit)) {
      sys::fs::remove(It->path());
      continue;
    }
    ByFile[It->path()] = Units.size();
    Units.push_back(std::move(*Unit));
  }
  if (EC)
    return createStringError(EC, "cannot read the summary directory '" +
                                     UnitsDir + "': " + EC.message());
  MergeStats Stats;
  SummaryFile Merged = mergeSummaries(Units, &Stats);
  if (Error Err = writeSummaryFile(mergedSummaryPath(Dir), Merged))
    return std::move(Err);
  Outcome.Units = Units.size();
  Outcome.Functions = Stats.Functions;
  Outcome.Conflicts = std::move(Stats.Conflicts);
  SummaryIndex Index(std::move(Merged));
  for (const std::string &File : Files) {
    auto It = ByFile.find(unitSummaryPath(Dir, File));
    if (It == ByFile.end()) {
      ++Outcome.Missing;
      continue;
    }
    const SummaryFile &Unit = Units[It->second];
    if (llvm::any_of(Unit.Asked, [&](const auto &QA) {
          return Index.answer(QA.first) != QA.second;
        }))
      Outcome.Recheck.push_back(File);
  }
  return Outcome;
}

namespace {

/// The names a unit's text defines and calls (see orderCalleesFirst).
struct UnitNames {
  llvm::StringSet<> Defines, Calls;
  /// Of Defines, those whose return type ends in `*` (`robj *createObject(`,
  /// `Foo *Bar::make(`).
  llvm::StringSet<> PointerDefines;
};

bool isIdentStart(char C) { return isAlpha(C) || C == '_'; }
bool isIdentChar(char C) { return isAlnum(C) || C == '_'; }

UnitNames scanNames(StringRef Text) {
  // Identifiers and punctuation; comments, literals and preprocessor lines
  // are skipped.
  struct Token {
    StringRef Ident;
    char Punct = 0;
  };
  std::vector<Token> Tokens;
  bool LineStart = true;
  for (size_t I = 0, E = Text.size(); I < E;) {
    char C = Text[I];
    if (C == '\n') {
      LineStart = true;
      ++I;
    } else if (isSpace(C)) {
      ++I;
    } else if (Text.substr(I).starts_with("//") || (LineStart && C == '#')) {
      // To the end of the line, and of its continuations.
      while (I < E && Text[I] != '\n')
        I += Text[I] == '\\' && I + 1 < E ? 2 : 1;
    } else if (Text.substr(I).starts_with("/*")) {
      size_t End = Text.find("*/", I + 2);
      I = End == StringRef::npos ? E : End + 2;
    } else if (C == '"' || C == '\'') {
      for (++I; I < E && Text[I] != C && Text[I] != '\n';)
        I += Text[I] == '\\' ? 2 : 1;
      ++I;
      LineStart = false;
    } else if (isIdentStart(C)) {
      size_t Begin = I;
      while (I < E && isIdentChar(Text[I]))
        ++I;
      Tokens.push_back({Text.slice(Begin, I)});
      LineStart = false;
    } else if (isDigit(C)) {
      while (I < E &&
             (isIdentChar(Text[I]) || Text[I] == '.' || Text[I] == '\''))
        ++I;
      LineStart = false;
    } else {
      Tokens.push_back({StringRef(), C});
      ++I;
      LineStart = false;
    }
  }
  static const StringSet<> NotNames = {
      "if",     "for",    "while",         "switch",   "catch",
      "return", "sizeof", "alignof",       "decltype", "do",
      "else",   "new",    "delete",        "defined",  "noexcept",
      "throw",  "typeid", "static_assert", "alignas",  "__attribute__"};
  UnitNames Names;
  for (size_t I = 0; I + 1 < Tokens.size(); ++I) {
    if (Tokens[I].Ident.empty() || Tokens[I + 1].Punct != '(' ||
        NotNames.contains(Tokens[I].Ident))
      continue;
    // The matching `)`, then qualifiers (const, override, noexcept) and
    // `{`: a definition.
    size_t J = I + 1;
    for (unsigned Depth = 0; J < Tokens.size(); ++J) {
      char P = Tokens[J].Punct;
      if (P == '(')
        ++Depth;
      else if (P == ')' && --Depth == 0)
        break;
      else if (P == ';' || P == '{' || P == '}')
        break;
    }
    bool Definition = false;
    if (J < Tokens.size() && Tokens[J].Punct == ')') {
      size_t K = J + 1;
      while (K < Tokens.size() && !Tokens[K].Ident.empty())
        ++K;
      Definition = K < Tokens.size() && Tokens[K].Punct == '{';
    }
    (Definition ? Names.Defines : Names.Calls).insert(Tokens[I].Ident);
    if (Definition) {
      // Back over `Bar::` qualifiers to the return type's last token.
      size_t B = I;
      while (B >= 3 && Tokens[B - 1].Punct == ':' &&
             Tokens[B - 2].Punct == ':' && !Tokens[B - 3].Ident.empty())
        B -= 3;
      if (B > 0 && Tokens[B - 1].Punct == '*')
        Names.PointerDefines.insert(Tokens[I].Ident);
    }
  }
  return Names;
}

} // namespace

void orderCalleesFirst(std::vector<std::string> &Files,
                       StringMap<std::vector<std::string>> *CalleesOut) {
  size_t N = Files.size();
  if (N < 2)
    return;
  std::vector<UnitNames> Names(N);
  StringMap<SmallVector<unsigned, 2>> Definers;
  for (size_t I = 0; I < N; ++I) {
    auto Buffer = MemoryBuffer::getFile(Files[I]);
    if (!Buffer)
      continue;
    Names[I] = scanNames((*Buffer)->getBuffer());
    for (const auto &Name : Names[I].Defines) {
      auto &Units = Definers[Name.getKey()];
      if (Units.size() <= 2)
        Units.push_back(I);
    }
  }
  // I calls J: J should come first. PointerCalls: how many functions
  // returning a pointer I calls of J's.
  std::vector<DenseSet<unsigned>> Callees(N), Callers(N);
  DenseMap<std::pair<unsigned, unsigned>, unsigned> PointerCalls;
  for (size_t I = 0; I < N; ++I)
    for (const auto &Name : Names[I].Calls) {
      auto It = Definers.find(Name.getKey());
      if (It == Definers.end() || It->second.size() > 2)
        continue;
      for (unsigned J : It->second)
        if (J != I) {
          Callees[I].insert(J);
          Callers[J].insert(I);
          if (Names[J].PointerDefines.contains(Name.getKey()))
            ++PointerCalls[{unsigned(I), J}];
        }
    }
  // Greedily (Eades, Lin and Smyth's order for a graph with cycles): a
  // unit that calls no unit left goes first, one that no unit left calls
  // goes last; when every unit left does both, the one called by most
  // units for the units it calls goes first, and among those the one whose
  // functions returning a pointer the units left call most, for those of
  // theirs it calls (a caller analyzed before its callee is analyzed again
  // when an answer it got changes, and the answers that change are mostly
  // of functions that return a pointer: an acquisition, then what is done
  // with it). Ties keep the given order.
  std::vector<unsigned> Out(N), In(N), Front, Back;
  std::vector<int> PointerBalance(N);
  std::vector<bool> Placed(N);
  for (size_t I = 0; I < N; ++I) {
    Out[I] = Callees[I].size();
    In[I] = Callers[I].size();
  }
  for (const auto &[Edge, Count] : PointerCalls) {
    PointerBalance[Edge.second] += Count;
    PointerBalance[Edge.first] -= Count;
  }
  size_t Left = N;
  auto Place = [&](unsigned V, std::vector<unsigned> &Into) {
    Placed[V] = true;
    --Left;
    Into.push_back(V);
    for (unsigned Caller : Callers[V]) {
      --Out[Caller];
      PointerBalance[Caller] += PointerCalls.lookup({Caller, V});
    }
    for (unsigned Callee : Callees[V]) {
      --In[Callee];
      PointerBalance[Callee] -= PointerCalls.lookup({V, Callee});
    }
  };
  while (Left) {
    for (bool Progress = true; Progress;) {
      Progress = false;
      // The units called most first (zmalloc.c before rax.c, which calls
      // it through a macro the text does not tell).
      std::vector<unsigned> Callees;
      for (unsigned V = 0; V < N; ++V)
        if (!Placed[V] && Out[V] == 0)
          Callees.push_back(V);
      llvm::stable_sort(Callees,
                        [&](unsigned A, unsigned B) { return In[A] > In[B]; });
      for (unsigned V : Callees) {
        Place(V, Front);
        Progress = true;
      }
      for (unsigned V = 0; V < N; ++V)
        if (!Placed[V] && In[V] == 0) {
          Place(V, Back);
          Progress = true;
        }
    }
    if (!Left)
      break;
    auto Need = [&](unsigned V) {
      return std::make_pair(int(In[V]) - int(Out[V]), PointerBalance[V]);
    };
    std::optional<unsigned> Best;
    for (unsigned V = 0; V < N; ++V)
      if (!Placed[V] && (!Best || Need(V) > Need(*Best)))
        Best = V;
    Place(*Best, Front);
  }
  if (CalleesOut)
    for (size_t I = 0; I < N; ++I) {
      std::vector<std::string> &Into = (*CalleesOut)[Files[I]];
      for (unsigned J : Callees[I])
        Into.push_back(Files[J]);
    }
  std::vector<std::string> Ordered;
  Ordered.reserve(N);
  for (unsigned V : Front)
    Ordered.push_back(std::move(Files[V]));
  for (unsigned V : llvm::reverse(Back))
    Ordered.push_back(std::move(Files[V]));
  Files = std::move(Ordered);
}

Expected<PassOneMerge> PassOneMerge::start(StringRef Dir) {
  PassOneMerge Merge(Dir.str());
  SmallString<128> UnitsDir(Dir);
  sys::path::append(UnitsDir, "units");
  std::error_code EC;
  for (sys::fs::directory_iterator It(UnitsDir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (sys::path::extension(It->path()) != ".json")
      continue;
    // A damaged file is left to the last merge, which says so.
    if (Expected<SummaryFile> Unit = readSummaryFile(It->path())) {
      Merge.ByPath[It->path()] = Merge.Units.size();
      Merge.Units.push_back(std::move(*Unit));
    } else {
      consumeError(Unit.takeError());
    }
  }
  if (EC)
    return createStringError(EC, "cannot read the summary directory '" +
                                     UnitsDir + "': " + EC.message());
  Merge.merge();
  return std::move(Merge);
}

bool PassOneMerge::readUnit(StringRef File) {
  Written.insert(File);
  std::string Path = unitSummaryPath(Dir, File);
  Expected<SummaryFile> Unit = readSummaryFile(Path);
  if (!Unit) {
    // No summary (the unit failed, or no check summarizes): nothing new.
    consumeError(Unit.takeError());
    return false;
  }
  auto [It, New] = ByPath.try_emplace(Path, Units.size());
  if (New)
    Units.push_back(std::move(*Unit));
  else
    Units[It->second] = std::move(*Unit);
  NotMerged.insert(File);
  return true;
}

void PassOneMerge::unitDone(StringRef File) {
  if (!readUnit(File))
    return;
  ++Done;
  if ((Done - MergedAt) * 8 >= Done)
    merge();
}

void PassOneMerge::unitParked(StringRef File) { readUnit(File); }

bool PassOneMerge::calleesPending(StringRef File) const {
  auto It = Callees.find(File);
  return It != Callees.end() &&
         llvm::any_of(It->second, [&](const std::string &Callee) {
           return Callee != File && !Written.contains(Callee);
         });
}

bool PassOneMerge::calleesWritten(StringRef File) {
  if (calleesPending(File))
    return false;
  unitStarting(File);
  return true;
}

void PassOneMerge::unitStarting(StringRef File) {
  auto It = Callees.find(File);
  if (It != Callees.end() &&
      llvm::any_of(It->second, [&](const std::string &Callee) {
        return NotMerged.contains(Callee);
      }))
    merge();
}

void PassOneMerge::merge() {
  MergedAt = Done;
  NotMerged.clear();
  ++Merges;
  // The children read it as it is when they start; without it they ask as
  // if nothing were known, which only costs a second analysis.
  SummaryFile Merged = mergeSummaries(Units);
  if (Merges > 1 && sameFacts(Merged, Last))
    return;
  if (Error Err = writeSummaryFile(mergedSummaryPath(Dir), Merged))
    consumeError(std::move(Err));
  Last = std::move(Merged);
}

} // namespace leakguard
