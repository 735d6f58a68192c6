//===--- IncludePlacementTest.cpp -----------------------------------------===//
//
// `$proposed^` marks where utils::IncludeInserter would put a new include,
// `$expected^` where it must go (no `$expected^`: where it was proposed).
//
//===----------------------------------------------------------------------===//

#include "analysis/IncludePlacement.h"
#include "PlainAnnotations.h"
#include "clang/Basic/SourceManager.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

namespace leakguard::test {
namespace {

/// Where an include proposed at `$proposed^` of \p Annotated goes, as an
/// offset of the text without its markers.
unsigned placed(llvm::StringRef Annotated, const PlainAnnotations &Code) {
  clang::SourceManagerForFile Files("file.cpp", Code.text());
  clang::SourceManager &SM = Files.get();
  clang::LangOptions LangOpts;
  LangOpts.CPlusPlus = true;
  LangOpts.LineComment = true;
  return includeOffsetOutsideConditionals(SM, SM.getMainFileID(),
                                          Code.point("proposed"), LangOpts);
}

void expectPlaced(llvm::StringRef Annotated) {
  PlainAnnotations Code(Annotated);
  bool HasExpected = Annotated.contains("$expected^");
  unsigned Expected =
      HasExpected ? Code.point("expected") : Code.point("proposed");
  EXPECT_EQ(placed(Annotated, Code), Expected) << Code.text();
}

TEST(IncludePlacementTest, TopLevelProposalStays) {
  expectPlaced("#include <cstdio>\n$proposed^#include <string>\n"
               "int x;\n");
  expectPlaced("#include <cstdio>\n$proposed^\nint x;\n");
}

TEST(IncludePlacementTest, LeavesABlockAfterTheLastTopLevelInclude) {
  // The OpenSSL case: the inserter put <memory> after <openssl/ssl.h>.
  expectPlaced("#include <cstdio>\n$expected^\n#ifdef OpenSSL_FOUND\n"
               "#include <openssl/ssl.h>\n$proposed^#endif\n"
               "void f();\n");
}

TEST(IncludePlacementTest, ABlockWithNoIncludeBeforeItGoesAboveItsIf) {
  expectPlaced("// licence\n$expected^#if defined(_WIN32)\n"
               "#include <windows.h>\n#else\n$proposed^#include <unistd.h>\n"
               "#endif\nint x;\n");
}

TEST(IncludePlacementTest, NestedBlocksLeaveTheOutermost) {
  expectPlaced("#include <a.h>\n$expected^#ifdef A\n#include <b.h>\n"
               "#  if B > 1\n#include <c.h>\n$proposed^#  endif\n#endif\n");
}

TEST(IncludePlacementTest, AfterAClosedBlockIsTopLevel) {
  expectPlaced("#ifdef A\n#include <b.h>\n#endif\n"
               "#include <c.h>\n$proposed^int x;\n");
  expectPlaced("#ifdef A\n#include <b.h>\n#endif\n$proposed^int x;\n");
}

TEST(IncludePlacementTest, AnIncludeGuardIsTheTopLevel) {
  expectPlaced("// header\n#ifndef APP_H\n#define APP_H\n#include <a.h>\n"
               "$proposed^\nint x;\n#endif // APP_H\n");
  expectPlaced("#ifndef APP_H\n#define APP_H\n#include <a.h>\n$expected^"
               "#ifdef WITH_B\n#include <b.h>\n$proposed^#endif\n"
               "int x;\n#endif\n");
}

TEST(IncludePlacementTest, AnIfndefThatIsNoGuardIsABlock) {
  // Code after the #endif: the #ifndef does not wrap the file.
  expectPlaced("$expected^#ifndef NO_B\n#define NO_B\n#include <b.h>\n"
               "$proposed^#endif\nint x;\n");
}

TEST(IncludePlacementTest, DirectivesInCommentsAndContinuationsDoNotCount) {
  expectPlaced("#include <a.h>\n/*\n#ifdef A\n*/\n#define LONG \\\n"
               "  1\n#include <b.h>\n$proposed^int x;\n");
  expectPlaced("#include <a.h>\n$expected^#if A && \\\n   B\n#include <b.h>\n"
               "$proposed^#endif\n");
}

TEST(IncludePlacementTest, AnUnclosedBlockRunsToTheEnd) {
  expectPlaced("#include <a.h>\n$expected^#ifdef A\n#include <b.h>\n"
               "$proposed^int x;\n");
}

} // namespace
} // namespace leakguard::test
