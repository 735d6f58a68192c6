//===--- Merge.cpp - the reports of several shards as one -----------------===//

#include "report/Merge.h"
#include "report/Fingerprint.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FormatVariadic.h"
#include <algorithm>
#include <map>
#include <tuple>

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace leakguard::report {

std::string uriUnescape(llvm::StringRef Uri) {
  std::string Out;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Byte;
    if (Uri[I] == '%' && I + 2 < Uri.size() &&
        !Uri.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Out += char(Byte);
      I += 2;
      continue;
    }
    Out += Uri[I];
  }
  return Out;
}

namespace {

/// A finding of some input, with what merging it needs to know.
struct Item {
  Value Body = nullptr; ///< The SARIF result or the JSON finding.
  std::string Rule, Path, Message, Fingerprint;
  unsigned Line = 0, Column = 0;
  /// The places of the finding and its notes: what --diff looks at.
  std::vector<std::pair<std::string, unsigned>> Places;

  auto key() const { return std::tie(Path, Line, Column, Rule, Message); }
};

llvm::Error inputError(const MergeInput &In, const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "cannot merge '" + In.Name + "': " + Why);
}

/// The shard a report says it is, when it is one.
struct ShardTag {
  std::string Input;
  int64_t Index = 0, Count = 0;
  std::string Partition;
};

std::optional<ShardTag> shardTag(const MergeInput &In, const Object *Tag) {
  if (!Tag)
    return std::nullopt;
  return ShardTag{In.Name, Tag->getInteger("index").value_or(0),
                  Tag->getInteger("count").value_or(0),
                  Tag->getString("partition").value_or("").str()};
}

/// What is wrong with the set of shards; empty when nothing is.
std::vector<std::string> checkShards(const std::vector<ShardTag> &Tags,
                                     size_t Inputs) {
  std::vector<std::string> Problems;
  if (Tags.empty())
    return Problems;
  if (Tags.size() != Inputs)
    Problems.push_back("only " + std::to_string(Tags.size()) + " of the " +
                       std::to_string(Inputs) +
                       " reports are shards of a scan (--shard); merge the "
                       "shards of one scan, or whole scans");
  int64_t Count = Tags.front().Count;
  for (const ShardTag &T : Tags)
    if (T.Count != Count || T.Partition != Tags.front().Partition) {
      Problems.push_back(
          "'" + T.Input + "' (shard " + std::to_string(T.Index) + "/" +
          std::to_string(T.Count) + ") was partitioned differently from '" +
          Tags.front().Input +
          "': the shards saw different unit lists or costs (restore the "
          "same --cache directory in every shard job), so units may be "
          "missing or analyzed twice");
      return Problems;
    }
  std::map<int64_t, std::string> Seen;
  for (const ShardTag &T : Tags) {
    auto [It, New] = Seen.emplace(T.Index, T.Input);
    if (!New)
      Problems.push_back("shard " + std::to_string(T.Index) + "/" +
                         std::to_string(Count) + " is given twice: '" +
                         It->second + "' and '" + T.Input + "'");
  }
  for (int64_t K = 1; K <= Count; ++K)
    if (!Seen.count(K))
      Problems.push_back("shard " + std::to_string(K) + "/" +
                         std::to_string(Count) +
                         " is missing: its units are not in the report");
  return Problems;
}

