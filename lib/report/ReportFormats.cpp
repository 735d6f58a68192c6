//===--- ReportFormats.cpp - SARIF 2.1.0 and JSON reports, baselines ------===//

#include "report/ReportFormats.h"
#include "report/Fingerprint.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace leakguard::report {

inline constexpr llvm::StringLiteral SarifSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json";
inline constexpr llvm::StringLiteral RootBaseId = "SRCROOT";
/// The "format" of leakguard's JSON report; a baseline must have it.
inline constexpr llvm::StringLiteral JsonFormat = "leakguard-findings/1";

/// \p Path percent-encoded for a URI, keeping '/' and unreserved characters.
static std::string uriEscape(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("-._~/").contains(C))
      Out += C;
    else {
      Out += '%';
      Out += llvm::hexdigit(C >> 4, /*LowerCase=*/false);
      Out += llvm::hexdigit(C & 15, /*LowerCase=*/false);
    }
  }
  return Out;
}

std::string fileUri(llvm::StringRef AbsolutePath) {
  std::string Path = llvm::sys::path::convert_to_slash(AbsolutePath);
  if (!llvm::StringRef(Path).starts_with("/"))
    Path = "/" + Path;
  return "file://" + uriEscape(Path);
}

/// An artifactLocation: relative to SRCROOT under the root, else absolute.
static Object artifactLocation(const Report &R, llvm::StringRef Path,
                               llvm::StringRef DisplayPath) {
  if (Path != DisplayPath)
    return Object{
        {"uri", uriEscape(llvm::sys::path::convert_to_slash(DisplayPath))},
        {"uriBaseId", RootBaseId}};
  return Object{{"uri", fileUri(Path)}};
}

static Object physicalLocation(const Report &R, const Location &L) {
  Object Region{{"startLine", L.Pos.Line}, {"startColumn", L.Pos.Utf16Column}};
  // The highlighted text; consumers that get no end mark the whole line.
  if (L.End.Line > L.Pos.Line ||
      (L.End.Line == L.Pos.Line && L.End.Utf16Column > L.Pos.Utf16Column)) {
    Region["endLine"] = L.End.Line;
    Region["endColumn"] = L.End.Utf16Column;
  }
  return Object{
      {"artifactLocation", artifactLocation(R, L.Path, L.DisplayPath)},
      {"region", std::move(Region)}};
}

