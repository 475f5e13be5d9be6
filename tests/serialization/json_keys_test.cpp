// find_duplicate_key: a key given twice in one object is found at its second occurrence; the
// same key in different objects, in arrays or inside string values is not a duplicate.
#include "pharmatwin/serialization/json_keys.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pharmatwin::serialization {
namespace {

TEST(JsonKeys, FindsTheSecondOccurrenceInTheSameObject) {
  const std::string text = R"({"a": 1, "b": {"c": 2}, "a": 3})";
  const auto dup = find_duplicate_key(text);
  ASSERT_TRUE(dup);
  EXPECT_EQ(dup->key, "a");
  EXPECT_EQ(dup->first, text.find("\"a\""));
  EXPECT_EQ(dup->offset, text.rfind("\"a\""));
}

TEST(JsonKeys, SameKeyInOtherObjectsArraysOrValuesIsNoDuplicate) {
  EXPECT_FALSE(find_duplicate_key(R"({"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}], "c": "a"})"));
  EXPECT_FALSE(find_duplicate_key(R"([{"x": 1}, {"x": 2}])"));
  EXPECT_FALSE(find_duplicate_key(R"({"k": "\"a\": 1, \"k\": 2"})"));
  EXPECT_FALSE(find_duplicate_key("{}"));
  EXPECT_FALSE(find_duplicate_key("[]"));
}

TEST(JsonKeys, EscapesAreResolvedBeforeComparing) {
  const auto dup = find_duplicate_key(R"({"a": 1, "\u0061": 2})");
  ASSERT_TRUE(dup);
  EXPECT_EQ(dup->key, "a");
  const auto emoji = find_duplicate_key(R"({"\ud83d\ude00": 1, "😀": 2})");
  ASSERT_TRUE(emoji);
  EXPECT_EQ(emoji->key, "😀");
}

TEST(JsonKeys, ObjectsWithManyKeys) {
  std::string text = "{";
  for (int i = 0; i < 1000; ++i)
    text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
  const std::string unique = text + "\"last\": 0}";
  EXPECT_FALSE(find_duplicate_key(unique));
  const std::string twice = text + "\"k517\": 0}";
  const auto dup = find_duplicate_key(twice);
  ASSERT_TRUE(dup);
  EXPECT_EQ(dup->key, "k517");
  EXPECT_EQ(dup->first, twice.find("\"k517\""));
}

TEST(JsonKeys, ByteOrderMarkIsSkipped) {
  EXPECT_EQ(skip_utf8_bom("\xEF\xBB\xBF{}"), "{}");
  EXPECT_EQ(skip_utf8_bom("{}"), "{}");
  EXPECT_EQ(skip_utf8_bom("\xEF\xBB"), "\xEF\xBB");
}

}  // namespace
}  // namespace pharmatwin::serialization