/// Drops repeated findings, orders the rest as a scan does, numbers equal
/// fingerprints again, and applies the diff and the baseline.
void settle(std::vector<Item> &Items, const MergeFilters &Filters,
            MergeOutcome &Out) {
  std::stable_sort(
      Items.begin(), Items.end(),
      [](const Item &A, const Item &B) { return A.key() < B.key(); });
  size_t Before = Items.size();
  Items.erase(std::unique(Items.begin(), Items.end(),
                          [](const Item &A, const Item &B) {
                            return A.key() == B.key();
                          }),
              Items.end());
  Out.Duplicates = Before - Items.size();
  llvm::StringMap<unsigned> Seen;
  for (Item &I : Items) {
    llvm::StringRef Base = I.Fingerprint;
    size_t Colon = Base.rfind(':');
    unsigned Ignored;
    if (Colon != llvm::StringRef::npos &&
        !Base.substr(Colon + 1).getAsInteger(10, Ignored))
      Base = Base.take_front(Colon);
    unsigned N = ++Seen[Base];
    I.Fingerprint = N == 1 ? Base.str() : (Base + ":" + llvm::Twine(N)).str();
  }
  if (Filters.Changed) {
    size_t Count = Items.size();
    llvm::erase_if(Items, [&](const Item &I) {
      return llvm::none_of(I.Places, [&](const auto &P) {
        return Filters.Changed->contains(P.first, P.second);
      });
    });
    Out.OutsideDiff += Count - Items.size();
  }
  if (Filters.Baseline) {
    llvm::StringMap<unsigned> Left = *Filters.Baseline;
    llvm::erase_if(Items, [&](const Item &I) {
      auto It = Left.find(I.Fingerprint);
      if (It == Left.end() || It->second == 0)
        return false;
      --It->second;
      ++Out.SuppressedByBaseline;
      return true;
    });
  }
  Out.Findings = Items.size();
}

/// The place of a SARIF physicalLocation: the path as a scan shows it
/// (relative to the root, or absolute outside it) and the line.
std::pair<std::string, unsigned> sarifPlace(const Object *Physical) {
  const Object *Artifact =
      Physical ? Physical->getObject("artifactLocation") : nullptr;
  const Object *Region = Physical ? Physical->getObject("region") : nullptr;
  std::string Uri =
      Artifact ? Artifact->getString("uri").value_or("").str() : "";
  llvm::StringRef Path(Uri);
  bool Absolute = !Artifact || !Artifact->getString("uriBaseId");
  if (Absolute)
    Path.consume_front("file://");
  return {uriUnescape(Path),
          unsigned(Region ? Region->getInteger("startLine").value_or(0) : 0)};
}

