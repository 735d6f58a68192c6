//===--- ResultCache.cpp - findings of unchanged units, reused ------------===//

#include "ResultCache.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/Chrono.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <cmath>

using namespace llvm;

namespace leakguard {

/// Written first in every entry, with the digest of what follows.
static constexpr StringLiteral EntryMagic = "leakguard-cache-entry/1";
static constexpr StringLiteral CostsFormat = "leakguard-costs/1";

static std::string hexDigest(StringRef Data) {
  BLAKE3 Hasher;
  Hasher.update(Data);
  auto Digest = Hasher.final<16>();
  return toHex(Digest, /*LowerCase=*/true);
}

void CacheKey::add(StringRef Field, StringRef Value) {
  Text += std::to_string(Field.size()) + ":" + Field.str() +
          std::to_string(Value.size()) + ":" + Value.str() + "\n";
}

std::string CacheKey::digest() const { return hexDigest(Text); }

std::vector<std::string> parseDependencyFile(StringRef Text,
                                             StringRef Directory) {
  // Tokens are separated by unescaped white space; "\<newline>" continues
  // the line, "\ " and "\#" are a space and a '#', "$$" is a '$'.
  std::vector<std::string> Tokens;
  std::string Token;
  auto Flush = [&] {
    if (!Token.empty())
      Tokens.push_back(std::move(Token));
    Token.clear();
  };
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\\' && I + 1 < Text.size()) {
      char Next = Text[I + 1];
      if (Next == '\n' ||
          (Next == '\r' && I + 2 < Text.size() && Text[I + 2] == '\n')) {
        Flush();
        I += Next == '\r' ? 2 : 1;
        continue;
      }
      if (Next == ' ' || Next == '#' || Next == '\\') {
        Token += Next;
        ++I;
        continue;
      }
    }
    if (C == '$' && I + 1 < Text.size() && Text[I + 1] == '$') {
      Token += '$';
      ++I;
      continue;
    }
    if (C == ' ' || C == '\t' || C == '\n' || C == '\r') {
      Flush();
      continue;
    }
    Token += C;
  }
  Flush();
  // The target ("x.o:") comes first; the files follow it.
  std::vector<std::string> Files;
  bool AfterTarget = false;
  for (std::string &T : Tokens) {
    if (!AfterTarget) {
      if (StringRef(T).ends_with(":"))
        AfterTarget = true;
      continue;
    }
    if (T == ":")
      continue;
    SmallString<256> Path(T);
    if (!sys::path::is_absolute(Path)) {
      Path = Directory;
      sys::path::append(Path, T);
    }
    // Not "..": "/usr/lib/gcc/x/12/../../../../include" climbs through
    // symbolic links that a lexical ".." would not follow.
    sys::path::remove_dots(Path, /*remove_dot_dot=*/false);
    std::string File(Path);
    if (!is_contained(Files, File))
      Files.push_back(std::move(File));
  }
  return Files;
}

ResultCache::ResultCache(StringRef Dir, uint64_t MaxBytes)
    : Dir(Dir.str()), MaxBytes(MaxBytes) {}

Error ResultCache::prepare() {
  SmallString<256> Entries(Dir);
  sys::path::append(Entries, "entries");
  if (std::error_code EC = sys::fs::create_directories(Entries))
    return createStringError(EC, "cannot use the cache directory '%s': %s",
                             Dir.c_str(), EC.message().c_str());
  return Error::success();
}

std::optional<std::string> ResultCache::fileDigest(StringRef Path) {
  {
    std::lock_guard<std::mutex> Guard(Lock);
    auto It = Digests.find(Path);
    if (It != Digests.end())
      return It->second;
  }
  std::optional<std::string> Digest;
  if (auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false))
    Digest = hexDigest((*Buffer)->getBuffer());
  std::lock_guard<std::mutex> Guard(Lock);
  Digests[Path] = Digest;
  return Digest;
}

std::string ResultCache::entryPath(StringRef Key) const {
  // Two levels, as git's objects: no directory gets too many files.
  SmallString<256> Path(Dir);
  sys::path::append(Path, "entries", Key.take_front(2),
                    Key.drop_front(2) + ".entry");
  return std::string(Path);
}

