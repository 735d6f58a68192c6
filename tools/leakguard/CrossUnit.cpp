//===--- CrossUnit.cpp - scan's two passes over the summaries -------------===//

#include "CrossUnit.h"
#include "summary/Summaries.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
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

} // namespace leakguard
