//===--- ConfigCheck.cpp - configuration errors, before any analysis ------===//

#include "ConfigCheck.h"
#include "report/ExportFixes.h"
#include "report/Findings.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

namespace leakguard {
namespace {

std::string readOrEmpty(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  return Buffer ? (*Buffer)->getBuffer().str() : std::string();
}

/// What a child wrote, and how it ended.
struct ChildOutput {
  int Status = -1;
  std::string Out, Err;
};

ChildOutput runCapturing(llvm::StringRef Program,
                         llvm::ArrayRef<std::string> Args) {
  ChildOutput Result;
  llvm::SmallString<128> OutPath, ErrPath;
  if (llvm::sys::fs::createTemporaryFile("leakguard-config", "out", OutPath) ||
      llvm::sys::fs::createTemporaryFile("leakguard-config", "err", ErrPath))
    return Result;
  llvm::FileRemover RemoveOut(OutPath), RemoveErr(ErrPath);
  std::vector<llvm::StringRef> Refs(Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutPath), llvm::StringRef(ErrPath)};
  Result.Status =
      llvm::sys::ExecuteAndWait(Program, Refs, std::nullopt, Redirects);
  Result.Out = readOrEmpty(OutPath);
  Result.Err = readOrEmpty(ErrPath);
  return Result;
}

/// The `.clang-tidy` nearest to \p File, looking up from its directory, as
/// clang-tidy looks; empty when there is none.
std::string nearestConfigFile(llvm::StringRef File) {
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(File); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ".clang-tidy");
    if (llvm::sys::fs::is_regular_file(Candidate))
      return std::string(Candidate);
  }
  return "";
}

/// The value of scalar \p N, or "" when it is not a scalar.
std::string scalarText(llvm::yaml::Node *N) {
  auto *Scalar = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(N);
  if (!Scalar)
    return "";
  llvm::SmallString<64> Storage;
  return Scalar->getValue(Storage).str();
}

/// Calls \p Visit with each top-level key and value of each document of the
/// YAML \p Text until it returns a location.
std::optional<LineColumn> findInTopLevel(
    llvm::StringRef Text,
    llvm::function_ref<std::optional<llvm::SMLoc>(llvm::StringRef Key,
                                                  llvm::yaml::Node *Value)>
        Visit) {
  llvm::SourceMgr SM;
  // Broken YAML is reported by clang-tidy itself; stay silent here.
  SM.setDiagHandler([](const llvm::SMDiagnostic &, void *) {});
  llvm::yaml::Stream Stream(Text, SM, /*ShowColors=*/false);
  for (llvm::yaml::Document &Doc : Stream) {
    auto *Top = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(Doc.getRoot());
    if (!Top)
      continue;
    for (llvm::yaml::KeyValueNode &Entry : *Top) {
      std::string Key = scalarText(Entry.getKey());
      if (std::optional<llvm::SMLoc> Loc = Visit(Key, Entry.getValue()))
        return SM.getLineAndColumn(*Loc);
    }
  }
  return std::nullopt;
}

/// A problem and the files, lines and columns that locate it.
struct Problem {
  std::string Where; ///< "path:line:column", "path" or "--config".
  std::string What;
};

class ConfigChecker {
public:
  explicit ConfigChecker(const ConfigSources &Sources) : Sources(Sources) {}

  void check(llvm::StringRef File);
  const std::vector<Problem> &problems() const { return Problems; }

private:
  void verify(llvm::StringRef File);
  void probeValues(llvm::StringRef File);
  void add(std::string Where, std::string What);
  /// "path:line:col" of option \p Key (or, without a '.', of a check name
  /// when \p Check) in the configuration \p Source names.
  std::string locate(llvm::StringRef Source, llvm::StringRef Key, bool OfValue,
                     bool Check);
  /// Where option \p Key is set for \p File: --config, --config-file, then
  /// the .clang-tidy files from the nearest up.
  std::string locateForFile(llvm::StringRef File, llvm::StringRef Key);
  std::string display(llvm::StringRef Path) const {
    return report::displayPath(Sources.Root, Path);
  }