Error ResultCache::writeAtomically(StringRef Path, StringRef Content) {
  SmallString<256> Parent = sys::path::parent_path(Path);
  if (std::error_code EC = sys::fs::create_directories(Parent))
    return createStringError(EC, "cannot create '%s': %s", Parent.c_str(),
                             EC.message().c_str());
  SmallString<256> Model(Parent);
  sys::path::append(Model, "tmp-%%%%%%%%.partial");
  auto Temp = sys::fs::TempFile::create(Model);
  if (!Temp)
    return Temp.takeError();
  raw_fd_ostream OS(Temp->FD, /*shouldClose=*/false);
  OS << Content;
  OS.flush();
  if (OS.has_error()) {
    std::error_code EC = OS.error();
    OS.clear_error();
    consumeError(Temp->discard());
    return createStringError(EC, "cannot write '%s': %s", Path.str().c_str(),
                             EC.message().c_str());
  }
  return Temp->keep(Path);
}

std::optional<CachedUnit> ResultCache::lookup(StringRef Key, StringRef Unit) {
  std::string Path = entryPath(Key);
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return std::nullopt;
  auto Damaged = [&]() -> std::optional<CachedUnit> {
    ++Corrupt;
    sys::fs::remove(Path);
    return std::nullopt;
  };
  auto [Header, Body] = (*Buffer)->getBuffer().split('\n');
  auto [Magic, Digest] = Header.split(' ');
  if (Magic != EntryMagic || Digest != hexDigest(Body))
    return Damaged();
  auto Json = json::parse(Body);
  if (!Json) {
    consumeError(Json.takeError());
    return Damaged();
  }
  const json::Object *Entry = Json->getAsObject();
  const json::Array *Deps = Entry ? Entry->getArray("dependencies") : nullptr;
  std::optional<StringRef> StoredKey =
      Entry ? Entry->getString("key") : std::nullopt;
  std::optional<StringRef> StoredUnit =
      Entry ? Entry->getString("unit") : std::nullopt;
  std::optional<StringRef> Yaml =
      Entry ? Entry->getString("diagnostics") : std::nullopt;
  std::optional<double> Seconds =
      Entry ? Entry->getNumber("seconds") : std::nullopt;
  if (!Deps || !StoredKey || !StoredUnit || !Yaml || !Seconds)
    return Damaged();
  if (*StoredKey != Key || *StoredUnit != Unit)
    return std::nullopt;
  for (const json::Value &Dep : *Deps) {
    const json::Array *Pair = Dep.getAsArray();
    if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() ||
        !(*Pair)[1].getAsString())
      return Damaged();
    std::optional<std::string> Now = fileDigest(*(*Pair)[0].getAsString());
    if (!Now || *Now != *(*Pair)[1].getAsString())
      return std::nullopt;
  }
  auto Docs = report::parseExportFixes(*Yaml, Path);
  if (!Docs) {
    consumeError(Docs.takeError());
    return Damaged();
  }
  CachedUnit Result;
  Result.Seconds = *Seconds;
  Result.Diagnostics.MainSourceFile = Unit.str();
  for (report::TidyDiagnostics &Doc : *Docs)
    for (report::TidyDiagnostic &D : Doc.Diagnostics)
      Result.Diagnostics.Diagnostics.push_back(std::move(D));
  // A hit makes the entry recent, for eviction.
  int FD;
  if (!sys::fs::openFileForRead(Path, FD)) {
    sys::fs::setLastAccessAndModificationTime(FD,
                                              std::chrono::system_clock::now());
    sys::Process::SafelyCloseFileDescriptor(FD);
  }
  return Result;
}

bool ResultCache::store(StringRef Key, StringRef Unit,
                        ArrayRef<std::string> Dependencies,
                        const report::TidyDiagnostics &Diagnostics,
                        double Seconds,
                        std::chrono::system_clock::time_point Began) {
  // A file written while the unit was analyzed may hold other content than
  // what was analyzed. (The margin covers file systems whose clock for
  // modification times runs a little behind.)
  auto Limit = Began - std::chrono::milliseconds(50);
  json::Array Deps;
  for (const std::string &Dep : Dependencies) {
    sys::fs::file_status Status;
    if (sys::fs::status(Dep, Status) ||
        Status.getLastModificationTime() > Limit)
      return false;
    std::optional<std::string> Digest = fileDigest(Dep);
    if (!Digest)
      return false;
    Deps.push_back(json::Array{Dep, *Digest});
  }
  std::string Yaml;
  raw_string_ostream YamlOS(Yaml);
  report::writeExportFixes(Diagnostics, YamlOS);
  YamlOS.flush();
  std::string Body;
  raw_string_ostream BodyOS(Body);
  BodyOS << json::Value(json::Object{{"key", Key},
                                     {"unit", Unit},
                                     {"seconds", Seconds},
                                     {"dependencies", std::move(Deps)},
                                     {"diagnostics", Yaml}});
  BodyOS.flush();
  std::string Content = (EntryMagic + " " + hexDigest(Body) + "\n").str();
  Content += Body;
  if (Error Err = writeAtomically(entryPath(Key), Content)) {
    consumeError(std::move(Err));
    return false;
  }
  return true;
}

