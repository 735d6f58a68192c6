//===--- TtlCacheTest.cpp - leakguard::ttl_cache --------------------------===//

#include "leakguard/ttl_cache.h"
#include "gtest/gtest.h"
#include <memory>
#include <string>
#include <vector>

namespace {

/// A clock the test moves by hand.
struct ManualClock {
  using duration = std::chrono::seconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<ManualClock>;
  static constexpr bool is_steady = true;
  static time_point Now;
  static time_point now() { return Now; }
  static void advance(duration D) { Now += D; }
};
ManualClock::time_point ManualClock::Now;

using Cache = leakguard::ttl_cache<std::string, int>;
using TimedCache =
    leakguard::ttl_cache<std::string, int, std::hash<std::string>,
                         std::equal_to<std::string>, ManualClock>;

std::vector<std::string> keysInOrder(const Cache &C) {
  std::vector<std::string> Keys;
  for (const auto &Entry : C)
    Keys.push_back(Entry.first);
  return Keys;
}

TEST(TtlCacheTest, BehavesLikeAMapBelowCapacity) {
  Cache C(10);
  EXPECT_TRUE(C.empty());
  C["a"] = 1;
  EXPECT_TRUE(C.insert({"b", 2}).second);
  EXPECT_FALSE(C.insert({"b", 3}).second);
  EXPECT_TRUE(C.emplace("c", 3).second);
  EXPECT_TRUE(C.try_emplace("d", 4).second);
  EXPECT_FALSE(C.try_emplace("d", 5).second);
  EXPECT_FALSE(C.insert_or_assign("d", 6).second);
  EXPECT_TRUE(C.insert(std::make_pair(std::string("e"), 7)).second);
  EXPECT_EQ(C.size(), 5u);
  EXPECT_EQ(C.at("b"), 2);
  EXPECT_EQ(C.at("d"), 6);
  EXPECT_EQ(C.count("c"), 1u);
  EXPECT_TRUE(C.contains("e"));
  EXPECT_FALSE(C.contains("z"));
  EXPECT_EQ(C.find("z"), C.end());
  auto It = C.find("a");
  ASSERT_NE(It, C.end());
  EXPECT_EQ(It->second, 1);
  It->second = 10;
  EXPECT_EQ((*C.find("a")).second, 10);
  EXPECT_EQ(C.erase("a"), 1u);
  EXPECT_EQ(C.erase("a"), 0u);
  EXPECT_EQ(C.size(), 4u);
  C.clear();
  EXPECT_TRUE(C.empty());
  EXPECT_EQ(C.begin(), C.end());
}

TEST(TtlCacheTest, EvictsTheLeastRecentlyUsed) {
  Cache C(3);
  C["a"] = 1;
  C["b"] = 2;
  C["c"] = 3;
  EXPECT_EQ(keysInOrder(C), (std::vector<std::string>{"c", "b", "a"}));
  C.find("a"); // a is now the most recently used
  C["d"] = 4;  // evicts b
  EXPECT_EQ(C.size(), 3u);
  EXPECT_FALSE(C.contains("b"));
  EXPECT_EQ(keysInOrder(C), (std::vector<std::string>{"d", "a", "c"}));
  C.at("c");
  C.insert({"a", 0}); // present: marked as used, value kept
  EXPECT_EQ(C.at("a"), 1);
  C.emplace("e", 5); // evicts d
  EXPECT_EQ(keysInOrder(C), (std::vector<std::string>{"e", "a", "c"}));
}

TEST(TtlCacheTest, ConstLookupsChangeNothing) {
  Cache C(2);
  C["a"] = 1;
  C["b"] = 2;
  const Cache &View = C;
  EXPECT_EQ(View.find("a")->second, 1);
  EXPECT_EQ(View.at("a"), 1);
  EXPECT_EQ(View.count("a"), 1u);
  C["c"] = 3; // a is still the least recently used
  EXPECT_FALSE(C.contains("a"));
  EXPECT_TRUE(C.contains("b"));
}

TEST(TtlCacheTest, ZeroCapacityHoldsOne) {
  Cache C(0);
  C["a"] = 1;
  C["b"] = 2;
  EXPECT_EQ(C.size(), 1u);
  EXPECT_EQ(C.max_entries(), 1u);
  EXPECT_TRUE(C.contains("b"));
}

TEST(TtlCacheTest, EraseByIteratorWhileIterating) {
  Cache C(10);
  for (int I = 0; I < 6; ++I)
    C[std::to_string(I)] = I;
  for (auto It = C.begin(); It != C.end();)
    It = It->second % 2 ? C.erase(It) : std::next(It);
  EXPECT_EQ(C.size(), 3u);
  for (const auto &Entry : C)
    EXPECT_EQ(Entry.second % 2, 0);
}

TEST(TtlCacheTest, EntriesExpire) {
  TimedCache C(10, std::chrono::seconds(60));
  C["a"] = 1;
  ManualClock::advance(std::chrono::seconds(30));
  C["b"] = 2;
  EXPECT_TRUE(C.contains("a"));
  ManualClock::advance(std::chrono::seconds(30));
  EXPECT_FALSE(C.contains("a")); // 60s old
  EXPECT_EQ(C.find("a"), C.end());
  EXPECT_TRUE(C.contains("b"));
  EXPECT_EQ(C.size(), 1u); // find() dropped it
  C["a"] = 5;              // a fresh entry
  EXPECT_EQ(C.at("a"), 5);
  ManualClock::advance(std::chrono::seconds(31));
  EXPECT_EQ(C.purge_expired(), 1u); // b
  EXPECT_EQ(C.size(), 1u);
}

TEST(TtlCacheTest, InsertOrAssignRestartsTheTimeToLive) {
  TimedCache C(10, std::chrono::seconds(10));
  C.insert_or_assign("a", 1);
  C.insert_or_assign("b", 1);
  ManualClock::advance(std::chrono::seconds(8));
  C.insert_or_assign("a", 2);
  C["b"] = 2; // an assignment through the reference: the clock runs on
  ManualClock::advance(std::chrono::seconds(5));
  EXPECT_TRUE(C.contains("a"));
  EXPECT_FALSE(C.contains("b"));
  C["c"] = 3; // making room purges b
  EXPECT_EQ(C.size(), 2u);
}

TEST(TtlCacheTest, ExpiredEntriesGoBeforeRecentOnes) {
  TimedCache C(2, std::chrono::seconds(10));
  C["old"] = 1;
  ManualClock::advance(std::chrono::seconds(5));
  C["new"] = 2;
  C.find("old"); // recently used, but about to expire
  ManualClock::advance(std::chrono::seconds(6));
  C["third"] = 3; // old has expired: new stays
  EXPECT_TRUE(C.contains("new"));
  EXPECT_TRUE(C.contains("third"));
  EXPECT_EQ(C.size(), 2u);
}

TEST(TtlCacheTest, AtThrowsForMissingAndExpiredKeys) {
  TimedCache C(4, std::chrono::seconds(1));
  EXPECT_THROW(C.at("a"), std::out_of_range);
  C["a"] = 1;
  ManualClock::advance(std::chrono::seconds(1));
  EXPECT_THROW(C.at("a"), std::out_of_range);
  const TimedCache &View = C;
  EXPECT_THROW(View.at("a"), std::out_of_range);
}

TEST(TtlCacheTest, MoveOnlyValuesAndKeys) {
  leakguard::ttl_cache<int, std::unique_ptr<int>> C(2);
  C.try_emplace(1, std::make_unique<int>(1));
  C.emplace(2, std::make_unique<int>(2));
  C[3] = std::make_unique<int>(3);
  C.insert_or_assign(4, std::make_unique<int>(4));
  EXPECT_EQ(C.size(), 2u);
  EXPECT_EQ(*C.at(4), 4);
  leakguard::ttl_cache<int, std::unique_ptr<int>> Moved(std::move(C));
  EXPECT_EQ(Moved.size(), 2u);
  EXPECT_EQ(*Moved[3], 3);
  C = std::move(Moved);
  EXPECT_EQ(C.size(), 2u);
  EXPECT_TRUE(C.contains(4));
}

TEST(TtlCacheTest, DestroysEvictedValues) {
  auto Token = std::make_shared<int>(0);
  {
    leakguard::ttl_cache<int, std::shared_ptr<int>> C(3);
    for (int I = 0; I < 100; ++I)
      C[I] = Token;
    EXPECT_EQ(Token.use_count(), 4);
    C.erase(C.begin());
    EXPECT_EQ(Token.use_count(), 3);
  }
  EXPECT_EQ(Token.use_count(), 1);
}

TEST(TtlCacheTest, StaysWithinCapacityUnderChurn) {
  Cache C(100);
  for (int I = 0; I < 10000; ++I) {
    C[std::to_string(I % 1000)] += 1;
    ASSERT_LE(C.size(), 100u);
  }
  EXPECT_EQ(C.size(), 100u);
  EXPECT_EQ(C.begin()->first, "999");
}

} // namespace