  const ConfigSources &Sources;
  std::vector<Problem> Problems;
  llvm::StringSet<> Seen;
};

void ConfigChecker::add(std::string Where, std::string What) {
  if (Seen.insert(Where + "\n" + What).second)
    Problems.push_back({std::move(Where), std::move(What)});
}

std::string ConfigChecker::locate(llvm::StringRef Source, llvm::StringRef Key,
                                  bool OfValue, bool Check) {
  bool CommandLine = Source.starts_with("command-line option");
  std::string Text =
      CommandLine ? Sources.ConfigText : readOrEmpty(Source.str());
  std::string Name = CommandLine ? "--config" : display(Source);
  std::optional<LineColumn> At =
      Check ? findConfigCheck(Text, Key) : findConfigOption(Text, Key, OfValue);
  if (!At)
    return Name;
  return Name + ":" + std::to_string(At->first) + ":" +
         std::to_string(At->second);
}

std::string ConfigChecker::locateForFile(llvm::StringRef File,
                                         llvm::StringRef Key) {
  if (!Sources.ConfigText.empty() &&
      findConfigOption(Sources.ConfigText, Key, /*OfValue=*/true))
    return locate("command-line option '-config'", Key, true, false);
  if (!Sources.ConfigFile.empty())
    return locate(Sources.ConfigFile, Key, true, false);
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(File); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, ".clang-tidy");
    if (llvm::sys::fs::is_regular_file(Candidate) &&
        findConfigOption(readOrEmpty(Candidate), Key, /*OfValue=*/true))
      return locate(Candidate, Key, true, false);
  }
  return "";
}

/// Whether an unknown option \p Key (with clang-tidy's suggestion
/// \p Suggestion) is a mistake rather than another tool's option: an option
/// of a leak- check, or a typo of a known global option.
bool isOurs(llvm::StringRef Key, llvm::StringRef Suggestion) {
  return Key.starts_with("leak-") || Suggestion.starts_with("leak-") ||
         (!Key.contains('.') && !Suggestion.empty());
}

void ConfigChecker::verify(llvm::StringRef File) {
  std::vector<std::string> Args = {Sources.TidyPath, "--verify-config"};
  Args.insert(Args.end(), Sources.Options.begin(), Sources.Options.end());
  Args.push_back(File.str());
  Args.push_back("--");
  ChildOutput Result = runCapturing(Sources.TidyPath, Args);

  // "<file>:<line>:<col>: error: <what>" for YAML that cannot be read; the
  // warnings of --verify-config for unknown checks and options.
  llvm::Regex YamlError("^(.*):([0-9]+):([0-9]+): error: (.*)$");
  llvm::Regex ParseFailed("^Error parsing (.*): (.*)$");
  llvm::Regex UnknownOption(
      "^(.*): warning: unknown check option '([^']*)'"
      "(; did you mean '([^']*)')? \\[-verify-config\\]$");
  llvm::Regex UnknownCheck("^(.*): warning: unknown check '([^']*)'"
                           "(; did you mean '([^']*)')? \\[-verify-config\\]$");
  llvm::Regex NoMatch("^(.*): warning: check glob '([^']*)' doesn't match any "
                      "known check \\[-verify-config\\]$");
  llvm::StringSet<> Malformed;
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  llvm::StringRef(Result.Err).split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Line : Lines) {
    Line = Line.rtrim();
    llvm::SmallVector<llvm::StringRef, 5> M;
    if (YamlError.match(Line, &M)) {
      bool CommandLine = M[1] == "<command-line-config>";
      std::string Where =
          (CommandLine ? std::string("--config") : display(M[1])) + ":" +
          M[2].str() + ":" + M[3].str();
      // clang-tidy reads a file several times; its first error is enough.
      if (Malformed.insert(CommandLine ? "--config" : M[1]).second)
        add(Where, "malformed configuration: " + M[4].str());
    } else if (ParseFailed.match(Line, &M)) {
      if (Malformed.insert(M[1]).second)
        add(display(M[1]), "malformed configuration: " + M[2].str());
    } else if (UnknownOption.match(Line, &M)) {
      if (!isOurs(M[2], M[4]))
        continue;
      std::string What = "unknown option '" + M[2].str() + "'";
      if (!M[4].empty())
        What += "; did you mean '" + M[4].str() + "'?";
      add(locate(M[1], M[2], /*OfValue=*/false, /*Check=*/false), What);
    } else if (UnknownCheck.match(Line, &M)) {
      if (!M[2].starts_with("leak-"))
        continue;
      std::string What = "unknown check '" + M[2].str() + "'";
      if (!M[4].empty())
        What += "; did you mean '" + M[4].str() + "'?";
      add(locate(M[1], M[2], false, /*Check=*/true), What);
    } else if (NoMatch.match(Line, &M)) {
      if (!M[2].ltrim('-').starts_with("leak-"))
        continue;
      add(locate(M[1], M[2], false, /*Check=*/true),
          "check glob '" + M[2].str() + "' matches no check");
    }
  }
}

