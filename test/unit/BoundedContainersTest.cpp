//===--- BoundedContainersTest.cpp - ttl_set, bounded_log, bounded_string -===//

#include "leakguard/ttl_cache.h"
#include "gtest/gtest.h"
#include <algorithm>
#include <chrono>
#include <deque>
#include <iterator>
#include <string>
#include <vector>

namespace {

/// A clock the test moves by hand.
struct StepClock {
  using duration = std::chrono::seconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<StepClock>;
  static constexpr bool is_steady = true;
  static time_point Now;
  static time_point now() { return Now; }
};
StepClock::time_point StepClock::Now;

std::vector<std::string> keysOf(const leakguard::ttl_set<std::string> &S) {
  return std::vector<std::string>(S.begin(), S.end());
}

TEST(TtlSetTest, InsertReportsWhetherTheKeyWasNew) {
  leakguard::ttl_set<std::string> Seen{4};
  EXPECT_TRUE(Seen.insert("a").second);
  EXPECT_FALSE(Seen.insert("a").second);
  EXPECT_EQ(*Seen.insert("b").first, "b");
  EXPECT_EQ(Seen.size(), 2u);
  EXPECT_EQ(Seen.count("a"), 1u);
  EXPECT_TRUE(Seen.contains("b"));
  EXPECT_FALSE(Seen.contains("c"));
  EXPECT_EQ(Seen.find("c"), Seen.end());
  EXPECT_EQ(*Seen.find("a"), "a");
}

TEST(TtlSetTest, EvictsTheLeastRecentlyUsedKey) {
  leakguard::ttl_set<std::string> Seen{2};
  Seen.insert("a");
  Seen.insert("b");
  Seen.find("a"); // a is now the most recently used
  Seen.insert("c");
  EXPECT_EQ(keysOf(Seen), (std::vector<std::string>{"c", "a"}));
  EXPECT_FALSE(Seen.contains("b"));
}

TEST(TtlSetTest, EmplaceEraseAndClear) {
  leakguard::ttl_set<std::string> Seen{8};
  EXPECT_TRUE(Seen.emplace(3, 'x').second);
  EXPECT_TRUE(Seen.contains("xxx"));
  EXPECT_EQ(Seen.erase("xxx"), 1u);
  EXPECT_EQ(Seen.erase("xxx"), 0u);
  Seen.insert("k");
  Seen.clear();
  EXPECT_TRUE(Seen.empty());
}

TEST(TtlSetTest, ExpiredKeysAreAbsent) {
  leakguard::ttl_set<int, std::hash<int>, std::equal_to<int>, StepClock> Ids{
      8, std::chrono::seconds(10)};
  Ids.insert(1);
  StepClock::Now += std::chrono::seconds(5);
  Ids.insert(2);
  StepClock::Now += std::chrono::seconds(6);
  EXPECT_FALSE(Ids.contains(1));
  EXPECT_TRUE(Ids.contains(2));
  EXPECT_TRUE(Ids.insert(1).second); // expired: added again
}

TEST(BoundedLogTest, KeepsTheLastElementsInOrder) {
  leakguard::bounded_log<int> Log{3};
  for (int I = 1; I <= 5; ++I)
    Log.push_back(I);
  EXPECT_EQ(Log.size(), 3u);
  EXPECT_EQ(Log.dropped(), 2u);
  EXPECT_EQ(std::vector<int>(Log.begin(), Log.end()),
            (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(Log.front(), 3);
  EXPECT_EQ(Log.back(), 5);
  EXPECT_EQ(Log[1], 4);
  EXPECT_EQ(Log.at(2), 5);
  EXPECT_THROW(Log.at(3), std::out_of_range);
}

TEST(BoundedLogTest, MatchesADequeThatDropsItsFront) {
  leakguard::bounded_log<std::string> Log{4};
  std::deque<std::string> Model;
  for (int I = 0; I < 23; ++I) {
    std::string Entry = "e" + std::to_string(I);
    Log.emplace_back(Entry);
    Model.push_back(Entry);
    if (Model.size() > 4)
      Model.pop_front();
    ASSERT_TRUE(std::equal(Log.begin(), Log.end(), Model.begin(), Model.end()))
        << "after " << I;
  }
  EXPECT_EQ(Log.end() - Log.begin(), 4);
  std::vector<std::string> Reversed(std::make_reverse_iterator(Log.end()),
                                    std::make_reverse_iterator(Log.begin()));
  EXPECT_EQ(Reversed.front(), "e22");
}

TEST(BoundedLogTest, ClearStartsOver) {
  leakguard::bounded_log<int> Log{2};
  Log.push_back(1);
  Log.push_back(2);
  Log.push_back(3);
  Log.clear();
  EXPECT_TRUE(Log.empty());
  Log.push_back(4);
  EXPECT_EQ(Log.front(), 4);
  EXPECT_EQ(Log.size(), 1u);
}

TEST(BoundedStringTest, KeepsTheLastCharacters) {
  leakguard::bounded_string Text{5};
  Text += "hello";
  Text += ' ';
  Text += std::string("world");
  EXPECT_EQ(Text.str(), "world");
  EXPECT_EQ(Text.size(), 5u);
  EXPECT_STREQ(Text.c_str(), "world");
  Text.push_back('!');
  EXPECT_EQ(Text.str(), "orld!");
  Text.append("ab", 1);
  EXPECT_EQ(Text.str(), "rld!a");
}

TEST(BoundedStringTest, ManyAppendsStayBounded) {
  leakguard::bounded_string Text{16};
  std::string All;
  for (int I = 0; I < 1000; ++I) {
    std::string Part = std::to_string(I) + ",";
    Text.append(Part);
    All += Part;
    ASSERT_EQ(Text.str(),
              All.substr(All.size() - std::min<size_t>(16, All.size())));
  }
  Text.clear();
  EXPECT_TRUE(Text.empty());
  EXPECT_EQ(Text.length(), 0u);
}

} // namespace