std::string ruleName(llvm::StringRef Id) {
  // SARIF wants a name that differs from the id (SARIF1001), in
  // PascalCase: leak-manual-lock -> LeakManualLock.
  std::string Name;
  bool Upper = true;
  for (char C : Id) {
    if (!llvm::isAlnum(C)) {
      Upper = true;
      continue;
    }
    Name += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Name;
}

std::string sarifMessageText(llvm::StringRef Message,
                             llvm::ArrayRef<std::string> Links) {
  // In a message with embedded links, a literal bracket is escaped.
  auto Escape = [](llvm::StringRef Text) {
    std::string Out;
    for (char C : Text) {
      if (C == '[' || C == ']')
        Out += '\\';
      Out += C;
    }
    return Out;
  };
  std::string Text = Escape(Message);
  if (Links.empty())
    return Text;
  Text += "; see ";
  for (unsigned I = 0; I < Links.size(); ++I) {
    if (I)
      Text += I + 1 == Links.size() ? " and " : ", ";
    Text += "[" + Escape(Links[I]) + "](" + std::to_string(I + 1) + ")";
  }
  return Text;
}

static Object ruleObject(const RuleInfo &Rule) {
  Object O{{"id", Rule.Id},
           {"name", ruleName(Rule.Id)},
           {"shortDescription", Object{{"text", Rule.ShortDescription}}},
           {"fullDescription", Object{{"text", Rule.FullDescription}}},
           {"defaultConfiguration", Object{{"level", "warning"}}}};
  if (!Rule.HelpUri.empty()) {
    O["helpUri"] = Rule.HelpUri;
    O["help"] =
        Object{{"text", Rule.FullDescription + " See " + Rule.HelpUri},
               {"markdown", Rule.FullDescription + "\n\n[" + Rule.Id +
                                " documentation](" + Rule.HelpUri + ")"}};
  }
  bool Leak = llvm::StringRef(Rule.Id).starts_with("leak-");
  Array Tags{"reliability"};
  if (Leak)
    Tags.push_back("resource-leak");
  O["properties"] = Object{{"tags", std::move(Tags)},
                           {"precision", Leak ? "high" : "medium"},
                           {"problem.severity", "warning"}};
  return O;
}

static Object fixObject(const Report &R, const Finding &F) {
  // One artifactChange per file, in the order the files first appear.
  Array Changes;
  std::vector<std::string> Files;
  for (const Edit &E : F.Fixes)
    if (!llvm::is_contained(Files, E.Begin.Path))
      Files.push_back(E.Begin.Path);
  for (const std::string &File : Files) {
    Array Replacements;
    std::string Display;
    for (const Edit &E : F.Fixes) {
      if (E.Begin.Path != File)
        continue;
      Display = E.Begin.DisplayPath;
      Replacements.push_back(Object{
          {"deletedRegion", Object{{"startLine", E.Begin.Pos.Line},
                                   {"startColumn", E.Begin.Pos.Utf16Column},
                                   {"endLine", E.End.Line},
                                   {"endColumn", E.End.Utf16Column}}},
          {"insertedContent", Object{{"text", E.Text}}}});
    }
    Changes.push_back(
        Object{{"artifactLocation", artifactLocation(R, File, Display)},
               {"replacements", std::move(Replacements)}});
  }
  return Object{
      {"description", Object{{"text", "Apply the fix-it of " + F.Rule}}},
      {"artifactChanges", std::move(Changes)}};
}

Value toSarif(const Report &R, llvm::ArrayRef<RuleInfo> Rules,
              const ToolInfo &Tool) {
  std::vector<RuleInfo> AllRules(Rules.begin(), Rules.end());
  llvm::StringMap<unsigned> RuleIndex;
  for (unsigned I = 0; I < AllRules.size(); ++I)
    RuleIndex[AllRules[I].Id] = I;
  for (const Finding &F : R.Findings)
    if (RuleIndex.try_emplace(F.Rule, AllRules.size()).second)
      AllRules.push_back(
          RuleInfo{F.Rule, "clang-tidy check " + F.Rule,
                   "Reported by the clang-tidy check " + F.Rule + ".", ""});

  Array Results;
  for (const Finding &F : R.Findings) {
    // The notes ("still locked when returning here") are related locations
    // that the message links to ([text](id)): GitHub shows a related
    // location only when the message links it.
    std::vector<std::string> NoteTexts;
    for (const Note &N : F.Notes)
      NoteTexts.push_back(N.Message);
    Object Result{
        {"ruleId", F.Rule},
        {"ruleIndex", RuleIndex[F.Rule]},
        {"level", F.Level},
        {"message", Object{{"text", sarifMessageText(F.Message, NoteTexts)}}},
        {"locations",
         Array{Object{{"physicalLocation", physicalLocation(R, F.Loc)}}}},
        {"partialFingerprints", Object{{FingerprintKey, F.Fingerprint}}}};
    Array Related;
    for (unsigned I = 0; I < F.Notes.size(); ++I)
      Related.push_back(
          Object{{"id", I + 1},
                 {"physicalLocation", physicalLocation(R, F.Notes[I].Loc)},
                 {"message", Object{{"text", F.Notes[I].Message}}}});
    if (!Related.empty()) {
      Result["relatedLocations"] = std::move(Related);
      // The path, as one thread flow: the finding, then each note in order
      // (GitHub renders it under "Show paths").
      Array Steps{Object{
          {"location", Object{{"physicalLocation", physicalLocation(R, F.Loc)},
                              {"message", Object{{"text", F.Message}}}}}}};
      for (const Note &N : F.Notes)
        Steps.push_back(
            Object{{"location",
                    Object{{"physicalLocation", physicalLocation(R, N.Loc)},
                           {"message", Object{{"text", N.Message}}}}}});
      Result["codeFlows"] = Array{Object{
          {"threadFlows", Array{Object{{"locations", std::move(Steps)}}}}}};
    }
    if (!F.Fixes.empty())
      Result["fixes"] = Array{fixObject(R, F)};
    Results.push_back(std::move(Result));
  }

  Array Notifications;
  for (const RunError &E : R.Errors) {
    Object N{{"level", "error"}, {"message", Object{{"text", E.Message}}}};
    if (!E.Path.empty())
      N["locations"] =
          Array{Object{{"physicalLocation",
                        Object{{"artifactLocation",
                                artifactLocation(R, E.Path, E.DisplayPath)}}}}};
    Notifications.push_back(std::move(N));
  }
  Object Invocation{{"executionSuccessful", R.Errors.empty()}};
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = std::move(Notifications);

  Array RuleObjects;
  for (const RuleInfo &Rule : AllRules)
    RuleObjects.push_back(ruleObject(Rule));
  Object Driver{{"name", Tool.Name},
                {"version", Tool.Version},
                {"semanticVersion", Tool.Version},
                {"rules", std::move(RuleObjects)}};
  if (!Tool.InformationUri.empty())
    Driver["informationUri"] = Tool.InformationUri;

  Object Run{{"tool", Object{{"driver", std::move(Driver)}}},
             {"invocations", Array{std::move(Invocation)}},
             {"columnKind", "utf16CodeUnits"},
             {"results", std::move(Results)}};
  // What `leakguard merge` needs beyond the results: the units each part
  // covered, and which part of a sharded run it is.
  Object Properties{{"leakguard/translationUnits", R.TranslationUnits}};
  if (R.Shard)
    Properties["leakguard/shard"] = Object{{"index", R.Shard->Index},
                                           {"count", R.Shard->Count},
                                           {"partition", R.Shard->Partition}};
  Run["properties"] = std::move(Properties);
  if (!R.Root.empty())
    Run["originalUriBaseIds"] =
        Object{{RootBaseId, Object{{"uri", fileUri(R.Root) + "/"}}}};
  return Object{{"$schema", SarifSchema},
                {"version", "2.1.0"},
                {"runs", Array{std::move(Run)}}};
}

static Object jsonLocation(const Location &L) {
  return Object{
      {"file", L.DisplayPath}, {"line", L.Pos.Line}, {"column", L.Pos.Column}};
}

Value toJson(const Report &R, const ToolInfo &Tool) {
  Array Findings;
  for (const Finding &F : R.Findings) {
    Object O = jsonLocation(F.Loc);
    O["rule"] = F.Rule;
    O["level"] = F.Level;
    O["message"] = F.Message;
    O["fingerprint"] = F.Fingerprint;
    Array Notes;
    for (const Note &N : F.Notes) {
      Object NO = jsonLocation(N.Loc);
      NO["message"] = N.Message;
      Notes.push_back(std::move(NO));
    }
    O["notes"] = std::move(Notes);
    Array Fixes;
    for (const Edit &E : F.Fixes) {
      Object EO = jsonLocation(E.Begin);
      EO["endLine"] = E.End.Line;
      EO["endColumn"] = E.End.Column;
      EO["offset"] = E.Begin.Offset;
      EO["length"] = E.Length;
      EO["replacement"] = E.Text;
      Fixes.push_back(std::move(EO));
    }
    O["fixes"] = std::move(Fixes);
    Findings.push_back(std::move(O));
  }
  Array Errors;
  for (const RunError &E : R.Errors)
    Errors.push_back(Object{{"file", E.DisplayPath}, {"message", E.Message}});
  Object Top{
      {"tool", Object{{"name", Tool.Name}, {"version", Tool.Version}}},
      {"format", JsonFormat},
      {"root", R.Root},
      {"findings", std::move(Findings)},
      {"errors", std::move(Errors)},
      {"summary", Object{{"translationUnits", R.TranslationUnits},
                         {"findings", int64_t(R.Findings.size())},
                         {"errors", int64_t(R.Errors.size())},
                         {"suppressedByBaseline", R.SuppressedByBaseline},
                         {"outsideDiff", R.OutsideDiff}}}};
  if (R.Shard)
    Top["shard"] = Object{{"index", R.Shard->Index},
                          {"count", R.Shard->Count},
                          {"partition", R.Shard->Partition}};
  return Top;
}

/// The fingerprints of a SARIF log that leakguard wrote.
static llvm::Expected<llvm::StringMap<unsigned>>
sarifBaseline(const Object &Top,
              llvm::function_ref<llvm::Error(const llvm::Twine &)> Fail) {
  std::optional<llvm::StringRef> Version = Top.getString("version");
  if (!Version || *Version != "2.1.0")
    return Fail("a SARIF log of version '" + Version.value_or("(none)") +
                "'; leakguard writes and reads SARIF 2.1.0");
  llvm::StringMap<unsigned> Counts;
  for (const Value &Run : *Top.getArray("runs")) {
    const Object *RunObj = Run.getAsObject();
    const Object *Tool = RunObj ? RunObj->getObject("tool") : nullptr;
    const Object *Driver = Tool ? Tool->getObject("driver") : nullptr;
    std::optional<llvm::StringRef> Name =
        Driver ? Driver->getString("name") : std::nullopt;
    if (!Name || *Name != "leakguard")
      return Fail("a SARIF log of '" + Name.value_or("(no tool name)") +
                  "', not of leakguard: its results have no leakguard "
                  "fingerprints");
    const Array *Results = RunObj->getArray("results");
    if (!Results)
      continue;
    unsigned Index = 0;
    for (const Value &Result : *Results) {
      const Object *ResultObj = Result.getAsObject();
      const Object *Prints =
          ResultObj ? ResultObj->getObject("partialFingerprints") : nullptr;
      auto Print = Prints ? Prints->getString(FingerprintKey) : std::nullopt;
      if (!Print)
        return Fail("result " + llvm::Twine(Index) + " has no '" +
                    FingerprintKey + "' fingerprint");
      ++Counts[*Print];
      ++Index;
    }
  }
  return Counts;
}

/// The fingerprints of leakguard's JSON report.
static llvm::Expected<llvm::StringMap<unsigned>>
jsonBaseline(const Object &Top,
             llvm::function_ref<llvm::Error(const llvm::Twine &)> Fail) {
  std::optional<llvm::StringRef> Format = Top.getString("format");
  if (!Format)
    return Fail("JSON without leakguard's \"format\" key; --baseline reads "
                "what --write-baseline writes (\"format\": \"" +
                JsonFormat + "\") or leakguard's SARIF");
  if (*Format != JsonFormat)
    return Fail("format '" + *Format + "'; this leakguard reads '" +
                JsonFormat + "'");
  const Array *Findings = Top.getArray("findings");
  if (!Findings)
    return Fail("no \"findings\" array");
  llvm::StringMap<unsigned> Counts;
  unsigned Index = 0;
  for (const Value &F : *Findings) {
    const Object *FO = F.getAsObject();
    auto Print = FO ? FO->getString("fingerprint") : std::nullopt;
    if (!Print)
      return Fail("finding " + llvm::Twine(Index) + " has no fingerprint");
    ++Counts[*Print];
    ++Index;
  }
  return Counts;
}

llvm::Expected<llvm::StringMap<unsigned>> readBaseline(llvm::StringRef Text,
                                                       llvm::StringRef Name) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "unreadable baseline '" + Name +
                                       "': " + Why);
  };
  Value Json = nullptr;
  if (auto Parsed = llvm::json::parse(Text))
    Json = std::move(*Parsed);
  else
    return Fail(llvm::toString(Parsed.takeError()));
  const Object *Top = Json.getAsObject();
  if (!Top)
    return Fail("not a SARIF log or a leakguard JSON report");
  if (Top->getArray("runs"))
    return sarifBaseline(*Top, Fail);
  if (Top->get("format") || Top->get("findings"))
    return jsonBaseline(*Top, Fail);
  return Fail("not a SARIF log or a leakguard JSON report");
}

void applyBaseline(Report &R, llvm::StringMap<unsigned> Baseline) {
  std::vector<Finding> Kept;
  for (Finding &F : R.Findings) {
    auto It = Baseline.find(F.Fingerprint);
    if (It != Baseline.end() && It->second > 0) {
      --It->second;
      ++R.SuppressedByBaseline;
      continue;
    }
    Kept.push_back(std::move(F));
  }
  R.Findings = std::move(Kept);
}

} // namespace leakguard::report
