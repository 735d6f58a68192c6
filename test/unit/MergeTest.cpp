//===--- MergeTest.cpp - leakguard merge's joining of reports -------------===//

#include "report/Merge.h"
#include "llvm/Support/JSON.h"
#include "gtest/gtest.h"

using namespace leakguard::report;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

/// A SARIF result of leak-x at \p Line:\p Column of a.cpp.
Value result(unsigned Line, unsigned Column, llvm::StringRef Print,
             llvm::StringRef Message = "m") {
  return Object{
      {"ruleId", "leak-x"},
      {"ruleIndex", 0},
      {"message", Object{{"text", Message}}},
      {"locations",
       Array{Object{
           {"physicalLocation",
            Object{{"artifactLocation",
                    Object{{"uri", "dir%20x/a.cpp"}, {"uriBaseId", "SRCROOT"}}},
                   {"region",
                    Object{{"startLine", Line}, {"startColumn", Column}}}}}}}},
      {"partialFingerprints", Object{{"leakguard/v1", Print}}}};
}

/// A leakguard SARIF log with \p Results, shard \p Index of \p Count (none
/// when 0).
MergeInput sarif(std::string Name, Array Results, int Index = 0, int Count = 0,
                 llvm::StringRef Partition = "p") {
  Object Properties{{"leakguard/translationUnits", 1}};
  if (Index)
    Properties["leakguard/shard"] =
        Object{{"index", Index}, {"count", Count}, {"partition", Partition}};
  Object Run{
      {"tool",
       Object{{"driver", Object{{"name", "leakguard"},
                                {"rules", Array{Object{{"id", "leak-x"}}}}}}}},
      {"invocations", Array{Object{{"executionSuccessful", true}}}},
      {"results", std::move(Results)},
      {"properties", std::move(Properties)}};
  return {Name, Object{{"version", "2.1.0"}, {"runs", Array{std::move(Run)}}}};
}

std::vector<std::string> prints(const MergeOutcome &Out) {
  std::vector<std::string> Prints;
  for (const Value &R : *Out.Log.getAsObject()
                             ->getArray("runs")
                             ->front()
                             .getAsObject()
                             ->getArray("results"))
    Prints.push_back(R.getAsObject()
                         ->getObject("partialFingerprints")
                         ->getString("leakguard/v1")
                         ->str());
  return Prints;
}

TEST(MergeTest, KeepsAFindingOfTwoShardsOnceAndNumbersTwinsAgain) {
  // Shard 1 saw the finding at 3:1 (F); shard 2 saw it too, and another
  // with the same line context at 3:7, which it called F:2.
  std::vector<MergeInput> In;
  In.push_back(sarif("a", Array{result(3, 1, "F")}, 1, 2));
  In.push_back(sarif("b", Array{result(3, 7, "F:2"), result(3, 1, "F")}, 2, 2));
  auto Out = mergeReports(std::move(In), {});
  ASSERT_TRUE(bool(Out)) << llvm::toString(Out.takeError());
  EXPECT_EQ(prints(*Out), (std::vector<std::string>{"F", "F:2"}));
  EXPECT_EQ(Out->Duplicates, 1u);
  EXPECT_EQ(Out->TranslationUnits, 2u);
  EXPECT_EQ(Out->Errors, 0u);
}

TEST(MergeTest, NumbersTwinsThatEachShardCalledTheSame) {
  std::vector<MergeInput> In;
  In.push_back(sarif("a", Array{result(9, 5, "F")}));
  In.push_back(sarif("b", Array{result(9, 2, "F")}));
  auto Out = mergeReports(std::move(In), {});
  ASSERT_TRUE(bool(Out));
  EXPECT_EQ(prints(*Out), (std::vector<std::string>{"F", "F:2"}));
  EXPECT_EQ(Out->Duplicates, 0u);
}

TEST(MergeTest, AMissingShardIsAnError) {
  std::vector<MergeInput> In;
  In.push_back(sarif("a", Array{}, 1, 3));
  In.push_back(sarif("c", Array{}, 3, 3));
  auto Out = mergeReports(std::move(In), {});
  ASSERT_TRUE(bool(Out));
  ASSERT_EQ(Out->Problems.size(), 1u);
  EXPECT_EQ(Out->Problems[0],
            "shard 2/3 is missing: its units are not in the report");
  EXPECT_EQ(Out->Errors, 1u);
}

TEST(MergeTest, ShardsOfAnotherPartitionAreAnError) {
  std::vector<MergeInput> In;
  In.push_back(sarif("a", Array{}, 1, 2, "p1"));
  In.push_back(sarif("b", Array{}, 2, 2, "p2"));
  auto Out = mergeReports(std::move(In), {});
  ASSERT_TRUE(bool(Out));
  ASSERT_EQ(Out->Problems.size(), 1u);
  EXPECT_NE(Out->Problems[0].find("partitioned differently"),
            std::string::npos);
}

TEST(MergeTest, DiffAndBaselineApplyToTheMergedFindings) {
  std::vector<MergeInput> In;
  In.push_back(sarif("a", Array{result(3, 1, "F"), result(8, 1, "G")}));
  MergeFilters Filters;
  Filters.Changed.emplace();
  Filters.Changed->add("dir x/a.cpp", 3, 3); // The URI's %20 is decoded.
  Filters.Baseline.emplace();
  (*Filters.Baseline)["F"] = 1;
  auto Out = mergeReports(std::move(In), Filters);
  ASSERT_TRUE(bool(Out));
  EXPECT_EQ(Out->OutsideDiff, 1u);
  EXPECT_EQ(Out->SuppressedByBaseline, 1u);
  EXPECT_EQ(Out->Findings, 0u);
}

TEST(MergeTest, RefusesMixedFormatsAndOtherTools) {
  std::vector<MergeInput> Mixed;
  Mixed.push_back(sarif("a.sarif", Array{}));
  Mixed.push_back({"b.json", Object{{"format", "leakguard-findings/1"},
                                    {"findings", Array{}}}});
  auto Out = mergeReports(std::move(Mixed), {});
  ASSERT_FALSE(bool(Out));
  EXPECT_EQ(llvm::toString(Out.takeError()),
            "cannot merge 'b.json': a JSON report among SARIF reports; merge "
            "reports of one format");
  std::vector<MergeInput> Other;
  Other.push_back({"x.json", Object{{"something", 1}}});
  auto Not = mergeReports(std::move(Other), {});
  ASSERT_FALSE(bool(Not));
  EXPECT_EQ(llvm::toString(Not.takeError()),
            "cannot merge 'x.json': not a SARIF log or a leakguard JSON "
            "report");
}

TEST(MergeTest, UriUnescape) {
  EXPECT_EQ(uriUnescape("a%20b%2Fc%zz%2"), "a b/c%zz%2");
}

} // namespace
