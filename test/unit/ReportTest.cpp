//===--- ReportTest.cpp - export-fixes, findings, SARIF/JSON, baselines ---===//

#include "report/ExportFixes.h"
#include "report/Findings.h"
#include "report/Fingerprint.h"
#include "report/ReportFormats.h"
#include "gtest/gtest.h"

using namespace leakguard::report;

namespace leakguard::test {
namespace {

// What clang-tidy 19 writes, plus a key a newer version might add.
const char *const TidyYaml = R"(---
MainSourceFile:  '/p/src/a.cpp'
Diagnostics:
  - DiagnosticName:  leak-manual-lock
    DiagnosticMessage:
      Message:         'mutex ''mu'' is not unlocked'
      FilePath:        '/p/src/a.cpp'
      FileOffset:      13
      Replacements:
        - FilePath:        '/p/src/a.cpp'
          Offset:          13
          Length:          9
          ReplacementText: 'std::scoped_lock lock(mu)'
      Ranges:
        - FilePath:        '/p/src/a.cpp'
          FileOffset:      13
          Length:          9
    Notes:
      - Message:         'still locked here'
        FilePath:        '/p/src/a.cpp'
        FileOffset:      40
        Replacements:    []
    Level:           Warning
    BuildDirectory:  '/p/build'
    FutureKey:       42
  - DiagnosticName:  clang-diagnostic-error
    DiagnosticMessage:
      Message:         'use of undeclared identifier ''y'''
      FilePath:        '/p/src/a.cpp'
      FileOffset:      44
      Replacements:    []
    Level:           Error
    BuildDirectory:  '/p/build'
...
)";

const char *const Source = "void f() {\n  mu.lock();\n  if (x)\n    return "
                           "y;\n  mu.unlock();\n}\n";

TEST(SourceTextTest, Utf16ColumnsCountSurrogatePairsOfValidSequencesOnly) {
  // U+1F600 is a surrogate pair; a lone 4-byte lead (invalid) is one unit.
  SourceText Valid("a\xF0\x9F\x98\x80" "b");
  EXPECT_EQ(Valid.position(5).Column, 6u);
  EXPECT_EQ(Valid.position(5).Utf16Column, 4u);
  SourceText Invalid("a\xF4 b");
  EXPECT_EQ(Invalid.position(3).Column, 4u);
  EXPECT_EQ(Invalid.position(3).Utf16Column, 4u);
}

TEST(ExportFixesTest, ParsesClangTidyOutput) {
  auto Docs = parseExportFixes(TidyYaml, "a.yaml");
  ASSERT_TRUE(bool(Docs)) << llvm::toString(Docs.takeError());
  ASSERT_EQ(Docs->size(), 1u);
  const TidyDiagnostics &Doc = (*Docs)[0];
  EXPECT_EQ(Doc.MainSourceFile, "/p/src/a.cpp");
  ASSERT_EQ(Doc.Diagnostics.size(), 2u);
  const TidyDiagnostic &D = Doc.Diagnostics[0];
  EXPECT_EQ(D.DiagnosticName, "leak-manual-lock");
  EXPECT_EQ(D.DiagnosticMessage.Message, "mutex 'mu' is not unlocked");
  ASSERT_EQ(D.DiagnosticMessage.Replacements.size(), 1u);
  EXPECT_EQ(D.DiagnosticMessage.Replacements[0].ReplacementText,
            "std::scoped_lock lock(mu)");
  ASSERT_EQ(D.Notes.size(), 1u);
  EXPECT_EQ(D.Notes[0].FileOffset, 40u);
  EXPECT_EQ(Doc.Diagnostics[1].Level, "Error");
}

TEST(ExportFixesTest, RoundTripsAndReadsSeveralDocuments) {
  auto Docs = parseExportFixes(TidyYaml, "a.yaml");
  ASSERT_TRUE(bool(Docs));
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeExportFixes((*Docs)[0], OS);
  writeExportFixes((*Docs)[0], OS);
  EXPECT_NE(Out.find("    Level:           Warning\n"), std::string::npos);
  EXPECT_NE(Out.find("        Replacements:    []\n"), std::string::npos);
  auto Again = parseExportFixes(Out, "out.yaml");
  ASSERT_TRUE(bool(Again)) << llvm::toString(Again.takeError());
  ASSERT_EQ(Again->size(), 2u);
  EXPECT_EQ((*Again)[1].Diagnostics[0].DiagnosticMessage.Replacements[0].Offset,
            13u);
}

TEST(ExportFixesTest, MissingOptionalKeysKeepTheirDefaults) {
  auto Docs = parseExportFixes("MainSourceFile: 'a.cpp'\n"
                               "Diagnostics:\n"
                               "  - DiagnosticName: leak-x\n"
                               "    DiagnosticMessage:\n"
                               "      Message: 'm'\n",
                               "short.yaml");
  ASSERT_TRUE(bool(Docs)) << llvm::toString(Docs.takeError());
  const TidyDiagnostic &D = (*Docs)[0].Diagnostics[0];
  EXPECT_EQ(D.Level, "Warning");
  EXPECT_TRUE(D.DiagnosticMessage.Replacements.empty());
  EXPECT_TRUE(D.Notes.empty());
}

TEST(ExportFixesTest, ReportsMalformedInput) {
  auto Docs = parseExportFixes("MainSourceFile: [\n", "bad.yaml");
  ASSERT_FALSE(bool(Docs));
  EXPECT_NE(llvm::toString(Docs.takeError())
                .find("malformed export-fixes file 'bad.yaml': "),
            std::string::npos);
  auto Empty = parseExportFixes("", "empty.yaml");
  ASSERT_TRUE(bool(Empty));
  EXPECT_TRUE(Empty->empty());
}

/// A report over TidyYaml with /p/src/a.cpp holding Source.
Report makeReport(SourceCache &Sources) {
  Sources.set("/p/src/a.cpp", Source);
  Report R;
  R.Root = "/p";
  auto Docs = parseExportFixes(TidyYaml, "a.yaml");
  EXPECT_TRUE(bool(Docs));
  addDiagnostics(R, (*Docs)[0], "/p/src/a.cpp", Sources);
  finalizeFindings(R, Sources);
  return R;
}

TEST(FindingsTest, ResolvesPositionsAndTurnsCompilerErrorsIntoRunErrors) {
  SourceCache Sources;
  Report R = makeReport(Sources);
  ASSERT_EQ(R.Findings.size(), 1u);
  const Finding &F = R.Findings[0];
  EXPECT_EQ(F.Rule, "leak-manual-lock");
  EXPECT_EQ(F.Level, "warning");
  EXPECT_EQ(F.Loc.DisplayPath, "src/a.cpp");
  EXPECT_EQ(F.Loc.Pos.Line, 2u);
  EXPECT_EQ(F.Loc.Pos.Column, 3u);
  ASSERT_EQ(F.Fixes.size(), 1u);
  EXPECT_EQ(F.Fixes[0].End.Line, 2u);
  EXPECT_EQ(F.Fixes[0].End.Column, 12u);
  ASSERT_EQ(F.Notes.size(), 1u);
  EXPECT_EQ(F.Notes[0].Loc.Pos.Line, 4u);
  EXPECT_EQ(F.Fingerprint,
            lineContextFingerprint("leak-manual-lock", "src/a.cpp",
                                   *Sources.get("/p/src/a.cpp"), 2));
  ASSERT_EQ(R.Errors.size(), 1u);
  EXPECT_EQ(R.Errors[0].DisplayPath, "src/a.cpp");
  EXPECT_EQ(R.Errors[0].Message,
            "1 compiler error, the first: src/a.cpp:4:12: use of undeclared "
            "identifier 'y'");
}

// -Werror and the warnings that are errors by default (implicit function
// declarations in C99) come under the warning's name at level Error: they
// are compiler errors of the unit, not findings.
TEST(FindingsTest, WarningsMadeErrorsAreCompilerErrors) {
  SourceCache Sources;
  Sources.set("/p/a.c", "int f(void) { return g(); }\n");
  TidyDiagnostics Diags;
  TidyDiagnostic D;
  D.DiagnosticName = "clang-diagnostic-implicit-function-declaration";
  D.Level = "Error";
  D.DiagnosticMessage = {
      "call to undeclared function 'g'", "/p/a.c", 21, {}, {}};
  Diags.Diagnostics.push_back(D);
  D.DiagnosticName = "clang-diagnostic-unused-variable";
  D.Level = "Warning";
  Diags.Diagnostics.push_back(D);
  EXPECT_TRUE(isCompilerError(Diags.Diagnostics[0]));
  EXPECT_FALSE(isCompilerError(Diags.Diagnostics[1]));
  Report R;
  R.Root = "/p";
  addDiagnostics(R, Diags, "/p/a.c", Sources);
  ASSERT_EQ(R.Errors.size(), 1u);
  EXPECT_EQ(R.Errors[0].Message, "1 compiler error, the first: a.c:1:22: "
                                 "call to undeclared function 'g'");
  ASSERT_EQ(R.Findings.size(), 1u);
  EXPECT_EQ(R.Findings[0].Rule, "clang-diagnostic-unused-variable");
}

TEST(FindingsTest, MergesDuplicatesAndNumbersIdenticalFindings) {
  SourceCache Sources;
  Sources.set("/p/h.h", "x();\nlock();\ny();\nlock();\ny();\n");
  TidyDiagnostics Diags;
  auto Add = [&](unsigned Offset) {
    TidyDiagnostic D;
    D.DiagnosticName = "leak-manual-lock";
    D.DiagnosticMessage = {"m", "/p/h.h", Offset, {}, {}};
    Diags.Diagnostics.push_back(D);
  };
  Add(5);  // line 2
  Add(18); // line 4: same line text, different neighbours
  Add(5);  // the same finding again, from another unit
  Report R;
  R.Root = "/p";
  addDiagnostics(R, Diags, "/p/a.cpp", Sources);
  addDiagnostics(R, Diags, "/p/b.cpp", Sources);
  finalizeFindings(R, Sources);
  ASSERT_EQ(R.Findings.size(), 2u);
  EXPECT_NE(R.Findings[0].Fingerprint, R.Findings[1].Fingerprint);

  // Identical text and neighbours: told apart by an occurrence number.
  SourceCache Same;
  Same.set("/p/s.h", "a();\nlock();\na();\nlock();\na();\n");
  TidyDiagnostics Twins;
  for (unsigned Offset : {5u, 18u}) {
    TidyDiagnostic D;
    D.DiagnosticName = "leak-manual-lock";
    D.DiagnosticMessage = {"m", "/p/s.h", Offset, {}, {}};
    Twins.Diagnostics.push_back(D);
  }
  Report T;
  T.Root = "/p";
  addDiagnostics(T, Twins, "/p/a.cpp", Same);
  finalizeFindings(T, Same);
  ASSERT_EQ(T.Findings.size(), 2u);
  EXPECT_EQ(T.Findings[1].Fingerprint, T.Findings[0].Fingerprint + ":2");
}

TEST(ReportFormatsTest, SarifHasRulesResultsFixesAndNotifications) {
  SourceCache Sources;
  Report R = makeReport(Sources);
  RuleInfo Rule{"leak-manual-lock", "Short.", "Full paragraph.",
                "https://example.com/leak-manual-lock.md"};
  ToolInfo Tool;
  Tool.Version = "1.2.3";
  llvm::json::Value Log = toSarif(R, {Rule}, Tool);
  const llvm::json::Object *Run =
      (*Log.getAsObject()->getArray("runs"))[0].getAsObject();
  const llvm::json::Array *Rules =
      Run->getObject("tool")->getObject("driver")->getArray("rules");
  ASSERT_EQ(Rules->size(), 1u);
  EXPECT_EQ(*(*Rules)[0].getAsObject()->getString("helpUri"),
            "https://example.com/leak-manual-lock.md");
  const llvm::json::Object *Result =
      (*Run->getArray("results"))[0].getAsObject();
  EXPECT_EQ(
      *Result->getObject("partialFingerprints")->getString(FingerprintKey),
      R.Findings[0].Fingerprint);
  EXPECT_EQ(Result->getArray("fixes")->size(), 1u);
  EXPECT_EQ(Result->getArray("relatedLocations")->size(), 1u);
  const llvm::json::Object *Invocation =
      (*Run->getArray("invocations"))[0].getAsObject();
  EXPECT_EQ(Invocation->getBoolean("executionSuccessful"), false);
  EXPECT_EQ(Invocation->getArray("toolExecutionNotifications")->size(), 1u);
}

TEST(ReportFormatsTest, UnknownRulesGetAPlainEntry) {
  SourceCache Sources;
  Report R = makeReport(Sources);
  llvm::json::Value Log = toSarif(R, {}, ToolInfo());
  const llvm::json::Object *Run =
      (*Log.getAsObject()->getArray("runs"))[0].getAsObject();
  const llvm::json::Array *Rules =
      Run->getObject("tool")->getObject("driver")->getArray("rules");
  ASSERT_EQ(Rules->size(), 1u);
  EXPECT_EQ(*(*Rules)[0].getAsObject()->getString("id"), "leak-manual-lock");
}

TEST(ReportFormatsTest, FileUrisAreEscaped) {
  EXPECT_EQ(fileUri("/p/with space/a#b.cpp"),
            "file:///p/with%20space/a%23b.cpp");
}

TEST(ReportFormatsTest, BaselinesFromSarifAndJson) {
  SourceCache Sources;
  Report R = makeReport(Sources);
  std::string Sarif, Json;
  llvm::raw_string_ostream(Sarif) << toSarif(R, {}, ToolInfo());
  llvm::raw_string_ostream(Json) << toJson(R, ToolInfo());
  for (const std::string &Text : {Sarif, Json}) {
    auto Prints = readBaseline(Text, "b");
    ASSERT_TRUE(bool(Prints)) << llvm::toString(Prints.takeError());
    EXPECT_EQ(Prints->size(), 1u);
    EXPECT_EQ(Prints->lookup(R.Findings[0].Fingerprint), 1u);
    Report Copy = R;
    applyBaseline(Copy, *Prints);
    EXPECT_TRUE(Copy.Findings.empty());
    EXPECT_EQ(Copy.SuppressedByBaseline, 1u);
  }
  auto Bad = readBaseline("[1, 2]", "b.json");
  ASSERT_FALSE(bool(Bad));
  EXPECT_EQ(llvm::toString(Bad.takeError()),
            "unreadable baseline 'b.json': not a SARIF log or a leakguard "
            "JSON report");
}

/// The message of readBaseline's error on \p Text.
std::string baselineError(llvm::StringRef Text) {
  auto Prints = readBaseline(Text, "b.json");
  if (Prints)
    return "accepted";
  return llvm::toString(Prints.takeError());
}

TEST(ReportFormatsTest, BaselinesOfAnotherVersionOrToolAreRefused) {
  // leakguard's JSON of another format version.
  EXPECT_EQ(baselineError(R"({"format": "leakguard-findings/2",
                              "findings": [{"fingerprint": "ab"}]})"),
            "unreadable baseline 'b.json': format 'leakguard-findings/2'; "
            "this leakguard reads 'leakguard-findings/1'");
  // Another tool's JSON that happens to have findings with fingerprints.
  EXPECT_EQ(baselineError(R"({"findings": [{"fingerprint": "ab"}]})"),
            "unreadable baseline 'b.json': JSON without leakguard's "
            "\"format\" key; --baseline reads what --write-baseline writes "
            "(\"format\": \"leakguard-findings/1\") or leakguard's SARIF");
  // A leakguard JSON finding without a fingerprint.
  EXPECT_EQ(baselineError(R"({"format": "leakguard-findings/1",
                              "findings": [{"rule": "leak-x"}]})"),
            "unreadable baseline 'b.json': finding 0 has no fingerprint");
  // Another tool's SARIF, and SARIF of another version.
  EXPECT_EQ(baselineError(R"({"version": "2.1.0", "runs": [{"tool":
                              {"driver": {"name": "CodeQL"}}, "results": []}]})"),
            "unreadable baseline 'b.json': a SARIF log of 'CodeQL', not of "
            "leakguard: its results have no leakguard fingerprints");
  EXPECT_EQ(baselineError(R"({"version": "2.0.0", "runs": []})"),
            "unreadable baseline 'b.json': a SARIF log of version '2.0.0'; "
            "leakguard writes and reads SARIF 2.1.0");
  // A leakguard SARIF result without leakguard's fingerprint.
  EXPECT_EQ(baselineError(R"({"version": "2.1.0", "runs": [{"tool":
                              {"driver": {"name": "leakguard"}}, "results":
                              [{"ruleId": "leak-x"}]}]})"),
            "unreadable baseline 'b.json': result 0 has no 'leakguard/v1' "
            "fingerprint");
  // An empty leakguard baseline is fine.
  EXPECT_EQ(baselineError(R"({"format": "leakguard-findings/1",
                              "findings": []})"),
            "accepted");
}