llvm::Expected<MergeOutcome> mergeSarif(std::vector<MergeInput> &Inputs,
                                        const MergeFilters &Filters) {
  MergeOutcome Out;
  Out.Kind = ReportKind::Sarif;
  std::vector<Item> Items;
  Array Rules, Invocations;
  llvm::StringMap<unsigned> RuleIndex;
  std::vector<ShardTag> Tags;
  const Object *FirstRun = nullptr;
  for (MergeInput &In : Inputs) {
    Object *Top = In.Log.getAsObject();
    Array *Runs = Top->getArray("runs");
    if (Top->getString("version") != "2.1.0")
      return inputError(In, "a SARIF log of another version than 2.1.0");
    if (!Runs || Runs->empty())
      return inputError(In, "a SARIF log without runs");
    for (Value &RunValue : *Runs) {
      Object *Run = RunValue.getAsObject();
      Object *Tool = Run ? Run->getObject("tool") : nullptr;
      Object *Driver = Tool ? Tool->getObject("driver") : nullptr;
      if (!Driver || Driver->getString("name") != "leakguard")
        return inputError(In, "a SARIF log of another tool than leakguard");
      if (!FirstRun)
        FirstRun = Run;
      if (Array *RunRules = Driver->getArray("rules"))
        for (Value &Rule : *RunRules) {
          const Object *RuleObj = Rule.getAsObject();
          auto Id = RuleObj ? RuleObj->getString("id") : std::nullopt;
          if (Id && RuleIndex.try_emplace(*Id, Rules.size()).second)
            Rules.push_back(Rule);
        }
      if (Array *RunInvocations = Run->getArray("invocations"))
        for (Value &Invocation : *RunInvocations) {
          if (const Object *InvObj = Invocation.getAsObject())
            if (const Array *Notes =
                    InvObj->getArray("toolExecutionNotifications"))
              for (const Value &Note : *Notes)
                if (Note.getAsObject() &&
                    Note.getAsObject()->getString("level") == "error")
                  ++Out.Errors;
          Invocations.push_back(Invocation);
        }
      const Object *Properties = Run->getObject("properties");
      if (Properties) {
        Out.TranslationUnits +=
            Properties->getInteger("leakguard/translationUnits").value_or(0);
        if (auto Tag = shardTag(In, Properties->getObject("leakguard/shard")))
          Tags.push_back(std::move(*Tag));
      }
      Array *Results = Run->getArray("results");
      if (!Results)
        continue;
      unsigned Index = 0;
      for (Value &Result : *Results) {
        Object *R = Result.getAsObject();
        const Object *Prints =
            R ? R->getObject("partialFingerprints") : nullptr;
        auto Print = Prints ? Prints->getString(FingerprintKey) : std::nullopt;
        const Array *Locations = R ? R->getArray("locations") : nullptr;
        if (!Print || !Locations || Locations->empty())
          return inputError(In, "result " + llvm::Twine(Index) +
                                    " has no location or no '" +
                                    FingerprintKey + "' fingerprint");
        Item I;
        I.Rule = R->getString("ruleId").value_or("").str();
        const Object *Message = R->getObject("message");
        I.Message =
            Message ? Message->getString("text").value_or("").str() : "";
        I.Fingerprint = Print->str();
        const Object *Loc = (*Locations)[0].getAsObject();
        const Object *Physical =
            Loc ? Loc->getObject("physicalLocation") : nullptr;
        auto [Path, Line] = sarifPlace(Physical);
        I.Path = Path;
        I.Line = Line;
        const Object *Region =
            Physical ? Physical->getObject("region") : nullptr;
        I.Column = Region ? Region->getInteger("startColumn").value_or(0) : 0;
        I.Places.push_back({Path, Line});
        if (const Array *Related = R->getArray("relatedLocations"))
          for (const Value &Note : *Related)
            if (const Object *NoteObj = Note.getAsObject())
              I.Places.push_back(
                  sarifPlace(NoteObj->getObject("physicalLocation")));
        I.Body = std::move(Result);
        Items.push_back(std::move(I));
        ++Index;
      }
    }
  }
  std::vector<std::string> Problems = checkShards(Tags, Inputs.size());
  settle(Items, Filters, Out);

  Array Results;
  for (Item &I : Items) {
    Object *R = I.Body.getAsObject();
    if (auto Index = RuleIndex.find(I.Rule); Index != RuleIndex.end())
      (*R)["ruleIndex"] = Index->second;
    (*R)["partialFingerprints"] = Object{{FingerprintKey, I.Fingerprint}};
    Results.push_back(std::move(I.Body));
  }
  if (!Problems.empty()) {
    Array Notes;
    for (const std::string &Problem : Problems)
      Notes.push_back(
          Object{{"level", "error"}, {"message", Object{{"text", Problem}}}});
    Invocations.push_back(
        Object{{"executionSuccessful", false},
               {"toolExecutionNotifications", std::move(Notes)}});
    Out.Errors += Problems.size();
  }
  Out.Problems = Problems;

  Object Run = *FirstRun;
  Object Driver = *Run.getObject("tool")->getObject("driver");
  Driver["rules"] = std::move(Rules);
  Run["tool"] = Object{{"driver", std::move(Driver)}};
  Run["invocations"] = std::move(Invocations);
  Run["results"] = std::move(Results);
  Run["properties"] =
      Object{{"leakguard/translationUnits", Out.TranslationUnits}};
  Object Log = *Inputs.front().Log.getAsObject();
  Log["runs"] = Array{std::move(Run)};
  Out.Log = std::move(Log);
  return Out;
}

