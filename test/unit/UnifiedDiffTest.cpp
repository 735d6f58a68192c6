//===--- UnifiedDiffTest.cpp ----------------------------------------------===//

#include "report/UnifiedDiff.h"
#include "gtest/gtest.h"

using namespace leakguard::report;

namespace leakguard::test {
namespace {

/// The lines among 1..\p Last of \p Path that \p C counts as changed.
std::vector<unsigned> changed(const ChangedLines &C, llvm::StringRef Path,
                              unsigned Last = 20) {
  std::vector<unsigned> Lines;
  for (unsigned Line = 1; Line <= Last; ++Line)
    if (C.contains(Path, Line))
      Lines.push_back(Line);
  return Lines;
}

using LineList = std::vector<unsigned>;

ChangedLines parse(llvm::StringRef Diff) {
  auto Lines = parseUnifiedDiff(Diff);
  EXPECT_TRUE(bool(Lines)) << llvm::toString(Lines.takeError());
  return Lines ? std::move(*Lines) : ChangedLines();
}

TEST(UnifiedDiffTest, TextThatIsNotADiffIsAnError) {
  // Empty (or blank) input: nothing changed.
  ASSERT_TRUE(bool(parseUnifiedDiff("")));
  ASSERT_TRUE(bool(parseUnifiedDiff("\n\n")));
  // Anything else needs a file header.
  auto Garbage = parseUnifiedDiff("hello\nworld\n");
  ASSERT_FALSE(bool(Garbage));
  EXPECT_EQ(llvm::toString(Garbage.takeError()),
            "not a unified diff: no file header ('diff --git' or '+++ ')");
  auto Headless = parseUnifiedDiff("@@ -1 +1 @@\n-a\n+b\n");
  ASSERT_FALSE(bool(Headless));
  EXPECT_EQ(llvm::toString(Headless.takeError()),
            "malformed diff, line 1: a hunk before any file header ('+++ ')");
  // A mode change alone is a diff that changes no line.
  auto Mode = parseUnifiedDiff("diff --git a/x.sh b/x.sh\nold mode 100644\n"
                               "new mode 100755\n");
  ASSERT_TRUE(bool(Mode));
  EXPECT_EQ(Mode->fileCount(), 0u);
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
  EXPECT_EQ(changed(C, "src/a.cpp"), (LineList{3, 11, 12}));
  EXPECT_EQ(changed(C, "a/src/a.cpp"), LineList{});
}

TEST(UnifiedDiffTest, PureDeletionMarksTheLinesAroundIt) {
  // Lines 5-6 of the old file deleted; the new file's line 4 is followed by
  // what was line 7.
  ChangedLines C = parse("--- a/x.cpp\n+++ b/x.cpp\n@@ -5,2 +4,0 @@\n"
                         "-  mu.unlock();\n-  cleanup();\n");
  EXPECT_EQ(changed(C, "x.cpp"), (LineList{4, 5}));
}

TEST(UnifiedDiffTest, ContextLinesAreNotChanges) {
  ChangedLines C = parse("--- x.cpp\n+++ x.cpp\n@@ -1,4 +1,4 @@\n"
                         " a\n"
                         "-b\n"
                         "+B\n"
                         " c\n"
                         "\\ No newline at end of file\n"
                         " d\n");
  EXPECT_EQ(changed(C, "x.cpp"), LineList{2});
}

TEST(UnifiedDiffTest, SeveralFilesTimestampsQuotesAndDeletedFiles) {
  ChangedLines C = parse("--- a/one.cpp\t2024-01-01 10:00:00\n"
                         "+++ b/one.cpp\t2024-01-02 10:00:00\n"
                         "@@ -1 +1 @@\n-x\n+y\n"
                         "--- a/gone.cpp\n+++ /dev/null\n@@ -1,2 +0,0 @@\n"
                         "-p\n-q\n"
                         "--- \"a/with space.cpp\"\n+++ \"b/with space.cpp\"\n"
                         "@@ -0,0 +1 @@\n+new\n");
  EXPECT_EQ(changed(C, "one.cpp"), LineList{1});
  EXPECT_FALSE(C.hasFile("gone.cpp"));
  EXPECT_EQ(changed(C, "with space.cpp"), LineList{1});
  EXPECT_EQ(C.fileCount(), 2u);
}

TEST(UnifiedDiffTest, LinesLookingLikeHeadersInsideHunks) {
  // A deleted line "-- x" shows as "--- x", an added "++ y" as "+++ y".
  ChangedLines C = parse("--- a/f.cpp\n+++ b/f.cpp\n@@ -1 +1 @@\n"
                         "--- x\n"
                         "+++ y\n"
                         "--- a/g.cpp\n+++ b/g.cpp\n@@ -2 +2 @@\n-a\n+b\n");
  EXPECT_EQ(changed(C, "f.cpp"), LineList{1});
  EXPECT_EQ(changed(C, "g.cpp"), LineList{2});
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
