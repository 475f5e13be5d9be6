// The one vocabulary of decision kinds: every kind has a word and each word reads back as its kind.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "pharmatwin/adapters/decision.hpp"

namespace pharmatwin::adapters {
namespace {

constexpr DecisionKind kAllKinds[] = {DecisionKind::kQuarantine, DecisionKind::kHold,
                                      DecisionKind::kRelease, DecisionKind::kReject,
                                      DecisionKind::kInvestigate};

TEST(DecisionKindWords, EveryKindHasItsOwnWordThatReadsBack) {
  std::set<std::string> words;
  for (DecisionKind kind : kAllKinds) {
    const std::string word = to_string(kind);
    EXPECT_NE(word, "?");
    EXPECT_TRUE(words.insert(word).second) << "two kinds share the word " << word;
    EXPECT_EQ(parse_decision_kind(word), kind) << word;
  }
}

TEST(DecisionKindWords, OtherWordsAndValuesAreNotKinds) {
  EXPECT_FALSE(parse_decision_kind("recall").has_value());
  EXPECT_FALSE(parse_decision_kind("Quarantine").has_value());  // words are lower case
  EXPECT_FALSE(parse_decision_kind("").has_value());
  EXPECT_STREQ(to_string(static_cast<DecisionKind>(99)), "?");
}

static_assert(parse_decision_kind("hold") == DecisionKind::kHold, "usable at compile time");

}  // namespace
}  // namespace pharmatwin::adapters