llvm::Expected<MergeOutcome> mergeJson(std::vector<MergeInput> &Inputs,
                                       const MergeFilters &Filters) {
  MergeOutcome Out;
  Out.Kind = ReportKind::Json;
  std::vector<Item> Items;
  std::vector<ShardTag> Tags;
  std::vector<std::pair<std::pair<std::string, std::string>, Value>> Errors;
  for (MergeInput &In : Inputs) {
    Object *Top = In.Log.getAsObject();
    if (Top->getString("format") != "leakguard-findings/1")
      return inputError(In, "JSON that is not leakguard's report "
                            "(\"format\": \"leakguard-findings/1\")");
    if (const Object *Summary = Top->getObject("summary")) {
      Out.TranslationUnits +=
          Summary->getInteger("translationUnits").value_or(0);
      Out.SuppressedByBaseline +=
          Summary->getInteger("suppressedByBaseline").value_or(0);
      Out.OutsideDiff += Summary->getInteger("outsideDiff").value_or(0);
    }
    if (auto Tag = shardTag(In, Top->getObject("shard")))
      Tags.push_back(std::move(*Tag));
    if (Array *InErrors = Top->getArray("errors"))
      for (Value &E : *InErrors) {
        const Object *EO = E.getAsObject();
        std::string File = EO ? EO->getString("file").value_or("").str() : "";
        std::string Message =
            EO ? EO->getString("message").value_or("").str() : "";
        Errors.push_back({{File, Message}, std::move(E)});
      }
    Array *Findings = Top->getArray("findings");
    if (!Findings)
      return inputError(In, "no \"findings\" array");
    unsigned Index = 0;
    for (Value &F : *Findings) {
      const Object *FO = F.getAsObject();
      auto Print = FO ? FO->getString("fingerprint") : std::nullopt;
      if (!Print)
        return inputError(In, "finding " + llvm::Twine(Index) +
                                  " has no fingerprint");
      Item I;
      I.Rule = FO->getString("rule").value_or("").str();
      I.Message = FO->getString("message").value_or("").str();
      I.Path = FO->getString("file").value_or("").str();
      I.Line = FO->getInteger("line").value_or(0);
      I.Column = FO->getInteger("column").value_or(0);
      I.Fingerprint = Print->str();
      I.Places.push_back({I.Path, I.Line});
      if (const Array *Notes = FO->getArray("notes"))
        for (const Value &N : *Notes)
          if (const Object *NO = N.getAsObject())
            I.Places.push_back({NO->getString("file").value_or("").str(),
                                unsigned(NO->getInteger("line").value_or(0))});
      I.Body = std::move(F);
      Items.push_back(std::move(I));
      ++Index;
    }
  }
  std::vector<std::string> Problems = checkShards(Tags, Inputs.size());
  settle(Items, Filters, Out);
  Array Findings;
  for (Item &I : Items) {
    (*I.Body.getAsObject())["fingerprint"] = I.Fingerprint;
    Findings.push_back(std::move(I.Body));
  }
  for (const std::string &Problem : Problems)
    Errors.push_back(
        {{"", Problem}, Object{{"file", ""}, {"message", Problem}}});
  std::stable_sort(
      Errors.begin(), Errors.end(),
      [](const auto &A, const auto &B) { return A.first < B.first; });
  Array ErrorArray;
  for (auto &E : Errors)
    ErrorArray.push_back(std::move(E.second));
  Out.Errors = ErrorArray.size();
  Out.Problems = Problems;
  Object Log = *Inputs.front().Log.getAsObject();
  Log.erase("shard");
  Log["findings"] = std::move(Findings);
  Log["errors"] = std::move(ErrorArray);
  Log["summary"] = Object{{"translationUnits", Out.TranslationUnits},
                          {"findings", Out.Findings},
                          {"errors", Out.Errors},
                          {"suppressedByBaseline", Out.SuppressedByBaseline},
                          {"outsideDiff", Out.OutsideDiff}};
  Out.Log = std::move(Log);
  return Out;
}

} // namespace

llvm::Expected<MergeOutcome> mergeReports(std::vector<MergeInput> Inputs,
                                          const MergeFilters &Filters) {
  if (Inputs.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no reports to merge");
  std::optional<ReportKind> Kind;
  for (const MergeInput &In : Inputs) {
    const Object *Top = In.Log.getAsObject();
    std::optional<ReportKind> This;
    if (Top && Top->getArray("runs"))
      This = ReportKind::Sarif;
    else if (Top && (Top->get("format") || Top->get("findings")))
      This = ReportKind::Json;
    else
      return inputError(In, "not a SARIF log or a leakguard JSON report");
    if (Kind && *Kind != *This)
      return inputError(
          In, llvm::formatv("a {0} report among {1} reports; "
                            "merge reports of one format",
                            *This == ReportKind::Sarif ? "SARIF" : "JSON",
                            *Kind == ReportKind::Sarif ? "SARIF" : "JSON")
                  .str());
    Kind = This;
  }
  return *Kind == ReportKind::Sarif ? mergeSarif(Inputs, Filters)
                                    : mergeJson(Inputs, Filters);
}

} // namespace leakguard::report
