//===--- FileConstantsTest.cpp --------------------------------------------===//

#include "analysis/FileConstants.h"
#include "AnnotatedCode.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

TEST(FileConstantsTest, StaticsNothingWrites) {
  AnnotatedCode Code(R"cpp(
    static int Zero;
    static int Three = 3;
    namespace { bool On = true; }
    static int Assigned = 0;
    static int Incremented = 0;
    static int AddressTaken = 0;
    static int ByReference = 0;
    static int Captured = 0;
    int External = 0;
    static volatile int Volatile = 0;
    void set(int &);
    void f() {
      Assigned = 1;
      ++Incremented;
      int *p = &AddressTaken;
      set(ByReference);
      auto l = [] { Captured = 2; };
      (void)p; (void)l;
    }
    int g() { return $zero^Zero + $three^Three + $on^On + $assigned^Assigned +
                     $incremented^Incremented + $address^AddressTaken +
                     $reference^ByReference + $captured^Captured +
                     $external^External + $volatile^Volatile; }
  )cpp");
  auto Value = [&](llvm::StringRef Point) -> std::optional<int64_t> {
    const auto *Ref = Code.nodeAt<DeclRefExpr>(Point);
    EXPECT_NE(Ref, nullptr) << Point.str();
    if (!Ref)
      return std::nullopt;
    auto V = knownIntegerValue(Ref, Code.context());
    return V ? std::optional<int64_t>(V->getExtValue()) : std::nullopt;
  };
  EXPECT_EQ(Value("zero"), 0);
  EXPECT_EQ(Value("three"), 3);
  EXPECT_EQ(Value("on"), 1);
  EXPECT_EQ(Value("assigned"), std::nullopt);
  EXPECT_EQ(Value("incremented"), std::nullopt);
  EXPECT_EQ(Value("address"), std::nullopt);
  EXPECT_EQ(Value("reference"), std::nullopt);
  EXPECT_EQ(Value("captured"), std::nullopt);
  EXPECT_EQ(Value("external"), std::nullopt);
  EXPECT_EQ(Value("volatile"), std::nullopt);
}

} // namespace
} // namespace leakguard::test