void ConfigChecker::probeValues(llvm::StringRef File) {
  // Every enabled check reads its options when it is built, once per
  // translation unit: an empty one reports each invalid value once. It is
  // placed, virtually (--vfsoverlay), next to File, so that clang-tidy finds
  // the same .clang-tidy files. (--dump-config would not do: it prints the
  // values the checks made of the options, not what the files say.)
  llvm::SmallString<128> OverlayPath, EmptyPath, FixesPath;
  if (llvm::sys::fs::createTemporaryFile("leakguard-overlay", "yaml",
                                         OverlayPath) ||
      llvm::sys::fs::createTemporaryFile("leakguard-probe", "cc", EmptyPath) ||
      llvm::sys::fs::createTemporaryFile("leakguard-probe", "yaml", FixesPath))
    return;
  llvm::FileRemover RemoveOverlay(OverlayPath), RemoveEmpty(EmptyPath),
      RemoveFixes(FixesPath);
  llvm::sys::fs::remove(FixesPath);
  llvm::SmallString<256> Probe(llvm::sys::path::parent_path(File));
  llvm::sys::path::append(Probe, "leakguard-config-probe.cc");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(OverlayPath, EC);
    if (EC)
      return;
    // The overlay's YAML, written as JSON (which YAML reads).
    llvm::json::Object Entry{{"name", "leakguard-config-probe.cc"},
                             {"type", "file"},
                             {"external-contents", EmptyPath.str()}};
    llvm::json::Object Root{{"name", llvm::sys::path::parent_path(File)},
                            {"type", "directory"},
                            {"contents", llvm::json::Array{std::move(Entry)}}};
    OS << llvm::json::Value(llvm::json::Object{
        {"version", 0}, {"roots", llvm::json::Array{std::move(Root)}}});
  }
  std::vector<std::string> Args = {Sources.TidyPath,
                                   ("--vfsoverlay=" + OverlayPath).str()};
  Args.insert(Args.end(), Sources.Options.begin(), Sources.Options.end());
  Args.push_back("--quiet");
  Args.push_back(("--export-fixes=" + FixesPath).str());
  Args.push_back(Probe.str().str());
  Args.push_back("--");
  ChildOutput Result = runCapturing(Sources.TidyPath, Args);
  if (Result.Status < 0)
    return;
  auto Docs = report::parseExportFixes(readOrEmpty(FixesPath), FixesPath.str());
  if (!Docs) {
    llvm::consumeError(Docs.takeError());
    return;
  }
  llvm::Regex OptionName("for option '([^']*)'");
  for (const report::TidyDiagnostics &Doc : *Docs)
    for (const report::TidyDiagnostic &D : Doc.Diagnostics) {
      if (D.DiagnosticName != "clang-tidy-config")
        continue;
      llvm::SmallVector<llvm::StringRef, 2> M;
      std::string Where;
      if (OptionName.match(D.DiagnosticMessage.Message, &M))
        Where = locateForFile(File, M[1]);
      add(Where.empty() ? "configuration" : Where, D.DiagnosticMessage.Message);
    }
}

