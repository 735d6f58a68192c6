//===--- OutPtrTest.cpp - include/leakguard/out_ptr.h ---------------------===//

#include "leakguard/out_ptr.h"
#include "gtest/gtest.h"
#include <memory>
#include <type_traits>

namespace {

// A C-style API that hands its handle out through a `Handle **`.
struct Handle {
  int id;
};
int closed = 0;
int lastClosed = 0;
void closeHandle(Handle *h) {
  ++closed;
  lastClosed = h->id;
  delete h;
}
// Like sqlite3_open: a handle comes out even when opening fails.
int openAlways(int id, bool fail, Handle **out) {
  *out = new Handle{id};
  return fail ? 1 : 0;
}
// Like sqlite3_prepare_v2: no handle when it fails.
int openOrNull(int id, bool fail, Handle **out) {
  *out = fail ? nullptr : new Handle{id};
  return fail ? 1 : 0;
}

using Owner = std::unique_ptr<Handle, decltype(&closeHandle)>;

TEST(OutPtrTest, OwnsWhatTheCallWrites) {
  closed = 0;
  {
    Owner h(nullptr, &closeHandle);
    ASSERT_EQ(openAlways(7, false, leakguard::out_ptr(h)), 0);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->id, 7);
    EXPECT_EQ(closed, 0);
  }
  EXPECT_EQ(closed, 1);
  EXPECT_EQ(lastClosed, 7);
}

TEST(OutPtrTest, OwnedBeforeTheBranchOfAFailedCall) {
  closed = 0;
  auto Open = [](bool fail) {
    Owner h(nullptr, &closeHandle);
    if (openAlways(3, fail, leakguard::out_ptr(h)) != 0) {
      EXPECT_TRUE(h); // Already owned inside the branch.
      return -1;
    }
    return 0;
  };
  EXPECT_EQ(Open(true), -1);
  EXPECT_EQ(closed, 1); // Closed even though opening failed.
  EXPECT_EQ(Open(false), 0);
  EXPECT_EQ(closed, 2);
}

TEST(OutPtrTest, NullLeavesItEmpty) {
  closed = 0;
  Owner h(nullptr, &closeHandle);
  EXPECT_NE(openOrNull(1, true, leakguard::out_ptr(h)), 0);
  EXPECT_FALSE(h);
  EXPECT_EQ(closed, 0);
}

TEST(OutPtrTest, ReleasesWhatItHeldFirst) {
  closed = 0;
  Owner h(new Handle{1}, &closeHandle);
  ASSERT_EQ(openOrNull(2, false, leakguard::out_ptr(h)), 0);
  EXPECT_EQ(closed, 1);
  EXPECT_EQ(lastClosed, 1);
  EXPECT_EQ(h->id, 2);
}

TEST(OutPtrTest, TheShape) {
  using Adaptor = leakguard::out_ptr_t<Owner>;
  static_assert(std::is_convertible<Adaptor &, Handle **>::value,
                "converts to the out-parameter's type");
  static_assert(!std::is_copy_constructible<Adaptor>::value, "not copied");
}

} // namespace
