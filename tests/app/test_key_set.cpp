// KeySet (render/key_set.hpp), the thinning's set of joined cell pairs: each key is added once, whatever
// its value, through growth and after a clear.
#include <gtest/gtest.h>

#include <cstdint>
#include <unordered_set>

#include "render/key_set.hpp"

namespace gs {
namespace {

TEST(KeySet, EachKeyIsAddedOnceThroughGrowthAsASetWould) {
  KeySet set;
  std::unordered_set<std::uint64_t> reference;
  std::uint64_t state = 12345;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    const std::uint64_t key = (i % 3 == 0) ? state >> 52 : state;  // many repeats among small keys
    EXPECT_EQ(set.insert(key), reference.insert(key).second) << "key " << key << " at " << i;
  }
  EXPECT_EQ(set.size(), reference.size());
  for (const std::uint64_t key : reference) EXPECT_FALSE(set.insert(key)) << key;
}

TEST(KeySet, ZeroAndTheLargestKeyAreKeysLikeAnyOther) {
  KeySet set;
  EXPECT_TRUE(set.insert(0));
  EXPECT_FALSE(set.insert(0));
  EXPECT_TRUE(set.insert(~std::uint64_t{0}));
  EXPECT_FALSE(set.insert(~std::uint64_t{0}));
  EXPECT_EQ(set.size(), 2u);
}

TEST(KeySet, AClearedSetTakesEveryKeyAgain) {
  KeySet set;
  for (std::uint64_t key = 0; key < 1000; ++key) EXPECT_TRUE(set.insert(key * 7919));
  set.clear();
  EXPECT_EQ(set.size(), 0u);
  for (std::uint64_t key = 0; key < 1000; ++key) EXPECT_TRUE(set.insert(key * 7919));
  EXPECT_EQ(set.size(), 1000u);
}

}  // namespace
}  // namespace gs