void ConfigChecker::check(llvm::StringRef File) {
  size_t Before = Problems.size();
  verify(File);
  // Values are checked only in a configuration that could be read.
  if (Problems.size() == Before)
    probeValues(File);
}

} // namespace

std::optional<LineColumn> findConfigOption(llvm::StringRef Text,
                                           llvm::StringRef Key, bool OfValue) {
  auto Pick = [&](llvm::yaml::Node *K,
                  llvm::yaml::Node *V) -> std::optional<llvm::SMLoc> {
    llvm::yaml::Node *N = OfValue ? V : K;
    if (!N)
      return std::nullopt;
    return N->getSourceRange().Start;
  };
  return findInTopLevel(
      Text,
      [&](llvm::StringRef TopKey,
          llvm::yaml::Node *Value) -> std::optional<llvm::SMLoc> {
        if (TopKey != "CheckOptions")
          return std::nullopt;
        // CheckOptions: {Key: Value}
        if (auto *Map = llvm::dyn_cast_or_null<llvm::yaml::MappingNode>(Value))
          for (llvm::yaml::KeyValueNode &Option : *Map) {
            llvm::yaml::Node *K = Option.getKey();
            if (scalarText(K) == Key)
              return Pick(K, Option.getValue());
          }
        // CheckOptions: [{key: Key, value: Value}]
        if (auto *List =
                llvm::dyn_cast_or_null<llvm::yaml::SequenceNode>(Value))
          for (llvm::yaml::Node &Item : *List) {
            auto *Pair = llvm::dyn_cast<llvm::yaml::MappingNode>(&Item);
            if (!Pair)
              continue;
            llvm::yaml::Node *K = nullptr, *V = nullptr;
            for (llvm::yaml::KeyValueNode &Field : *Pair) {
              std::string Name = scalarText(Field.getKey());
              if (Name == "key" && scalarText(Field.getValue()) == Key)
                K = Field.getValue();
              else if (Name == "value")
                V = Field.getValue();
            }
            if (K)
              return Pick(K, V ? V : K);
          }
        return std::nullopt;
      });
}

std::optional<LineColumn> findConfigCheck(llvm::StringRef Text,
                                          llvm::StringRef Pattern) {
  return findInTopLevel(
      Text,
      [&](llvm::StringRef TopKey,
          llvm::yaml::Node *Value) -> std::optional<llvm::SMLoc> {
        auto *Scalar = llvm::dyn_cast_or_null<llvm::yaml::ScalarNode>(Value);
        if (TopKey != "Checks" || !Scalar)
          return std::nullopt;
        llvm::StringRef Raw = Scalar->getRawValue();
        size_t At = Raw.find(Pattern);
        llvm::SMLoc Start = Scalar->getSourceRange().Start;
        return At == llvm::StringRef::npos
                   ? Start
                   : llvm::SMLoc::getFromPointer(Start.getPointer() + At);
      });
}

llvm::Error checkConfiguration(const ConfigSources &Sources,
                               llvm::ArrayRef<std::string> Files) {
  // One unit per distinct nearest .clang-tidy stands for all the others.
  std::vector<std::string> Representatives;
  llvm::StringSet<> ConfigFiles;
  for (const std::string &File : Files)
    if (ConfigFiles.insert(nearestConfigFile(File)).second)
      Representatives.push_back(File);
  ConfigChecker Checker(Sources);
  for (const std::string &File : Representatives)
    Checker.check(File);
  const std::vector<Problem> &Problems = Checker.problems();
  if (Problems.empty())
    return llvm::Error::success();
  std::string Message = Problems[0].Where + ": " + Problems[0].What;
  if (Problems.size() > 1)
    Message += " (and " + std::to_string(Problems.size() - 1) + " more " +
               (Problems.size() == 2 ? "problem" : "problems") +
               " in the configuration)";
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

} // namespace leakguard