unsigned ResultCache::evict() {
  struct File {
    std::string Path;
    uint64_t Size;
    sys::TimePoint<> Time;
  };
  std::vector<File> Entries;
  uint64_t Total = 0;
  auto Now = std::chrono::system_clock::now();
  SmallString<256> Root(Dir);
  sys::path::append(Root, "entries");
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(Root, EC), End;
       It != End && !EC; It.increment(EC)) {
    sys::fs::file_status Status;
    if (sys::fs::status(It->path(), Status) ||
        Status.type() != sys::fs::file_type::regular_file)
      continue;
    StringRef Name = sys::path::filename(It->path());
    // A temporary file of a run that was killed before it renamed it.
    if (Name.ends_with(".partial")) {
      if (Now - Status.getLastModificationTime() > std::chrono::hours(1))
        sys::fs::remove(It->path());
      continue;
    }
    Entries.push_back(
        {It->path(), Status.getSize(), Status.getLastModificationTime()});
    Total += Status.getSize();
  }
  if (Total <= MaxBytes)
    return 0;
  llvm::sort(Entries, [](const File &A, const File &B) {
    return std::tie(A.Time, A.Path) < std::tie(B.Time, B.Path);
  });
  unsigned Removed = 0;
  uint64_t Goal = MaxBytes / 10 * 9;
  for (const File &F : Entries) {
    if (Total <= Goal)
      break;
    if (!sys::fs::remove(F.Path)) {
      Total -= F.Size;
      ++Removed;
    }
  }
  return Removed;
}

StringMap<double> ResultCache::readCosts(bool PlanOnly) const {
  // Every costs*.json; a unit's newest time wins (then the file name, so
  // that every reader picks the same).
  std::vector<std::pair<std::pair<double, std::string>, json::Value>> Files;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (!Name.starts_with("costs") || !Name.ends_with(".json") ||
        (PlanOnly && Name != "costs.json"))
      continue;
    auto Buffer = MemoryBuffer::getFile(It->path());
    if (!Buffer)
      continue;
    auto Json = json::parse((*Buffer)->getBuffer());
    if (!Json) {
      consumeError(Json.takeError());
      continue;
    }
    const json::Object *Top = Json->getAsObject();
    if (!Top || Top->getString("format") != CostsFormat)
      continue;
    double Written = Top->getNumber("written").value_or(0);
    Files.push_back({{Written, Name.str()}, std::move(*Json)});
  }
  llvm::sort(Files,
             [](const auto &A, const auto &B) { return A.first < B.first; });
  StringMap<double> Costs;
  for (const auto &File : Files)
    if (const json::Object *Units =
            File.second.getAsObject()->getObject("units"))
      for (const auto &Unit : *Units)
        if (std::optional<double> Seconds = Unit.second.getAsNumber())
          Costs[Unit.first.str()] = *Seconds;
  return Costs;
}

Error ResultCache::writeCosts(StringRef Name, const StringMap<double> &Costs) {
  SmallString<256> Path(Dir);
  sys::path::append(Path, Name);
  // The file's earlier units stay (a scan of a few files keeps the others).
  json::Object Units;
  if (auto Buffer = MemoryBuffer::getFile(Path)) {
    if (auto Json = json::parse((*Buffer)->getBuffer())) {
      if (const json::Object *Top = Json->getAsObject())
        if (const json::Object *Old = Top->getObject("units"))
          Units = *Old;
    } else {
      consumeError(Json.takeError());
    }
  }
  for (const auto &Entry : Costs)
    Units[Entry.first()] = std::round(Entry.second * 1000) / 1000;
  auto Written = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  std::string Text;
  raw_string_ostream OS(Text);
  OS << formatv("{0:2}",
                json::Value(json::Object{{"format", CostsFormat},
                                         {"written", double(Written) / 1000},
                                         {"units", std::move(Units)}}))
     << "\n";
  OS.flush();
  return writeAtomically(Path, Text);
}

Expected<unsigned> ResultCache::foldCosts() {
  std::vector<std::string> Shards;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (Name.starts_with("costs-") && Name.ends_with(".json"))
      Shards.push_back(It->path());
  }
  if (Shards.empty())
    return 0;
  if (Error Err = writeCosts("costs.json", readCosts(/*PlanOnly=*/false)))
    return std::move(Err);
  for (const std::string &Path : Shards)
    sys::fs::remove(Path);
  return Shards.size();
}

} // namespace leakguard
