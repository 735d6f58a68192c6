//===--- UnifiedDiffTest.cpp ----------------------------------------------===//

#include "UnifiedDiff.h"
#include "gtest/gtest.h"

namespace leakguard::test {
namespace {

ChangedLines parse(llvm::StringRef Diff) {
  auto Lines = parseUnifiedDiff(Diff);
  EXPECT_TRUE(bool(Lines)) << llvm::toString(Lines.takeError());
  return Lines ? std::move(*Lines) : ChangedLines();
}

TEST(UnifiedDiffTest, ZeroContextAddsAndReplacements) {
  ChangedLines C = parse("diff --git a/src/a.cpp b/src/a.cpp\n"
                         "--- a/src/a.cpp\n"
                         "+++ b/src/a.cpp\n"
                         "@@ -3 +3 @@\n"
                         "-old\n"
                         "+new\n"
                         "@@ -10,0 +11,2 @@\n"
                         "+one\n"
                         "+two\n");
  EXPECT_FALSE(C.contains("src/a.cpp", 2));
  EXPECT_TRUE(C.contains("src/a.cpp", 3));
  EXPECT_FALSE(C.contains("src/a.cpp", 4));
  EXPECT_FALSE(C.contains("src/a.cpp", 10));
  EXPECT_TRUE(C.contains("src/a.cpp", 11));
  EXPECT_TRUE(C.contains("src/a.cpp", 12));
  EXPECT_FALSE(C.contains("src/a.cpp", 13));
  EXPECT_FALSE(C.contains("a/src/a.cpp", 3));
}

TEST(UnifiedDiffTest, PureDeletionMarksTheLinesAroundIt) {
  // Lines 5-6 of the old file deleted; the new file's line 4 is followed by
  // what was line 7.
  ChangedLines C = parse("--- a/x.cpp\n+++ b/x.cpp\n@@ -5,2 +4,0 @@\n"
                         "-  mu.unlock();\n-  cleanup();\n");
  EXPECT_FALSE(C.contains("x.cpp", 3));
  EXPECT_TRUE(C.contains("x.cpp", 4));
  EXPECT_TRUE(C.contains("x.cpp", 5));
  EXPECT_FALSE(C.contains("x.cpp", 6));
}

TEST(UnifiedDiffTest, ContextLinesAreNotChanges) {
  ChangedLines C = parse("--- x.cpp\n+++ x.cpp\n@@ -1,4 +1,4 @@\n"
                         " a\n"
                         "-b\n"
                         "+B\n"
                         " c\n"
                         "\\ No newline at end of file\n"
                         " d\n");
  EXPECT_FALSE(C.contains("x.cpp", 1));
  EXPECT_TRUE(C.contains("x.cpp", 2));
  EXPECT_FALSE(C.contains("x.cpp", 3));
  EXPECT_FALSE(C.contains("x.cpp", 4));
}

TEST(UnifiedDiffTest, SeveralFilesTimestampsQuotesAndDeletedFiles) {
  ChangedLines C = parse("--- a/one.cpp\t2024-01-01 10:00:00\n"
                         "+++ b/one.cpp\t2024-01-02 10:00:00\n"
                         "@@ -1 +1 @@\n-x\n+y\n"
                         "--- a/gone.cpp\n+++ /dev/null\n@@ -1,2 +0,0 @@\n"
                         "-p\n-q\n"
                         "--- \"a/with space.cpp\"\n+++ \"b/with space.cpp\"\n"
                         "@@ -0,0 +1 @@\n+new\n");
  EXPECT_TRUE(C.contains("one.cpp", 1));
  EXPECT_FALSE(C.hasFile("gone.cpp"));
  EXPECT_TRUE(C.contains("with space.cpp", 1));
  EXPECT_EQ(C.fileCount(), 2u);
}

TEST(UnifiedDiffTest, LinesLookingLikeHeadersInsideHunks) {
  // A deleted line "-- x" shows as "--- x", an added "++ y" as "+++ y".
  ChangedLines C = parse("--- a/f.cpp\n+++ b/f.cpp\n@@ -1 +1 @@\n"
                         "--- x\n"
                         "+++ y\n"
                         "--- a/g.cpp\n+++ b/g.cpp\n@@ -2 +2 @@\n-a\n+b\n");
  EXPECT_TRUE(C.contains("f.cpp", 1));
  EXPECT_TRUE(C.contains("g.cpp", 2));
  EXPECT_FALSE(C.hasFile("y"));
}

TEST(UnifiedDiffTest, MalformedHunkHeader) {
  auto Lines = parseUnifiedDiff("--- a/f\n+++ b/f\n@@ -x +1 @@\n");
  ASSERT_FALSE(bool(Lines));
  EXPECT_EQ(llvm::toString(Lines.takeError()),
            "malformed diff, line 3: '@@ -x +1 @@'");
}

TEST(UnifiedDiffTest, EmptyDiffChangesNothing) {
  ChangedLines C = parse("");
  EXPECT_EQ(C.fileCount(), 0u);
}

} // namespace
} // namespace leakguard::test
