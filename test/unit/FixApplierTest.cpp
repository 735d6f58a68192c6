//===--- FixApplierTest.cpp -----------------------------------------------===//

#include "report/FixApplier.h"
#include "PlainAnnotations.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"
#include <cstdlib>

using namespace leakguard::report;

namespace leakguard::test {
namespace {

FileEdit edit(unsigned Offset, unsigned Length, llvm::StringRef Text,
              llvm::StringRef Path = "f.cpp") {
  return FileEdit{Path.str(), Offset, Length, Text.str()};
}

TEST(FixApplierTest, Conflicts) {
  // Overlapping ranges.
  EXPECT_TRUE(editsConflict(edit(4, 5, "a"), edit(8, 2, "b")));
  // Touching ranges do not overlap.
  EXPECT_FALSE(editsConflict(edit(4, 4, "a"), edit(8, 2, "b")));
  // Identical edits are one edit.
  EXPECT_FALSE(editsConflict(edit(4, 4, "a"), edit(4, 4, "a")));
  // Two different insertions at one place: which goes first?
  EXPECT_TRUE(editsConflict(edit(4, 0, "a"), edit(4, 0, "b")));
  // Unless both only add include lines: either order gives the same file.
  EXPECT_FALSE(editsConflict(edit(4, 0, "#include <memory>\n"),
                             edit(4, 0, "#include <cstdlib>\n")));
  EXPECT_FALSE(editsConflict(edit(4, 0, "\n#include <memory>\n"),
                             edit(4, 0, "# include \"a.h\"\n")));
  EXPECT_TRUE(
      editsConflict(edit(4, 0, "#include <memory>\n"), edit(4, 0, "int x;\n")));
  EXPECT_TRUE(editsConflict(edit(4, 0, "#include <memory>"),
                            edit(4, 0, "#include <cstdlib>\n")));
  // An insertion strictly inside a replaced range, or at its edges.
  EXPECT_TRUE(editsConflict(edit(6, 0, "a"), edit(4, 4, "b")));
  EXPECT_FALSE(editsConflict(edit(4, 0, "a"), edit(4, 4, "b")));
  EXPECT_FALSE(editsConflict(edit(8, 0, "a"), edit(4, 4, "b")));
  // Other files never conflict.
  EXPECT_FALSE(editsConflict(edit(4, 5, "a", "x"), edit(4, 5, "b", "y")));
}

TEST(FixApplierTest, PlanTakesFixesInOrderAndSkipsConflictingOnesWhole) {
  std::vector<std::vector<FileEdit>> Fixes = {
      {edit(0, 3, "A"), edit(20, 2, "B")},
      {edit(10, 2, "C"), edit(21, 1, "D")}, // D overlaps B: all of it goes.
      {edit(10, 2, "E")},
      {edit(0, 3, "A")}, // The same edit as the first fix's: a duplicate.
  };
  FixPlan Plan = planFixes(Fixes);
  EXPECT_EQ(Plan.Taken, (std::vector<unsigned>{0, 2, 3}));
  EXPECT_EQ(Plan.Conflicting, (std::vector<unsigned>{1}));
  std::vector<FileEdit> Expected = {edit(0, 3, "A"), edit(10, 2, "E"),
                                    edit(20, 2, "B")};
  EXPECT_EQ(Plan.EditsByFile["f.cpp"], Expected);
}

TEST(FixApplierTest, AppliesEditsInOrder) {
  PlainAnnotations Code("$a^int x = $b^1;\n$c^");
  std::vector<FileEdit> Edits = {edit(Code.point("a"), 3, "long"),
                                 edit(Code.point("b"), 1, "2"),
                                 edit(Code.point("c"), 0, "// end\n")};
  auto Result = applyEdits(Code.text(), Edits);
  ASSERT_TRUE(bool(Result));
  EXPECT_EQ(*Result, "long x = 2;\n// end\n");
}

TEST(FixApplierTest, RefusesEditsPastTheEnd) {
  auto Result = applyEdits("abc", {edit(2, 5, "x")});
  ASSERT_FALSE(bool(Result));
  EXPECT_EQ(llvm::toString(Result.takeError()),
            "edit at offset 2 of 'f.cpp' does not fit the file");
}

TEST(FixApplierTest, DiffShowsChangedLinesWithContext) {
  PlainAnnotations Code(
      "l1\nl2\nl3\nl4\n  $lock^mu.lock();\nl6\nl7\nl8\nl9\n"
      "l10\nl11\nl12\nl13\n  $unlock^mu.unlock();\n$end^l15\n");
  std::vector<FileEdit> Edits = {
      edit(Code.point("lock"), 9, "std::scoped_lock lock(mu)"),
      edit(Code.point("unlock") - 2,
           Code.point("end") - Code.point("unlock") + 2, "")};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeEditDiff("src/a.cpp", Code.text(), Edits, OS);
  EXPECT_EQ(Out,
            "--- a/src/a.cpp\n+++ b/src/a.cpp\n"
            "@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-  mu.lock();\n"
            "+  std::scoped_lock lock(mu);\n l6\n l7\n l8\n"
            "@@ -11,5 +11,4 @@\n l11\n l12\n l13\n-  mu.unlock();\n l15\n");
}

TEST(FixApplierTest, NearbyChangesShareAHunk) {
  std::string Code = "a\nb\nc\nd\ne\n";
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeEditDiff("f", Code, {edit(0, 1, "A"), edit(8, 1, "E")}, OS);
  EXPECT_EQ(Out, "--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n-a\n+A\n b\n c\n d\n"
                 "-e\n+E\n");
}

TEST(FixApplierTest, WritesAtomicallyAndKeepsPermissions) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("fixapplier", Dir));
  llvm::SmallString<128> Path(Dir);
  llvm::sys::path::append(Path, "file.cpp");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    OS << "old\n";
  }
  ASSERT_FALSE(llvm::sys::fs::setPermissions(Path, llvm::sys::fs::perms(0640)));
  ASSERT_FALSE(bool(writeFileAtomically(Path, "new\n")));
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  ASSERT_TRUE(bool(Buffer));
  EXPECT_EQ((*Buffer)->getBuffer(), "new\n");
  EXPECT_EQ(unsigned(*llvm::sys::fs::getPermissions(Path)), 0640u);
  // Nothing else is left in the directory.
  std::error_code EC;
  unsigned Entries = 0;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    ++Entries;
  EXPECT_EQ(Entries, 1u);
  llvm::sys::fs::remove_directories(Dir);
}

