#include "pharmatwin/serialization/gs1_check_digit.hpp"

#include <gtest/gtest.h>

namespace pharmatwin::serialization {
namespace {

// Published worked examples: GS1 Hong Kong (6291041500213), GS1 India (8904000210037),
// GS1 Sweden (7300011000017), a UPC-A (036000241457), the GS1 Digital Link examples
// (09506000134352) and the GS1 General Specifications SSCC example (106141411234567897).
TEST(Gs1CheckDigit, PublishedExamples) {
  EXPECT_EQ(gs1_check_digit("629104150021"), 3);
  EXPECT_EQ(gs1_check_digit("890400021003"), 7);
  EXPECT_EQ(gs1_check_digit("730001100001"), 7);
  EXPECT_EQ(gs1_check_digit("03600024145"), 7);
  EXPECT_EQ(gs1_check_digit("0950600013435"), 2);
  EXPECT_EQ(gs1_check_digit("10614141123456789"), 7);
  EXPECT_TRUE(has_valid_check_digit("09506000134352"));
  EXPECT_FALSE(has_valid_check_digit("09506000134353"));
}

TEST(Gs1CheckDigit, SumMultipleOfTenGivesZero) {
  // 3*1 + 1*7 = 10 -> check digit 0.
  EXPECT_EQ(gs1_check_digit("71"), 0);
}

TEST(Gs1CheckDigit, RejectsNonDigits) {
  EXPECT_FALSE(gs1_check_digit("12a4").has_value());
  EXPECT_FALSE(gs1_check_digit("").has_value());
  EXPECT_FALSE(has_valid_check_digit("1"));
}

TEST(Gs1CheckDigit, ValidatesKeysByKind) {
  EXPECT_TRUE(validate_gs1_key(Gs1KeyKind::kSscc, "106141411234567897").ok());
  EXPECT_TRUE(validate_gs1_key(Gs1KeyKind::kGln, "6291041500213").ok());
  EXPECT_TRUE(validate_gs1_key(Gs1KeyKind::kGtin, "96385074").ok());  // GTIN-8 from GS1 docs
  const auto bad = validate_gs1_key(Gs1KeyKind::kGtin, "09506000134353");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().position, 13u);
  const auto wrong_length = validate_gs1_key(Gs1KeyKind::kSscc, "0950600013435");
  EXPECT_FALSE(wrong_length.ok());
  const auto letter = validate_gs1_key(Gs1KeyKind::kGln, "62910415X0213");
  ASSERT_FALSE(letter.ok());
  EXPECT_EQ(letter.error().position, 8u);
}

TEST(Gs1CheckDigit, NormalisesGtinTo14Digits) {
  EXPECT_EQ(normalize_gtin("036000241457").value(), "00036000241457");
  EXPECT_EQ(normalize_gtin("6291041500213").value(), "06291041500213");
  EXPECT_EQ(normalize_gtin("96385074").value(), "00000096385074");
  EXPECT_EQ(normalize_gtin("09506000134352").value(), "09506000134352");
  EXPECT_FALSE(normalize_gtin("12345").ok());
}

}  // namespace
}  // namespace pharmatwin::serialization
