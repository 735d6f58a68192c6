//===--- FingerprintTest.cpp ----------------------------------------------===//

#include "report/Fingerprint.h"
#include "report/SourceText.h"
#include "gtest/gtest.h"

using namespace leakguard::report;

namespace leakguard::test {
namespace {

const char *const Code = "void f() {\n"
                         "  mu.lock();\n"
                         "  if (x)\n"
                         "    return;\n"
                         "}\n";

std::string print(llvm::StringRef Text, unsigned Line,
                  llvm::StringRef Rule = "leak-manual-lock",
                  llvm::StringRef Path = "src/a.cpp") {
  return lineContextFingerprint(Rule, Path, SourceText(Text.str()), Line);
}

TEST(FingerprintTest, NormalizationDropsAllWhitespace) {
  EXPECT_EQ(normalizeLine("  mu .lock( );\t"), "mu.lock();");
  EXPECT_EQ(normalizeLine(""), "");
}

TEST(FingerprintTest, SurvivesLinesInsertedAboveAndReindentation) {
  std::string Base = print(Code, 2);
  EXPECT_EQ(Base.size(), 32u);
  EXPECT_EQ(print(std::string("// new\n#include <x>\n\n") + Code, 5), Base);
  EXPECT_EQ(
      print("void f() {\n\n\n      mu.lock();\n  if (x)\n    return;\n}\n", 4),
      Base);
}

TEST(FingerprintTest, ChangesWithTheLineItsNeighboursRuleAndFile) {
  std::string Base = print(Code, 2);
  EXPECT_NE(print("void f() {\n  mu2.lock();\n  if (x)\n    return;\n}\n", 2),
            Base);
  EXPECT_NE(print("void g() {\n  mu.lock();\n  if (x)\n    return;\n}\n", 2),
            Base);
  EXPECT_NE(print("void f() {\n  mu.lock();\n  if (y)\n    return;\n}\n", 2),
            Base);
  EXPECT_NE(print(Code, 2, "leak-other"), Base);
  EXPECT_NE(print(Code, 2, "leak-manual-lock", "src/b.cpp"), Base);
}

TEST(FingerprintTest, NeighboursAreTheNearestNonBlankLines) {
  // Blank lines between the finding and its neighbours do not count.
  EXPECT_EQ(
      print("void f() {\n\n  mu.lock();\n\n\n  if (x)\n    return;\n}\n", 3),
      print(Code, 2));
}

TEST(FingerprintTest, FirstAndLastLines) {
  EXPECT_EQ(print("only();\n", 1), print("\n\nonly();\n\n", 3));
  EXPECT_NE(print("only();\n", 1), print("before();\nonly();\n", 2));
}

TEST(SourceTextTest, PositionsAndLines) {
  SourceText Text("ab\n\xc3\xa9x\n\xf0\x9f\x98\x80y\r\nlast");
  EXPECT_EQ(Text.lineCount(), 4u);
  EXPECT_EQ(Text.line(2), "\xc3\xa9x");
  EXPECT_EQ(Text.line(3), "\xf0\x9f\x98\x80y"); // Without the \r.
  EXPECT_EQ(Text.line(4), "last");
  EXPECT_EQ(Text.line(5), "");
  Position P = Text.position(5); // 'x' after a 2-byte character.
  EXPECT_EQ(P.Line, 2u);
  EXPECT_EQ(P.Column, 3u);
  EXPECT_EQ(P.Utf16Column, 2u);
  P = Text.position(11); // 'y' after a 4-byte character: a surrogate pair.
  EXPECT_EQ(P.Line, 3u);
  EXPECT_EQ(P.Column, 5u);
  EXPECT_EQ(P.Utf16Column, 3u);
  P = Text.position(1000); // Clamped to the end.
  EXPECT_EQ(P.Line, 4u);
  EXPECT_EQ(P.Column, 5u);
}

TEST(SourceTextTest, HashIsTheContentsSha1) {
  EXPECT_EQ(contentHash(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(SourceText("abc").hash(), contentHash("abc"));
  EXPECT_NE(contentHash("abc"), contentHash("abd"));
}

TEST(SourceTextTest, CacheLoadsOnceAndReportsMissingFiles) {
  SourceCache Cache;
  EXPECT_EQ(Cache.get("/nonexistent/file.cpp"), nullptr);
  Cache.set("virtual.cpp", "int x;\n");
  const SourceText *Text = Cache.get("virtual.cpp");
  ASSERT_NE(Text, nullptr);
  EXPECT_EQ(Text->content(), "int x;\n");
  EXPECT_EQ(Cache.get("virtual.cpp"), Text);
}

} // namespace
} // namespace leakguard::test