TEST(FixApplierTest, AtomicWriteIntoAMissingDirectoryFails) {
  llvm::Error Err = writeFileAtomically("/nonexistent-dir/x/file.cpp", "x");
  ASSERT_TRUE(bool(Err));
  EXPECT_NE(llvm::toString(std::move(Err)).find("cannot create a temporary"),
            std::string::npos);
}

std::string readFile(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  return Buffer ? (*Buffer)->getBuffer().str() : "<unreadable>";
}

unsigned countEntries(llvm::StringRef Dir) {
  std::error_code EC;
  unsigned Entries = 0;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    ++Entries;
  return Entries;
}

TEST(FixApplierTest, AtomicWriteThroughASymlinkReplacesItsTarget) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("fixapplier", Dir));
  llvm::SmallString<128> Real(Dir), Link(Dir);
  llvm::sys::path::append(Real, "real.cpp");
  llvm::sys::path::append(Link, "link.cpp");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Real, EC);
    OS << "old\n";
  }
  ASSERT_FALSE(llvm::sys::fs::create_link(Real, Link));
  ASSERT_FALSE(bool(writeFileAtomically(Link, "new\n")));
  EXPECT_EQ(readFile(Real), "new\n");
  // The link is still a link.
  llvm::sys::fs::file_status Status;
  ASSERT_FALSE(llvm::sys::fs::status(Link, Status, /*Follow=*/false));
  EXPECT_EQ(Status.type(), llvm::sys::fs::file_type::symlink_file);
  EXPECT_EQ(countEntries(Dir), 2u);
  llvm::sys::fs::remove_directories(Dir);
}

// The switch the --fix fault tests use: a write that runs out of space
// leaves the original and no temporary file.
TEST(FixApplierTest, AFailedWriteKeepsTheOriginal) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("fixapplier", Dir));
  llvm::SmallString<128> Path(Dir);
  llvm::sys::path::append(Path, "file.cpp");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    OS << "the original\n";
  }
  ASSERT_EQ(setenv("LEAKGUARD_FAULT_WRITE_LIMIT", "5", 1), 0);
  llvm::Error Err = writeFileAtomically(Path, "a longer replacement\n");
  unsetenv("LEAKGUARD_FAULT_WRITE_LIMIT");
  ASSERT_TRUE(bool(Err));
  EXPECT_NE(llvm::toString(std::move(Err)).find("No space left on device"),
            std::string::npos);
  EXPECT_EQ(readFile(Path), "the original\n");
  EXPECT_EQ(countEntries(Dir), 1u);
  // Content that fits the limit is written.
  ASSERT_EQ(setenv("LEAKGUARD_FAULT_WRITE_LIMIT", "100", 1), 0);
  EXPECT_FALSE(bool(writeFileAtomically(Path, "short\n")));
  unsetenv("LEAKGUARD_FAULT_WRITE_LIMIT");
  EXPECT_EQ(readFile(Path), "short\n");
  llvm::sys::fs::remove_directories(Dir);
}

} // namespace
} // namespace leakguard::test
