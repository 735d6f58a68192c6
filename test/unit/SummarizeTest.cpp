//===--- SummarizeTest.cpp ------------------------------------------------===//

#include "analysis/Summarize.h"
#include "AnnotatedCode.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

namespace leakguard::test {
namespace {

// A parameter's releases are looked for in the unit's functions it is
// passed to, three calls deep. The answer for one function is kept and
// reused (issue #14), but only at the same depth: d3 releases for d0 (three
// calls down) and not for e0 (four calls down), though the walk for d0 went
// through the very functions e0's walk reaches later.
TEST(SummarizeTest, ReleasesFoundAtTheSameDepthOnly) {
  AnnotatedCode Code(R"cpp(
    extern "C" void free(void *);
    void d3(char *p) { free(p); }
    void d2(char *p) { d3(p); }
    void d1(char *p) { d2(p); }
    void d0(char *p) { d1(p); }
    void e0(char *p) { d0(p); }
    void twice(char *p, char *q) { d1(p); d1(q); }
  )cpp");
  ResourceModel Model = ResourceModel::builtin(), Heap = ResourceModel::heap();
  SummaryFile Unit = summarizeUnit(Code.context(), Model, Heap);
  auto Use = [&](const char *Key, unsigned Index) {
    const FunctionSummary &F = Unit.Functions[Key];
    return Index < F.Params.size() ? F.Params[Index].Use : ParamUse::Unknown;
  };
  EXPECT_EQ(Use("c:@F@d0#*C#", 0), ParamUse::Releases);
  EXPECT_EQ(Use("c:@F@d1#*C#", 0), ParamUse::Releases);
  EXPECT_NE(Use("c:@F@e0#*C#", 0), ParamUse::Releases);
  // Two parameters that reach the same functions: each is released.
  EXPECT_EQ(Use("c:@F@twice#*C#S0_#", 0), ParamUse::Releases);
  EXPECT_EQ(Use("c:@F@twice#*C#S0_#", 1), ParamUse::Releases);
}

// A release wrapper that returns early for a null pointer releases its
// parameter, whichever way the test is spelled: the early return holds
// nothing. A wrapper that returns early on another condition does not.
TEST(SummarizeTest, NullGuardedReleaseWrappersRelease) {
  AnnotatedCode Code(R"cpp(
    #define NULL __null
    extern "C" void free(void *);
    void bang(char *p) { if (!p) return; free(p); }
    void equal(char *p) { if (p == NULL) return; free(p); }
    void swapped(char *p) { if (0 == p) return; free(p); }
    void unequal(char *p) { if (nullptr != p) free(p); }
    void other(char *p, int n) { if (n == 0) return; free(p); }
  )cpp");
  ResourceModel Model = ResourceModel::builtin(), Heap = ResourceModel::heap();
  SummaryFile Unit = summarizeUnit(Code.context(), Model, Heap);
  auto Use = [&](const char *Key) {
    const FunctionSummary &F = Unit.Functions[Key];
    return F.Params.empty() ? ParamUse::Unknown : F.Params[0].Use;
  };
  EXPECT_EQ(Use("c:@F@bang#*C#"), ParamUse::Releases);
  EXPECT_EQ(Use("c:@F@equal#*C#"), ParamUse::Releases);
  EXPECT_EQ(Use("c:@F@swapped#*C#"), ParamUse::Releases);
  EXPECT_EQ(Use("c:@F@unequal#*C#"), ParamUse::Releases);
  EXPECT_NE(Use("c:@F@other#*C#I#"), ParamUse::Releases);
}

// The acquiring functions a check's matchers look for follow the summaries
// when a unit that waited for the units it calls reads them again: a
// function of another unit that the new summaries say acquires is matched
// from then on (SummaryIndex::reread, SummaryRecorder::settle).
TEST(SummarizeTest, AcquirerNamesFollowTheSummariesReadAgain) {
  AnnotatedCode Code(R"cpp(
    #include <stdio.h>
    namespace db { struct Conn; Conn *open_conn(const char *); }
    void use() { db::open_conn("x"); fopen("f", "r"); }
  )cpp");
  SummaryFile Before, After;
  FunctionSummary Open;
  Open.Name = "db::open_conn";
  Open.Acquires = "malloc";
  After.Functions["c:@N@db@F@open_conn#*1C#"] = Open;
  llvm::SmallString<64> First, Second;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("first", "json", First));
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("second", "json", Second));
  ASSERT_FALSE(bool(summary::writeSummaryFile(First, Before)));
  ASSERT_FALSE(bool(summary::writeSummaryFile(Second, After)));
  auto Read = SummaryIndex::read(First);
  ASSERT_TRUE(bool(Read)) << llvm::toString(Read.takeError());
  std::shared_ptr<const SummaryIndex> Index = std::move(*Read);
  AcquirerNames Names({"fopen"}, Index);
  using namespace clang::ast_matchers;
  auto Declared = [&](const char *Name) {
    return selectFirst<clang::FunctionDecl>(
        "f", match(functionDecl(hasName(Name)).bind("f"), Code.context()));
  };
  const clang::FunctionDecl *OpenConn = Declared("::db::open_conn");
  const clang::FunctionDecl *Fopen = Declared("::fopen");
  ASSERT_NE(OpenConn, nullptr);
  ASSERT_NE(Fopen, nullptr);
  EXPECT_TRUE(Names.matches(*Fopen));
  EXPECT_FALSE(Names.matches(*OpenConn));
  ASSERT_TRUE(Index->reread(Second, {}));
  EXPECT_TRUE(Names.matches(*Fopen));
  EXPECT_TRUE(Names.matches(*OpenConn));
  llvm::sys::fs::remove(First);
  llvm::sys::fs::remove(Second);
}

} // namespace
} // namespace leakguard::test
