//===--- Summaries.cpp - ownership facts that cross a file boundary -------===//

#include "summary/Summaries.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <mutex>
#include <set>

using namespace llvm;

namespace leakguard::summary {

bool FunctionSummary::operator==(const FunctionSummary &Other) const {
  return Name == Other.Name && Acquires == Other.Acquires &&
         ReturnsFrom == Other.ReturnsFrom && Params == Other.Params &&
         Throws == Other.Throws && ThrowsIf == Other.ThrowsIf &&
         Overrides == Other.Overrides &&
         UnlocksGlobals == Other.UnlocksGlobals && Conflict == Other.Conflict;
}

std::string KeptWhen::text() const {
  if (NonNull)
    return "nonnull";
  auto List = [](const std::vector<int64_t> &Values) {
    std::string Out;
    for (int64_t V : Values)
      Out += (Out.empty() ? "" : ",") + std::to_string(V);
    return Out;
  };
  return List(Success) + "|" + List(Failure);
}

std::optional<KeptWhen> KeptWhen::parse(StringRef Text) {
  KeptWhen Result;
  if (Text == "nonnull") {
    Result.NonNull = true;
    return Result;
  }
  auto [Ok, Fail] = Text.split('|');
  if (Ok.size() + Fail.size() + 1 != Text.size())
    return std::nullopt; // No `|`.
  auto List = [](StringRef Values, std::vector<int64_t> &Out) {
    SmallVector<StringRef, 4> Parts;
    Values.split(Parts, ',', -1, /*KeepEmpty=*/false);
    for (StringRef Part : Parts) {
      int64_t V = 0;
      if (Part.getAsInteger(10, V))
        return false;
      Out.push_back(V);
    }
    return true;
  };
  if (!List(Ok, Result.Success) || !List(Fail, Result.Failure) ||
      Result.Success.empty())
    return std::nullopt;
  return Result;
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

static StringRef useName(ParamUse Use) {
  switch (Use) {
  case ParamUse::Borrows:
    return "borrows";
  case ParamUse::Releases:
    return "releases";
  case ParamUse::Stores:
    return "stores";
  case ParamUse::Unknown:
    break;
  }
  return "unknown";
}

static StringRef threadName(ThreadUse Use) {
  switch (Use) {
  case ThreadUse::Joins:
    return "joins";
  case ThreadUse::Detaches:
    return "detaches";
  case ThreadUse::Borrows:
    return "borrows";
  case ThreadUse::Unknown:
    break;
  }
  return "unknown";
}

static StringRef throwName(ThrowFact Fact) {
  switch (Fact) {
  case ThrowFact::Cannot:
    return "cannot";
  case ThrowFact::May:
    return "may";
  case ThrowFact::Unknown:
    break;
  }
  return "unknown";
}

static json::Array strings(const std::vector<std::string> &List) {
  json::Array Array;
  for (const std::string &S : List)
    Array.push_back(S);
  return Array;
}

json::Value toJSON(const SummaryFile &File) {
  json::Object Functions;
  for (const auto &[Key, F] : File.Functions) {
    json::Object Entry{{"name", F.Name}};
    if (!F.Acquires.empty())
      Entry["acquires"] = F.Acquires;
    if (!F.ReturnsFrom.empty())
      Entry["returnsFrom"] = strings(F.ReturnsFrom);
    json::Array Params;
    for (const ParamSummary &P : F.Params) {
      json::Object Param{{"use", useName(P.Use)}};
      if (!P.Resource.empty())
        Param["resource"] = P.Resource;
      if (!P.PassedTo.empty()) {
        Param["passedTo"] = P.PassedTo;
        Param["passedIndex"] = P.PassedIndex;
      }
      if (P.Thread != ThreadUse::Unknown)
        Param["thread"] = threadName(P.Thread);
      if (P.Unlocks)
        Param["unlocks"] = true;
      if (P.Kept)
        Param["keptWhen"] = P.Kept->text();
      Params.push_back(std::move(Param));
    }
    if (!Params.empty())
      Entry["params"] = std::move(Params);
    Entry["throws"] = throwName(F.Throws);
    if (!F.ThrowsIf.empty())
      Entry["throwsIf"] = strings(F.ThrowsIf);
    if (!F.Overrides.empty())
      Entry["overrides"] = strings(F.Overrides);
    if (!F.UnlocksGlobals.empty())
      Entry["unlocksGlobals"] = strings(F.UnlocksGlobals);
    if (F.Conflict)
      Entry["conflict"] = true;
    Functions[Key] = std::move(Entry);
  }
  json::Object Root{{"format", "leakguard-summaries"},
                    {"version", SummaryFormatVersion},
                    {"functions", std::move(Functions)}};
  if (!File.Unit.empty())
    Root["unit"] = File.Unit;
  if (!File.BoundedContainers.empty()) {
    json::Object Containers;
    for (const auto &[Key, C] : File.BoundedContainers) {
      json::Object Entry{{"name", C.Name}, {"type", C.Type}};
      if (C.Conflict)
        Entry["conflict"] = true;
      Containers[Key] = std::move(Entry);
    }
    Root["boundedContainers"] = std::move(Containers);
  }
  if (!File.DestroyedClasses.empty()) {
    json::Object Classes;
    for (const auto &[Key, C] : File.DestroyedClasses) {
      json::Object Entry{{"name", C.Name}};
      if (C.Deletes) {
        Entry["deletes"] = C.Deletes;
        Entry["after"] = strings(C.After);
      }
      if (C.ByValue)
        Entry["byValue"] = true;
      if (C.Templated)
        Entry["templated"] = true;
      if (C.LongLived)
        Entry["longLived"] = C.LongLived;
      if (C.ShortLived)
        Entry["shortLived"] = true;
      Classes[Key] = std::move(Entry);
    }
    Root["destroyedClasses"] = std::move(Classes);
  }
  if (!File.References.empty()) {
    json::Object References;
    for (const auto &[Key, R] : File.References) {
      json::Object Entry{{"count", R.Count}};
      if (!R.From.empty())
        Entry["from"] = strings(R.From);
      References[Key] = std::move(Entry);
    }
    Root["references"] = std::move(References);
  }
  if (!File.StartUp.empty())
    Root["startUp"] = strings(File.StartUp);
  if (!File.Asked.empty()) {
    json::Object Asked;
    for (const auto &[Question, Answer] : File.Asked)
      Asked[Question] = Answer;
    Root["asked"] = std::move(Asked);
  }
  return Root;
}

namespace {

// The values of a summary file's members, streamed: the document toJSON()
// builds, keys in the order json::Value prints them (sorted), without
// building it (a json::Object costs a 64-bucket map, and a unit with a
// thousand functions spent more on that than on summarizing them).

void writeStrings(json::OStream &J, const std::vector<std::string> &List) {
  J.array([&] {
    for (const std::string &S : List)
      J.value(S);
  });
}

void writeFunction(json::OStream &J, const FunctionSummary &F) {
  auto Strings = [&](StringRef Key, const std::vector<std::string> &List) {
    if (!List.empty())
      J.attributeArray(Key, [&] {
        for (const std::string &S : List)
          J.value(S);
      });
  };
  J.object([&] {
    if (!F.Acquires.empty())
      J.attribute("acquires", F.Acquires);
    if (F.Conflict)
      J.attribute("conflict", true);
    J.attribute("name", F.Name);
    Strings("overrides", F.Overrides);
    if (!F.Params.empty())
      J.attributeArray("params", [&] {
        for (const ParamSummary &P : F.Params)
          J.object([&] {
            if (P.Kept)
              J.attribute("keptWhen", P.Kept->text());
            if (!P.PassedTo.empty()) {
              J.attribute("passedIndex", P.PassedIndex);
              J.attribute("passedTo", P.PassedTo);
            }
            if (!P.Resource.empty())
              J.attribute("resource", P.Resource);
            if (P.Thread != ThreadUse::Unknown)
              J.attribute("thread", threadName(P.Thread));
            if (P.Unlocks)
              J.attribute("unlocks", true);
            J.attribute("use", useName(P.Use));
          });
      });
    Strings("returnsFrom", F.ReturnsFrom);
    J.attribute("throws", throwName(F.Throws));
    Strings("throwsIf", F.ThrowsIf);
    Strings("unlocksGlobals", F.UnlocksGlobals);
  });
}

void writeContainers(json::OStream &J,
                     const std::map<std::string, ContainerSummary> &All) {
  J.object([&] {
    for (const auto &Entry : All) {
      const ContainerSummary &C = Entry.second;
      J.attributeObject(Entry.first, [&] {
        if (C.Conflict)
          J.attribute("conflict", true);
        J.attribute("name", C.Name);
        J.attribute("type", C.Type);
      });
    }
  });
}

void writeClasses(json::OStream &J,
                  const std::map<std::string, ClassSummary> &All) {
  J.object([&] {
    for (const auto &Entry : All) {
      const ClassSummary &C = Entry.second;
      J.attributeObject(Entry.first, [&] {
        if (C.Deletes)
          J.attributeArray("after", [&] {
            for (const std::string &M : C.After)
              J.value(M);
          });
        if (C.ByValue)
          J.attribute("byValue", true);
        if (C.Deletes)
          J.attribute("deletes", C.Deletes);
        if (C.LongLived)
          J.attribute("longLived", C.LongLived);
        J.attribute("name", C.Name);
        if (C.ShortLived)
          J.attribute("shortLived", true);
        if (C.Templated)
          J.attribute("templated", true);
      });
    }
  });
}

void writeReferences(json::OStream &J,
                     const std::map<std::string, ReferenceSummary> &All) {
  J.object([&] {
    for (const auto &Entry : All) {
      const ReferenceSummary &R = Entry.second;
      J.attributeObject(Entry.first, [&] {
        J.attribute("count", R.Count);
        if (!R.From.empty()) {
          J.attributeBegin("from");
          writeStrings(J, R.From);
          J.attributeEnd();
        }
      });
    }
  });
}

void writeAsked(json::OStream &J,
                const std::map<std::string, std::string> &Asked) {
  J.object([&] {
    for (const auto &[Question, Answer] : Asked)
      J.attribute(Question, Answer);
  });
}

/// The members of a summary file other than `format`, `version` and
/// `functions`, in the order json::Value prints them, each written by
/// \p Write(Key, WriteValue) when the file has it.
void forEachMember(const SummaryFile &File,
                   llvm::function_ref<void(
                       StringRef, llvm::function_ref<void(json::OStream &)>)>
                       Write) {
  if (!File.Asked.empty())
    Write("asked", [&](json::OStream &J) { writeAsked(J, File.Asked); });
  if (!File.BoundedContainers.empty())
    Write("boundedContainers", [&](json::OStream &J) {
      writeContainers(J, File.BoundedContainers);
    });
  if (!File.DestroyedClasses.empty())
    Write("destroyedClasses",
          [&](json::OStream &J) { writeClasses(J, File.DestroyedClasses); });
  // (`format` and `functions` come here in toJSON()'s order.)
  if (!File.References.empty())
    Write("references",
          [&](json::OStream &J) { writeReferences(J, File.References); });
  if (!File.StartUp.empty())
    Write("startUp", [&](json::OStream &J) { writeStrings(J, File.StartUp); });
  if (!File.Unit.empty())
    Write("unit", [&](json::OStream &J) { J.value(File.Unit); });
}

/// The first line of a summary file in the layout of writeSummaryText().
std::string layoutHead() {
  return "{\"format\":\"leakguard-summaries\",\"version\":" +
         std::to_string(SummaryFormatVersion) + ",";
}

constexpr StringLiteral FunctionsLine = "\"functions\":{";
constexpr StringLiteral LastLine = "}}";

} // namespace

void writeJSON(json::OStream &J, const SummaryFile &File) {
  J.object([&] {
    bool FunctionsDone = false;
    auto Functions = [&] {
      J.attribute("format", "leakguard-summaries");
      J.attributeObject("functions", [&] {
        for (const auto &[Key, F] : File.Functions) {
          J.attributeBegin(Key);
          writeFunction(J, F);
          J.attributeEnd();
        }
      });
      FunctionsDone = true;
    };
    forEachMember(File, [&](StringRef Key,
                            llvm::function_ref<void(json::OStream &)> Value) {
      if (!FunctionsDone && Key > "functions")
        Functions();
      J.attributeBegin(Key);
      Value(J);
      J.attributeEnd();
    });
    if (!FunctionsDone)
      Functions();
    J.attribute("version", SummaryFormatVersion);
  });
}

void writeSummaryText(raw_ostream &OS, const SummaryFile &File) {
  OS << layoutHead() << "\n";
  forEachMember(File, [&](StringRef Key,
                          llvm::function_ref<void(json::OStream &)> Value) {
    OS << '"' << Key << "\":";
    {
      json::OStream J(OS);
      Value(J);
    }
    OS << ",\n";
  });
  OS << FunctionsLine << "\n";
  size_t Left = File.Functions.size();
  for (const auto &[Key, F] : File.Functions) {
    {
      json::OStream J(OS);
      J.value(Key);
    }
    OS << ':';
    {
      json::OStream J(OS);
      writeFunction(J, F);
    }
    OS << (--Left ? ",\n" : "\n");
  }
  OS << LastLine << "\n";
}

namespace {

/// Reads one JSON object's fields, remembering the first thing wrong with
/// it as a path into the document.
struct Reader {
  std::string Problem;

  bool fail(const Twine &Where, const Twine &What) {
    if (Problem.empty())
      Problem = (Where + ": " + What).str();
    return false;
  }

  bool strings(const json::Object &O, StringRef Field, const Twine &Where,
               std::vector<std::string> &Out) {
    const json::Value *V = O.get(Field);
    if (!V)
      return true;
    const json::Array *A = V->getAsArray();
    if (!A)
      return fail(Where + "." + Field, "expected an array of strings");
    for (const json::Value &Item : *A) {
      std::optional<StringRef> S = Item.getAsString();
      if (!S)
        return fail(Where + "." + Field, "expected an array of strings");
      Out.push_back(S->str());
    }
    return true;
  }

  bool string(const json::Object &O, StringRef Field, const Twine &Where,
              std::string &Out) {
    const json::Value *V = O.get(Field);
    if (!V)
      return true;
    std::optional<StringRef> S = V->getAsString();
    if (!S)
      return fail(Where + "." + Field, "expected a string");
    Out = S->str();
    return true;
  }

  bool param(const json::Value &V, const Twine &Where, ParamSummary &P) {
    const json::Object *O = V.getAsObject();
    if (!O)
      return fail(Where, "expected an object");
    std::string Use, Thread, Kept;
    if (!string(*O, "use", Where, Use) ||
        !string(*O, "resource", Where, P.Resource) ||
        !string(*O, "passedTo", Where, P.PassedTo) ||
        !string(*O, "thread", Where, Thread) ||
        !string(*O, "keptWhen", Where, Kept))
      return false;
    if (!Kept.empty() && !(P.Kept = KeptWhen::parse(Kept)))
      return fail(Where + ".keptWhen", "unknown value '" + Kept + "'");
    if (Thread == "joins")
      P.Thread = ThreadUse::Joins;
    else if (Thread == "detaches")
      P.Thread = ThreadUse::Detaches;
    else if (Thread == "borrows")
      P.Thread = ThreadUse::Borrows;
    else if (Thread != "unknown" && !Thread.empty())
      return fail(Where + ".thread", "unknown value '" + Thread + "'");
    if (const json::Value *Unlocks = O->get("unlocks")) {
      std::optional<bool> B = Unlocks->getAsBoolean();
      if (!B)
        return fail(Where + ".unlocks", "expected a boolean");
      P.Unlocks = *B;
    }
    if (Use == "borrows")
      P.Use = ParamUse::Borrows;
    else if (Use == "releases")
      P.Use = ParamUse::Releases;
    else if (Use == "stores")
      P.Use = ParamUse::Stores;
    else if (Use != "unknown" && !Use.empty())
      return fail(Where + ".use", "unknown value '" + Use + "'");
    if (const json::Value *Index = O->get("passedIndex")) {
      std::optional<int64_t> N = Index->getAsInteger();
      if (!N || *N < 0)
        return fail(Where + ".passedIndex", "expected a non-negative integer");
      P.PassedIndex = unsigned(*N);
    }
    return true;
  }

  bool function(const json::Value &V, const Twine &Where, FunctionSummary &F) {
    const json::Object *O = V.getAsObject();
    if (!O)
      return fail(Where, "expected an object");
    std::string Throws;
    if (!string(*O, "name", Where, F.Name) ||
        !string(*O, "acquires", Where, F.Acquires) ||
        !strings(*O, "returnsFrom", Where, F.ReturnsFrom) ||
        !string(*O, "throws", Where, Throws) ||
        !strings(*O, "throwsIf", Where, F.ThrowsIf) ||
        !strings(*O, "overrides", Where, F.Overrides) ||
        !strings(*O, "unlocksGlobals", Where, F.UnlocksGlobals))
      return false;
    if (Throws == "cannot")
      F.Throws = ThrowFact::Cannot;
    else if (Throws == "may")
      F.Throws = ThrowFact::May;
    else if (Throws != "unknown" && !Throws.empty())
      return fail(Where + ".throws", "unknown value '" + Throws + "'");
    F.Conflict = O->getBoolean("conflict").value_or(false);
    if (const json::Value *Params = O->get("params")) {
      const json::Array *A = Params->getAsArray();
      if (!A)
        return fail(Where + ".params", "expected an array");
      for (size_t I = 0; I < A->size(); ++I) {
        F.Params.emplace_back();
        if (!param((*A)[I], Where + ".params[" + Twine(I) + "]",
                   F.Params.back()))
          return false;
      }
    }
    return true;
  }
};

} // namespace

Expected<SummaryFile> summaryFromJSON(const json::Value &Value) {
  auto Error = [](const Twine &Message) {
    return createStringError(inconvertibleErrorCode(), Message);
  };
  const json::Object *Root = Value.getAsObject();
  if (!Root || Root->getString("format") != "leakguard-summaries")
    return Error("not a leakguard summary file (no \"format\": "
                 "\"leakguard-summaries\")");
  std::optional<int64_t> Version = Root->getInteger("version");
  if (!Version || *Version != SummaryFormatVersion)
    return Error("summary format version " +
                 (Version ? Twine(*Version) : Twine("(missing)")) +
                 ", this leakguard reads version " +
                 Twine(SummaryFormatVersion) +
                 ": write the summaries again with this leakguard");
  SummaryFile File;
  Reader R;
  if (!R.string(*Root, "unit", "", File.Unit))
    return Error(R.Problem);
  if (const json::Value *Functions = Root->get("functions")) {
    const json::Object *O = Functions->getAsObject();
    if (!O)
      return Error("functions: expected an object");
    for (const auto &[Key, Entry] : *O)
      if (!R.function(Entry, "functions[\"" + Key.str() + "\"]",
                      File.Functions[Key.str()]))
        return Error(R.Problem);
  }
  if (const json::Value *Containers = Root->get("boundedContainers")) {
    const json::Object *O = Containers->getAsObject();
    if (!O)
      return Error("boundedContainers: expected an object");
    for (const auto &[Key, Entry] : *O) {
      std::string Where = "boundedContainers[\"" + Key.str() + "\"]";
      const json::Object *E = Entry.getAsObject();
      if (!E)
        return Error(Where + ": expected an object");
      ContainerSummary &C = File.BoundedContainers[Key.str()];
      if (!R.string(*E, "name", Where, C.Name) ||
          !R.string(*E, "type", Where, C.Type))
        return Error(R.Problem);
      C.Conflict = E->getBoolean("conflict").value_or(false);
    }
  }
  auto Count = [](const json::Object &O, StringRef Field, unsigned &Out) {
    const json::Value *V = O.get(Field);
    if (!V)
      return true;
    std::optional<int64_t> N = V->getAsInteger();
    if (!N || *N < 0)
      return false;
    Out = unsigned(*N);
    return true;
  };
  if (const json::Value *Classes = Root->get("destroyedClasses")) {
    const json::Object *O = Classes->getAsObject();
    if (!O)
      return Error("destroyedClasses: expected an object");
    for (const auto &[Key, Entry] : *O) {
      std::string Where = "destroyedClasses[\"" + Key.str() + "\"]";
      const json::Object *E = Entry.getAsObject();
      if (!E)
        return Error(Where + ": expected an object");
      ClassSummary &C = File.DestroyedClasses[Key.str()];
      if (!R.string(*E, "name", Where, C.Name) ||
          !R.strings(*E, "after", Where, C.After))
        return Error(R.Problem);
      if (!Count(*E, "deletes", C.Deletes))
        return Error(Where + ".deletes: expected a non-negative integer");
      if (!Count(*E, "longLived", C.LongLived))
        return Error(Where + ".longLived: expected a non-negative integer");
      C.ShortLived = E->getBoolean("shortLived").value_or(false);
      C.ByValue = E->getBoolean("byValue").value_or(false);
      C.Templated = E->getBoolean("templated").value_or(false);
    }
  }
  if (const json::Value *References = Root->get("references")) {
    const json::Object *O = References->getAsObject();
    if (!O)
      return Error("references: expected an object");
    for (const auto &[Key, Entry] : *O) {
      std::string Where = "references[\"" + Key.str() + "\"]";
      const json::Object *E = Entry.getAsObject();
      if (!E)
        return Error(Where + ": expected an object");
      ReferenceSummary &Ref = File.References[Key.str()];
      if (!R.strings(*E, "from", Where, Ref.From))
        return Error(R.Problem);
      if (!Count(*E, "count", Ref.Count))
        return Error(Where + ".count: expected a non-negative integer");
    }
  }
  if (!R.strings(*Root, "startUp", "", File.StartUp))
    return Error(R.Problem);
  if (const json::Value *Asked = Root->get("asked")) {
    const json::Object *O = Asked->getAsObject();
    if (!O)
      return Error("asked: expected an object");
    for (const auto &[Question, Answer] : *O) {
      std::optional<StringRef> S = Answer.getAsString();
      if (!S)
        return Error("asked[\"" + Question.str() + "\"]: expected a string");
      File.Asked[Question.str()] = S->str();
    }
  }
  return File;
}

Expected<SummaryFile> readSummaryFile(StringRef Path) {
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(),
                             "cannot read the summary file '" + Path +
                                 "': " + Buffer.getError().message());
  Expected<json::Value> Value = json::parse((*Buffer)->getBuffer());
  if (!Value)
    return createStringError(inconvertibleErrorCode(),
                             "the summary file '" + Path + "' is not JSON: " +
                                 toString(Value.takeError()));
  Expected<SummaryFile> File = summaryFromJSON(*Value);
  if (!File)
    return createStringError(inconvertibleErrorCode(),
                             "the summary file '" + Path +
                                 "': " + toString(File.takeError()));
  return File;
}

Error writeSummaryFile(StringRef Path, const SummaryFile &File) {
  SmallString<128> Temp;
  int FD = -1;
  if (std::error_code EC =
          sys::fs::createUniqueFile(Path + ".tmp-%%%%%%", FD, Temp))
    return createStringError(EC, "cannot write the summary file '" + Path +
                                     "': " + EC.message());
  {
    raw_fd_ostream Out(FD, /*shouldClose=*/true);
    // (Not formatv: the plugin must load into hosts that lack it.)
    writeSummaryText(Out, File);
    Out.close();
    if (Out.has_error()) {
      std::error_code EC = Out.error();
      Out.clear_error();
      sys::fs::remove(Temp);
      return createStringError(EC, "cannot write the summary file '" + Path +
                                       "': " + EC.message());
    }
  }
  if (std::error_code EC = sys::fs::rename(Temp, Path)) {
    sys::fs::remove(Temp);
    return createStringError(EC, "cannot write the summary file '" + Path +
                                     "': " + EC.message());
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Merging
//===----------------------------------------------------------------------===//

namespace {

/// One round of resolution over the merged functions: each unresolved fact
/// is decided from the previous round's facts of the functions it refers
/// to. Returns whether anything changed.
bool resolveRound(std::map<std::string, FunctionSummary> &Functions) {
  std::map<std::string, FunctionSummary> Before = Functions;
  auto Lookup = [&](const std::string &Key) -> const FunctionSummary * {
    auto It = Before.find(Key);
    return It == Before.end() || It->second.Conflict ? nullptr : &It->second;
  };
  bool Changed = false;
  for (auto &[Key, F] : Functions) {
    if (!F.ReturnsFrom.empty()) {
      // Every callee decided: the same fresh resource as each other and as
      // the function's own returns, or nothing.
      std::string Common = F.Acquires;
      bool Decided = true, Same = true;
      for (const std::string &Callee : F.ReturnsFrom) {
        const FunctionSummary *S = Lookup(Callee);
        if (S && !S->ReturnsFrom.empty()) {
          Decided = false;
          break;
        }
        std::string Resource = S ? S->Acquires : "";
        if (Resource.empty() || (!Common.empty() && Resource != Common))
          Same = false;
        Common = Resource;
      }
      if (Decided) {
        F.Acquires = Same ? Common : "";
        F.ReturnsFrom.clear();
        Changed = true;
      }
    }
    for (ParamSummary &P : F.Params) {
      if (P.PassedTo.empty())
        continue;
      const FunctionSummary *S = Lookup(P.PassedTo);
      if (S && P.PassedIndex < S->Params.size() &&
          !S->Params[P.PassedIndex].PassedTo.empty())
        continue; // Not decided yet.
      if (S && P.PassedIndex < S->Params.size()) {
        P.Use = S->Params[P.PassedIndex].Use;
        P.Resource = S->Params[P.PassedIndex].Resource;
      } else {
        P.Use = ParamUse::Unknown;
      }
      P.PassedTo.clear();
      P.PassedIndex = 0;
      Changed = true;
    }
    if (!F.ThrowsIf.empty()) {
      bool Decided = true, May = false, Unknown = false;
      for (const std::string &Callee : F.ThrowsIf) {
        const FunctionSummary *S = Lookup(Callee);
        if (S && !S->ThrowsIf.empty()) {
          Decided = false;
          break;
        }
        if (!S || S->Throws == ThrowFact::Unknown)
          Unknown = true;
        else if (S->Throws == ThrowFact::May)
          May = true;
      }
      if (Decided || May) {
        if (F.Throws != ThrowFact::May)
          F.Throws = May       ? ThrowFact::May
                     : Unknown ? ThrowFact::Unknown
                               : ThrowFact::Cannot;
        F.ThrowsIf.clear();
        Changed = true;
      }
    }
  }
  return Changed;
}

/// What is still undecided after the last round is unknown.
unsigned giveUpUnresolved(std::map<std::string, FunctionSummary> &Functions) {
  unsigned Count = 0;
  for (auto &[Key, F] : Functions) {
    if (!F.ReturnsFrom.empty()) {
      F.ReturnsFrom.clear();
      F.Acquires.clear();
      ++Count;
    }
    for (ParamSummary &P : F.Params)
      if (!P.PassedTo.empty()) {
        // (What it does to threads and mutexes is its own fact.)
        P.Use = ParamUse::Unknown;
        P.Resource.clear();
        P.PassedTo.clear();
        P.PassedIndex = 0;
        ++Count;
      }
    if (!F.ThrowsIf.empty()) {
      F.ThrowsIf.clear();
      if (F.Throws != ThrowFact::May)
        F.Throws = ThrowFact::Unknown;
      ++Count;
    }
  }
  return Count;
}

/// How the program destroys each class: every unit's destructions, with
/// the methods that all of the deletes call first.
void mergeClasses(const std::vector<SummaryFile> &Units,
                  std::map<std::string, ClassSummary> &Classes) {
  for (const SummaryFile &Unit : Units)
    for (const auto &[Key, C] : Unit.DestroyedClasses) {
      auto [It, Inserted] = Classes.try_emplace(Key, C);
      if (Inserted)
        continue;
      ClassSummary &Into = It->second;
      if (C.Deletes) {
        if (!Into.Deletes) {
          Into.After = C.After;
        } else {
          std::vector<std::string> Common;
          std::set_intersection(Into.After.begin(), Into.After.end(),
                                C.After.begin(), C.After.end(),
                                std::back_inserter(Common));
          Into.After = std::move(Common);
        }
        Into.Deletes += C.Deletes;
      }
      Into.ByValue |= C.ByValue;
      Into.Templated |= C.Templated;
      Into.LongLived += C.LongLived;
      Into.ShortLived |= C.ShortLived;
    }
}

/// The functions that run at start-up: every reference the program makes
/// to each is a call outside loops and lambdas from `main` or from another
/// of them (found round by round: a chain longer than \p MaxRounds is not;
/// functions that call each other are not).
std::vector<std::string> startUpFunctions(const std::vector<SummaryFile> &Units,
                                          unsigned MaxRounds) {
  struct Callers {
    bool AllCalls = true;
    std::set<std::string> From;
  };
  std::map<std::string, Callers> All;
  for (const SummaryFile &Unit : Units)
    for (const auto &[Key, R] : Unit.References) {
      Callers &Into = All[Key];
      Into.AllCalls &= !R.From.empty();
      Into.From.insert(R.From.begin(), R.From.end());
    }
  std::set<std::string> StartUp;
  for (unsigned Round = 0; Round < MaxRounds; ++Round) {
    bool Changed = false;
    for (const auto &[Key, C] : All)
      if (C.AllCalls && !C.From.empty() && !StartUp.count(Key) &&
          llvm::all_of(C.From, [&, &Key = Key](const std::string &From) {
            return From != Key && (From == "main" || StartUp.count(From));
          })) {
        StartUp.insert(Key);
        Changed = true;
      }
    if (!Changed)
      break;
  }
  return std::vector<std::string>(StartUp.begin(), StartUp.end());
}

} // namespace

bool sameFacts(const SummaryFile &A, const SummaryFile &B) {
  return A.Functions == B.Functions &&
         A.BoundedContainers == B.BoundedContainers &&
         A.DestroyedClasses == B.DestroyedClasses &&
         A.References == B.References && A.StartUp == B.StartUp;
}

SummaryFile mergeSummaries(const std::vector<SummaryFile> &Units,
                           MergeStats *Stats, unsigned MaxRounds) {
  SummaryFile Merged;
  std::vector<std::string> Conflicts;
  for (const SummaryFile &Unit : Units)
    for (const auto &[Key, F] : Unit.Functions) {
      auto [It, Inserted] = Merged.Functions.try_emplace(Key, F);
      if (Inserted || It->second == F || It->second.Conflict)
        continue;
      // Two definitions that disagree: nothing is known of it.
      FunctionSummary Unknown;
      Unknown.Name = It->second.Name;
      Unknown.Conflict = true;
      It->second = std::move(Unknown);
      Conflicts.push_back(Key);
    }
  // A container bounded in any unit is bounded; one that two units give
  // different types is two containers under one name, and none is known
  // to be bounded (a conflict never silences).
  std::vector<std::string> ContainerConflicts;
  for (const SummaryFile &Unit : Units)
    for (const auto &[Key, C] : Unit.BoundedContainers) {
      auto [It, Inserted] = Merged.BoundedContainers.try_emplace(Key, C);
      if (Inserted || It->second.Conflict ||
          (It->second.Type == C.Type && !C.Conflict))
        continue;
      It->second.Conflict = true;
      ContainerConflicts.push_back(Key);
    }
  mergeClasses(Units, Merged.DestroyedClasses);
  Merged.StartUp = startUpFunctions(Units, MaxRounds);
  for (unsigned Round = 0; Round < MaxRounds; ++Round)
    if (!resolveRound(Merged.Functions))
      break;
  unsigned Unresolved = giveUpUnresolved(Merged.Functions);
  if (Stats) {
    Stats->Functions = Merged.Functions.size();
    Stats->Conflicts = std::move(Conflicts);
    Stats->ContainerConflicts = std::move(ContainerConflicts);
    Stats->Unresolved = Unresolved;
  }
  return Merged;
}

//===----------------------------------------------------------------------===//
// Look-ups
//===----------------------------------------------------------------------===//

SummaryIndex::SummaryIndex(SummaryFile Merged) : File(std::move(Merged)) {
  indexOverriders();
}

void SummaryIndex::indexOverriders() {
  for (const auto &[Key, F] : File.Functions)
    for (const std::string &Base : F.Overrides)
      Overriders[Base].push_back(Key);
}

namespace {

/// One function's line of a file in writeSummaryText()'s layout,
/// `"USR":{...},`: its key (a JSON string, decoded by llvm::json when it
/// holds an escape) and the text of its value. False when the line is not
/// one.
bool splitFunctionLine(StringRef Line, std::string &Key, StringRef &Value) {
  Line.consume_back(",");
  if (!Line.starts_with("\""))
    return false;
  bool Escaped = false;
  size_t End = 1;
  for (; End < Line.size() && Line[End] != '"'; ++End)
    if (Line[End] == '\\') {
      Escaped = true;
      ++End;
    }
  if (End + 1 >= Line.size() || Line[End + 1] != ':')
    return false;
  StringRef Literal = Line.take_front(End + 1);
  Value = Line.drop_front(End + 2);
  if (!Escaped) {
    Key = Literal.drop_front().drop_back().str();
    return true;
  }
  Expected<json::Value> Decoded = json::parse(Literal);
  if (!Decoded) {
    consumeError(Decoded.takeError());
    return false;
  }
  std::optional<StringRef> S = Decoded->getAsString();
  if (!S)
    return false;
  Key = S->str();
  return true;
}

/// Parses one function's text (its value in the file).
bool parseFunction(StringRef Key, StringRef Text, FunctionSummary &F) {
  Expected<json::Value> Value = json::parse(Text);
  if (!Value) {
    consumeError(Value.takeError());
    return false;
  }
  Reader R;
  return R.function(*Value, "functions[\"" + Key + "\"]", F);
}

} // namespace

Expected<std::unique_ptr<SummaryIndex>> SummaryIndex::read(StringRef Path) {
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(),
                             "cannot read the summary file '" + Path +
                                 "': " + Buffer.getError().message());
  std::unique_ptr<SummaryIndex> Index(new SummaryIndex());
  // The layout of writeSummaryText(): the members before `functions` are
  // parsed as one small document; of the functions, only the keys.
  StringRef Rest = (*Buffer)->getBuffer();
  auto NextLine = [&] {
    auto [Line, After] = Rest.split('\n');
    Rest = After;
    return Line;
  };
  std::string Head = layoutHead();
  bool Laid = NextLine() == Head;
  while (Laid && !Rest.empty()) {
    StringRef Line = NextLine();
    if (Line == FunctionsLine)
      break;
    if (!Line.starts_with("\"") || !Line.ends_with(","))
      Laid = false;
    Head += Line;
  }
  std::vector<std::pair<std::string, StringRef>> Functions;
  bool Ended = false;
  while (Laid && !Rest.empty()) {
    StringRef Line = NextLine();
    if (Line == LastLine) {
      Ended = true;
      break;
    }
    std::string Key;
    StringRef Value;
    if (!splitFunctionLine(Line, Key, Value))
      Laid = false;
    else
      Functions.emplace_back(std::move(Key), Value);
  }
  Laid &= Ended && Rest.trim().empty();
  if (!Laid) {
    // Another layout (written by hand, or by another version): read whole,
    // which also says what is wrong with it.
    Expected<SummaryFile> File = readSummaryFile(Path);
    if (!File)
      return File.takeError();
    Index->File = std::move(*File);
    Index->indexOverriders();
    return std::move(Index);
  }
  Head += "\"functions\":{}}";
  auto Fail = [&](const Twine &Message) {
    return createStringError(inconvertibleErrorCode(),
                             "the summary file '" + Path + "': " + Message);
  };
  Expected<json::Value> Value = json::parse(Head);
  if (!Value)
    return Fail("not JSON: " + toString(Value.takeError()));
  Expected<SummaryFile> File = summaryFromJSON(*Value);
  if (!File)
    return Fail(toString(File.takeError()));
  Index->File = std::move(*File);
  // The checks ask for every function that acquires (their names) and
  // every override (for the overriders of a method) when they start: those
  // are parsed now. Their text names the field (compact JSON, and a quote
  // inside a string is escaped).
  for (auto &[Key, Text] : Functions) {
    if (Text.contains("\"acquires\":") || Text.contains("\"overrides\":")) {
      FunctionSummary F;
      if (!parseFunction(Key, Text, F))
        return Fail("functions[\"" + Key + "\"]: not a function summary");
      Index->File.Functions.emplace(std::move(Key), std::move(F));
      continue;
    }
    Index->Unparsed[Key] = Text;
  }
  Index->indexOverriders();
  Index->Text = std::move(*Buffer);
  return std::move(Index);
}

const FunctionSummary *SummaryIndex::find(StringRef Key) const {
  if (Key.empty())
    return nullptr;
  std::lock_guard<std::mutex> Guard(Lock);
  auto It = File.Functions.find(Key.str());
  if (It == File.Functions.end()) {
    auto Pending = Unparsed.find(Key);
    if (Pending == Unparsed.end())
      return nullptr;
    FunctionSummary F;
    bool Parsed = parseFunction(Key, Pending->second, F);
    Unparsed.erase(Pending);
    if (!Parsed) {
      // Damaged: unknown, as a conflict is.
      F = FunctionSummary();
      F.Conflict = true;
    }
    It = File.Functions.emplace(Key.str(), std::move(F)).first;
  }
  if (It->second.Conflict)
    return nullptr;
  return &It->second;
}

const ContainerSummary *SummaryIndex::boundedContainer(StringRef Key) const {
  if (Key.empty())
    return nullptr;
  auto It = File.BoundedContainers.find(Key.str());
  if (It == File.BoundedContainers.end() || It->second.Conflict)
    return nullptr;
  return &It->second;
}

const ClassSummary *SummaryIndex::destroyedClass(StringRef Key) const {
  if (Key.empty())
    return nullptr;
  auto It = File.DestroyedClasses.find(Key.str());
  return It == File.DestroyedClasses.end() ? nullptr : &It->second;
}

bool SummaryIndex::runsAtStartUp(StringRef Key) const {
  return !Key.empty() &&
         std::binary_search(File.StartUp.begin(), File.StartUp.end(), Key);
}

std::vector<const FunctionSummary *>
SummaryIndex::overriders(StringRef Key) const {
  std::vector<const FunctionSummary *> Result;
  auto It = Overriders.find(Key);
  if (It == Overriders.end())
    return Result;
  for (const std::string &Overrider : It->second) {
    const FunctionSummary *S = find(Overrider);
    Result.push_back(S); // Null for a conflict: unknown.
    // Overriders of overriders.
    for (const FunctionSummary *Deeper : overriders(Overrider))
      Result.push_back(Deeper);
  }
  return Result;
}

std::vector<std::string> SummaryIndex::acquirerNames() const {
  // (Every function that acquires was parsed when the file was read.)
  std::lock_guard<std::mutex> Guard(Lock);
  std::vector<std::string> Names;
  for (const auto &[Key, F] : File.Functions)
    if (!F.Conflict && !F.Acquires.empty())
      Names.push_back(F.Name);
  return Names;
}

std::shared_ptr<const SummaryIndex> loadSummaries(StringRef Path,
                                                  std::string &Error) {
  if (Path.empty())
    return nullptr;
  struct Loaded {
    sys::TimePoint<> Modified;
    uint64_t Size = 0;
    std::shared_ptr<const SummaryIndex> Index;
  };
  static std::mutex Lock;
  static StringMap<Loaded> Cache;
  // Each check of a process asks: the first one hears what is wrong.
  static StringMap<std::string> Reported;
  std::lock_guard<std::mutex> Guard(Lock);
  auto Fail = [&](std::string Message) -> std::shared_ptr<const SummaryIndex> {
    auto [It, Inserted] = Reported.try_emplace(Path, Message);
    if (Inserted || It->second != Message)
      Error = Message;
    It->second = std::move(Message);
    return nullptr;
  };
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return Fail(
        ("cannot read the summary file '" + Path + "': " + EC.message()).str());
  Loaded &Entry = Cache[Path];
  if (Entry.Index && Entry.Modified == Status.getLastModificationTime() &&
      Entry.Size == Status.getSize())
    return Entry.Index;
  Expected<std::unique_ptr<SummaryIndex>> Read = SummaryIndex::read(Path);
  if (!Read)
    return Fail(toString(Read.takeError()));
  Entry.Modified = Status.getLastModificationTime();
  Entry.Size = Status.getSize();
  Entry.Index = std::move(*Read);
  return Entry.Index;
}

std::string summaryPathFromOption(StringRef Option) {
  if (!Option.empty())
    return Option.str();
  return sys::Process::GetEnv("LEAKGUARD_SUMMARIES").value_or("");
}

std::string unlocksAnswer(const FunctionSummary &Summary) {
  std::vector<std::string> Parts;
  for (unsigned I = 0, E = Summary.Params.size(); I < E; ++I)
    if (Summary.Params[I].Unlocks)
      Parts.push_back("param" + std::to_string(I));
  for (const std::string &Global : Summary.UnlocksGlobals)
    Parts.push_back(Global);
  return join(Parts, ",");
}

std::string question(StringRef Key, StringRef Facet) {
  return (Key + "#" + Facet).str();
}

ThrowFact SummaryIndex::overridersThrow(StringRef Key) const {
  std::vector<const FunctionSummary *> All = overriders(Key);
  if (All.empty())
    return ThrowFact::Unknown;
  ThrowFact Result = ThrowFact::Cannot;
  for (const FunctionSummary *S : All) {
    if (S && S->Throws == ThrowFact::May)
      return ThrowFact::May;
    if (!S || S->Throws != ThrowFact::Cannot)
      Result = ThrowFact::Unknown;
  }
  return Result;
}

bool SummaryIndex::reread(
    StringRef Path, const std::map<std::string, std::string> &Asked) const {
  Expected<std::unique_ptr<SummaryIndex>> Read = read(Path);
  if (!Read) {
    consumeError(Read.takeError());
    return false;
  }
  SummaryIndex &New = **Read;
  for (const auto &[Question, Answer] : Asked)
    if (New.answer(Question) != Answer)
      return false;
  std::lock_guard<std::mutex> Guard(Lock);
  // (A std::map's nodes move with it: what find() returned stays put.)
  Replaced.push_back(std::make_unique<SummaryFile>(std::move(File)));
  ReplacedText.push_back(std::move(Text));
  File = std::move(New.File);
  Overriders = std::move(New.Overriders);
  Text = std::move(New.Text);
  Unparsed = std::move(New.Unparsed);
  ++Generation;
  return true;
}

std::string SummaryIndex::answer(StringRef Question) const {
  auto [Key, Facet] = Question.rsplit('#');
  if (Facet == "overriders") {
    ThrowFact Fact = overridersThrow(Key);
    return Fact == ThrowFact::Unknown ? "" : throwName(Fact).str();
  }
  if (Facet == "bounded") {
    const ContainerSummary *Container = boundedContainer(Key);
    return Container ? Container->Type : "";
  }
  if (Facet == "destroyed") {
    const ClassSummary *Class = destroyedClass(Key);
    return Class ? join(Class->alwaysAfter(), ",") : "";
  }
  if (Facet == "lifetime") {
    const ClassSummary *Class = destroyedClass(Key);
    return Class && Class->livesForProcess() ? "process" : "";
  }
  if (Facet == "startup")
    return runsAtStartUp(Key) ? "main" : "";
  const FunctionSummary *Summary = find(Key);
  if (!Summary)
    return "";
  if (Facet == "acquires")
    return Summary->Acquires;
  if (Facet == "throws")
    return Summary->Throws == ThrowFact::Unknown
               ? ""
               : throwName(Summary->Throws).str();
  unsigned Index = 0;
  if (Facet == "unlocks")
    return unlocksAnswer(*Summary);
  if (Facet.consume_front("thread") && !Facet.getAsInteger(10, Index))
    return Index < Summary->Params.size() &&
                   Summary->Params[Index].Thread != ThreadUse::Unknown
               ? threadName(Summary->Params[Index].Thread).str()
               : "";
  if (Facet.consume_front("param") && !Facet.getAsInteger(10, Index) &&
      Index < Summary->Params.size()) {
    const ParamSummary &P = Summary->Params[Index];
    if (P.Use == ParamUse::Unknown)
      return "";
    return (useName(P.Use) + (P.Resource.empty() ? "" : ":" + P.Resource) +
            (P.Kept ? "?" + P.Kept->text() : ""))
        .str();
  }
  return "";
}

} // namespace leakguard::summary
