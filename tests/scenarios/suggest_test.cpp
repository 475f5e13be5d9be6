// "Did you mean": edit distance and the closest known name.
#include "suggest.hpp"

#include <gtest/gtest.h>

namespace pharmatwin::scenarios {
namespace {

TEST(Suggest, EditDistanceCountsEditsAndSwapsIgnoringCase) {
  EXPECT_EQ(edit_distance("cold-room", "cold-room"), 0u);
  EXPECT_EQ(edit_distance("cold-rom", "cold-room"), 1u);    // insertion
  EXPECT_EQ(edit_distance("cold-rooom", "cold-room"), 1u);  // deletion
  EXPECT_EQ(edit_distance("cold-ruom", "cold-room"), 1u);   // substitution
  EXPECT_EQ(edit_distance("cold-roon", "cold-room"), 1u);
  EXPECT_EQ(edit_distance("cdol-room", "cold-room"), 2u);  // two neighbour swaps
  EXPECT_EQ(edit_distance("freezre", "freezer"), 1u);      // neighbours swapped
  EXPECT_EQ(edit_distance("FREEZER", "freezer"), 0u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, ClosestNameWithinAThirdOfTheLength) {
  const std::vector<std::string> zones = {"cold-room", "ambient-hall", "freezer"};
  EXPECT_EQ(closest_name("cold-rom", zones), "cold-room");
  EXPECT_EQ(closest_name("Freezer", zones), "freezer");
  EXPECT_EQ(closest_name("ambienthall", zones), "ambient-hall");
  EXPECT_EQ(closest_name("cellar", zones), "");
  EXPECT_EQ(closest_name("x", {"y"}), "y");  // short names: one edit is allowed
  EXPECT_EQ(closest_name("xy", {"ab"}), "");
  EXPECT_EQ(closest_name("cr-air-4", {"cr-air-1", "cr-air-2"}), "cr-air-1");  // ties: the first
  EXPECT_EQ(suggestion("lidd", {"lid", "dock"}), " (did you mean 'lid'?)");
  EXPECT_EQ(suggestion("cellar", zones), "");
}

}  // namespace
}  // namespace pharmatwin::scenarios
