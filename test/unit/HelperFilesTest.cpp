//===--- HelperFilesTest.cpp ----------------------------------------------===//
//
// Where a fix finds leakguard's helper headers (analysis/HelperHeaders.h),
// and writing them into a project once (report/HelperFiles.h).
//
//===----------------------------------------------------------------------===//

#include "report/HelperFiles.h"
#include "analysis/HelperHeaders.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace leakguard;

namespace leakguard::test {
namespace {

namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

/// A fresh temporary folder, removed at the end of the test.
class TempDir {
public:
  TempDir() {
    EXPECT_FALSE(fs::createUniqueDirectory("leakguard-helpers", Path));
    // Through symbolic links, as the code under test sees it.
    llvm::SmallString<256> Real;
    if (!fs::real_path(Path, Real))
      Path = Real;
  }
  ~TempDir() { fs::remove_directories(Path); }
  std::string operator/(llvm::StringRef Rest) const {
    llvm::SmallString<256> P(Path);
    path::append(P, Rest);
    return std::string(P);
  }
  void write(llvm::StringRef Rest, llvm::StringRef Text) const {
    std::string P = *this / Rest;
    fs::create_directories(path::parent_path(P));
    std::error_code EC;
    llvm::raw_fd_ostream OS(P, EC);
    OS << Text;
  }
  std::string read(llvm::StringRef Rest) const {
    auto Buffer = llvm::MemoryBuffer::getFile(*this / Rest);
    return Buffer ? (*Buffer)->getBuffer().str() : "<missing>";
  }
  llvm::SmallString<256> Path;
};

TEST(HelperHeadersTest, OnlyLeakguardHelpersAreHelpers) {
  EXPECT_EQ(analysis::helperName("<leakguard/ttl_cache.h>"), "ttl_cache.h");
  EXPECT_FALSE(analysis::helperName("<memory>"));
  EXPECT_FALSE(analysis::helperName("\"leakguard/ttl_cache.h\""));
  EXPECT_FALSE(analysis::helperName("<leakguard/sub/x.h>"));
}

TEST(HelperHeadersTest, RelativePaths) {
  EXPECT_EQ(analysis::relativePath("/p/third_party/lg/x.h", "/p/src/net"),
            "../../third_party/lg/x.h");
  EXPECT_EQ(analysis::relativePath("/p/src/lg/x.h", "/p/src"), "lg/x.h");
  EXPECT_EQ(analysis::relativePath("/p/src/x.h", "/p/src"), "x.h");
}

TEST(HelperHeadersTest, WithoutTheOptionTheHeaderStays) {
  EXPECT_EQ(analysis::helperInclude("<leakguard/ttl_cache.h>", "", "/p/a.cpp"),
            "<leakguard/ttl_cache.h>");
  EXPECT_EQ(analysis::helperInclude("<memory>", "/p/lg", "/p/a.cpp"),
            "<memory>");
  EXPECT_EQ(analysis::helperInclude("\"app/cache.h\"", "/p/lg", "/p/a.cpp"),
            "\"app/cache.h\"");
}

TEST(HelperHeadersTest, ARelativeFolderIsTheClangTidyFilesFolders) {
  TempDir Project;
  Project.write(".clang-tidy",
                "CheckOptions:\n  LeakHelpersDir: third_party/leakguard\n");
  // A nearer .clang-tidy that does not name the option does not count.
  Project.write("src/net/.clang-tidy", "Checks: '-*,leak-*'\n");
  Project.write("src/net/conn.cpp", "");
  EXPECT_EQ(analysis::helperInclude("<leakguard/scope_exit.h>",
                                    "third_party/leakguard",
                                    Project / "src/net/conn.cpp"),
            "../../third_party/leakguard/scope_exit.h");
  EXPECT_EQ(analysis::resolveHelpersDir("./third_party/x/../leakguard",
                                        Project / "src/net"),
            Project / "third_party/leakguard");
  EXPECT_EQ(analysis::helperInclude("<leakguard/ttl_cache.h>",
                                    Project / "src/helpers",
                                    Project / "src/net/conn.cpp"),
            "../helpers/ttl_cache.h");
}

TEST(HelperFilesTest, TheTargetOfAHelperInclude) {
  std::vector<std::string> Helpers = {"ttl_cache.h", "scope_exit.h"};
  auto Target = [&](llvm::StringRef Text) {
    return report::helperIncludeTarget({"/p/src/a.cpp", 0, 0, Text.str()},
                                       Helpers);
  };
  EXPECT_EQ(Target("#include \"../third_party/lg/ttl_cache.h\"\n"),
            "/p/third_party/lg/ttl_cache.h");
  EXPECT_EQ(Target("\n#include \"lg/scope_exit.h\"\n"),
            "/p/src/lg/scope_exit.h");
  EXPECT_FALSE(Target("#include <leakguard/ttl_cache.h>\n"));
  EXPECT_FALSE(Target("#include \"app/other.h\"\n"));
  EXPECT_FALSE(Target("#include \"/abs/ttl_cache.h\"\n"));
  EXPECT_FALSE(Target("ttl_cache.h"));
}

TEST(HelperFilesTest, WrittenOnceNeverOverAnotherFile) {
  TempDir Project;
  std::string Target = Project / "third_party/leakguard/ttl_cache.h";
  auto First = report::installHelper(Target, "cache v1\n");
  ASSERT_TRUE(bool(First)) << llvm::toString(First.takeError());
  EXPECT_EQ(*First, report::HelperStatus::Written);
  EXPECT_EQ(Project.read("third_party/leakguard/ttl_cache.h"), "cache v1\n");
  auto Again = report::installHelper(Target, "cache v1\n");
  ASSERT_TRUE(bool(Again));
  EXPECT_EQ(*Again, report::HelperStatus::Present);
  // The user changed it: reported, kept.
  Project.write("third_party/leakguard/ttl_cache.h", "mine\n");
  auto Changed = report::installHelper(Target, "cache v1\n");
  ASSERT_TRUE(bool(Changed));
  EXPECT_EQ(*Changed, report::HelperStatus::Differs);
  EXPECT_EQ(Project.read("third_party/leakguard/ttl_cache.h"), "mine\n");
}

TEST(HelperFilesTest, AFolderThatCannotBeMadeIsAnError) {
  TempDir Project;
  Project.write("file", "not a folder\n");
  auto Status = report::installHelper(Project / "file/leakguard/x.h", "x\n");
  ASSERT_FALSE(bool(Status));
  EXPECT_NE(llvm::toString(Status.takeError()).find("cannot create the folder"),
            std::string::npos);
}

} // namespace
} // namespace leakguard::test
