//===--- OptionListsTest.cpp ----------------------------------------------===//

#include "analysis/OptionLists.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

namespace leakguard::test {
namespace {

TEST(OptionListsTest, ListsTrimAndSkipEmptyEntries) {
  EXPECT_EQ(splitList(" a ;b;; c ;"),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(splitList("x, y", ','), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(splitList("  ; ;").empty());
  EXPECT_EQ(joinList({"a", "b"}), "a;b");
  EXPECT_EQ(joinList(splitList("a ; b")), "a;b");
}

TEST(OptionListsTest, PairsReportWhatTheySkip) {
  std::vector<std::string> Bad;
  auto Pairs = splitPairs("lock:unlock; open ;a:b:c; :x;y: ;get : put", Bad);
  ASSERT_EQ(Pairs.size(), 2u);
  EXPECT_EQ(Pairs[0], (std::pair<std::string, std::string>{"lock", "unlock"}));
  EXPECT_EQ(Pairs[1], (std::pair<std::string, std::string>{"get", "put"}));
  EXPECT_EQ(Bad, (std::vector<std::string>{"open", "a:b:c", ":x", "y:"}));
  Bad.clear();
  auto Different =
      splitPairs("same:same;one:two", Bad,
                 [](llvm::StringRef A, llvm::StringRef B) { return A != B; });
  EXPECT_EQ(Different.size(), 1u);
  EXPECT_EQ(Bad, (std::vector<std::string>{"same:same"}));
  EXPECT_EQ(joinPairs(Different), "one:two");
}

} // namespace
} // namespace leakguard::test