TEST(FindingsTest, TheFirstRealErrorNotClangsErrorLimit) {
  SourceCache Sources;
  Sources.set("/p/a.cpp", "int f() {\n  x = 1;\n  y = 2;\n}\n");
  TidyDiagnostics Diags;
  auto Error = [&](std::string Message, std::string File, unsigned Offset) {
    TidyDiagnostic D;
    D.DiagnosticName = "clang-diagnostic-error";
    D.Level = "Error";
    D.DiagnosticMessage = {Message, File, Offset, {}, {}};
    Diags.Diagnostics.push_back(D);
  };
  // clang-tidy exports the location-less fatal error first.
  Error("too many errors emitted, stopping now", "", 0);
  Error("use of undeclared identifier 'x'", "/p/a.cpp", 12);
  Error("use of undeclared identifier 'y'", "/p/a.cpp", 21);
  Report R;
  R.Root = "/p";
  addDiagnostics(R, Diags, "/p/a.cpp", Sources);
  ASSERT_EQ(R.Errors.size(), 1u);
  EXPECT_EQ(R.Errors[0].Message,
            "2 compiler errors (clang stopped at its error limit), the "
            "first: a.cpp:2:3: use of undeclared identifier 'x'");
}

TEST(ReportFormatsTest, SarifForCodeScanning) {
  EXPECT_EQ(ruleName("leak-manual-lock"), "LeakManualLock");
  EXPECT_EQ(ruleName("clang-analyzer-core.NullDereference"),
            "ClangAnalyzerCoreNullDereference");
  // Notes are linked from the message; literal brackets are escaped.
  EXPECT_EQ(sarifMessageText("'a[i]' leaks", {"here", "and [there]"}),
            "'a\\[i\\]' leaks; see [here](1) and [and \\[there\\]](2)");
  EXPECT_EQ(sarifMessageText("plain", {}), "plain");

  SourceCache Sources;
  Report R = makeReport(Sources);
  llvm::json::Value Log = toSarif(R, {}, ToolInfo());
  const llvm::json::Object *Run =
      (*Log.getAsObject()->getArray("runs"))[0].getAsObject();
  const llvm::json::Object *Result =
      (*Run->getArray("results"))[0].getAsObject();
  EXPECT_EQ(*Result->getObject("message")->getString("text"),
            "mutex 'mu' is not unlocked; see [still locked here](1)");
  // The region ends where the diagnostic's range ends ("mu.lock()").
  const llvm::json::Object *Region = (*Result->getArray("locations"))[0]
                                         .getAsObject()
                                         ->getObject("physicalLocation")
                                         ->getObject("region");
  EXPECT_EQ(Region->getInteger("endLine"), 2);
  EXPECT_EQ(Region->getInteger("endColumn"), 12);
  // The path: the finding, then its note.
  const llvm::json::Array *Steps =
      (*(*Result->getArray("codeFlows"))[0].getAsObject()->getArray(
          "threadFlows"))[0]
          .getAsObject()
          ->getArray("locations");
  ASSERT_EQ(Steps->size(), 2u);
}

TEST(ReportFormatsTest, EachBaselineEntrySuppressesOneFinding) {
  SourceCache Sources;
  Report R = makeReport(Sources);
  R.Findings.push_back(R.Findings[0]); // Two findings, one baseline entry.
  llvm::StringMap<unsigned> Prints;
  Prints[R.Findings[0].Fingerprint] = 1;
  applyBaseline(R, Prints);
  EXPECT_EQ(R.Findings.size(), 1u);
  EXPECT_EQ(R.SuppressedByBaseline, 1u);
}

} // namespace
} // namespace leakguard::test
