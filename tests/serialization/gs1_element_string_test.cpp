#include "pharmatwin/serialization/gs1_element_string.hpp"

#include <gtest/gtest.h>

namespace pharmatwin::serialization {
namespace {

const Gs1ParseOptions k2026{2026};

std::vector<AiElement> pharma_pack() {
  return {{"01", "09506000134352"}, {"17", "271231"}, {"10", "9AB12"}, {"21", "XYZ"}};
}

TEST(Gs1ElementString, ParsesDataMatrixWithCaretFnc1) {
  const auto parsed = parse_element_string("]d2010950600013435217271231109AB12^21XYZ", k2026);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->symbology, "]d2");
  EXPECT_EQ(parsed->elements, pharma_pack());
}

TEST(Gs1ElementString, ParsesAsciiGroupSeparatorAndLeadingFnc1) {
  const auto parsed = parse_element_string(
      "\x1d"
      "010950600013435217271231109AB12\x1d"
      "21XYZ",
      k2026);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->elements, pharma_pack());
}

TEST(Gs1ElementString, ParsesHumanReadableForm) {
  const auto parsed = parse_element_string("(01)09506000134352(17)271231(10)9AB12(21)XYZ", k2026);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->elements, pharma_pack());
}

TEST(Gs1ElementString, HumanReadableKeepsParenthesesInsideData) {
  // '(' and ')' are in GS1 set 82; only "(AI)" of a known AI starts a new element.
  const auto parsed = parse_element_string("(01)09506000134352(21)A(B)C", k2026);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(*parsed->find("21"), "A(B)C");
}

TEST(Gs1ElementString, AcceptsOtherGs1Symbologies) {
  for (const char* id : {"]Q3", "]C1", "]e0"}) {
    const auto parsed = parse_element_string(std::string(id) + "0109506000134352", k2026);
    ASSERT_TRUE(parsed.ok()) << id;
    EXPECT_EQ(parsed->symbology, id);
  }
  EXPECT_FALSE(parse_element_string("]d10109506000134352", k2026).ok());
}

TEST(Gs1ElementString, SsccCountsNhrnAndGln) {
  // GS1 General Specifications SSCC example; (02)+(37) on a logistic unit.
  const auto parsed = parse_element_string(
      "(00)106141411234567897(02)09506000134352(37)24(400)PO-77(414)6291041500213", k2026);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(*parsed->find("00"), "106141411234567897");
  EXPECT_EQ(*parsed->find("37"), "24");
  EXPECT_EQ(*parsed->find("414"), "6291041500213");
  const auto nhrn = parse_element_string("(01)09506000134352(710)1234567(21)S1", k2026);
  ASSERT_TRUE(nhrn.ok()) << nhrn.error().to_string();
  EXPECT_EQ(*nhrn->find("710"), "1234567");
}

TEST(Gs1ElementString, RejectsBadCheckDigitWithPosition) {
  const auto parsed = parse_element_string("]d20109506000134353", k2026);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().element, "AI (01)");
  EXPECT_EQ(parsed.error().position, 18u);  // ]d2 + "01" + 13 digits
  EXPECT_NE(parsed.error().rule.find("check digit"), std::string::npos);
}

TEST(Gs1ElementString, DateRules) {
  // Day 00 is allowed in (17); 2028 is a leap year, 2027 is not.
  EXPECT_TRUE(parse_element_string("(01)09506000134352(17)271200", k2026).ok());
  EXPECT_TRUE(parse_element_string("(01)09506000134352(17)280229", k2026).ok());
  const auto feb29 = parse_element_string("(01)09506000134352(17)270229", k2026);
  ASSERT_FALSE(feb29.ok());
  EXPECT_EQ(feb29.error().element, "AI (17)");
  EXPECT_EQ(feb29.error().position, 26u);  // the DD of (17)
  const auto month13 = parse_element_string("(01)09506000134352(17)271301", k2026);
  ASSERT_FALSE(month13.ok());
  EXPECT_EQ(month13.error().position, 24u);  // the MM of (17)
  // 2000 is a leap year (divisible by 400): 000229 valid with reference 2026.
  EXPECT_TRUE(parse_element_string("(01)09506000134352(11)000229", k2026).ok());
}

TEST(Gs1ElementString, ExpiryTimeAi7003) {
  EXPECT_TRUE(parse_element_string("(01)09506000134352(7003)2712312359", k2026).ok());
  const auto bad_hour = parse_element_string("(01)09506000134352(7003)2712312459", k2026);
  ASSERT_FALSE(bad_hour.ok());
  EXPECT_EQ(bad_hour.error().element, "AI (7003)");
  // (7003) is fixed length but not in the predefined-length table: FNC1 must follow.
  EXPECT_FALSE(parse_element_string("01095060001343527003271231235921X", k2026).ok());
  // An FNC1 inside the 10 digits of (7003) cuts the data short.
  EXPECT_FALSE(parse_element_string("0109506000134352700327123123592^1X", k2026).ok());
  EXPECT_TRUE(parse_element_string("010950600013435270032712312359^21X", k2026).ok());
}

TEST(Gs1ElementString, CharsetAndLengthErrors) {
  const auto space = parse_element_string("(01)09506000134352(10)AB 12", k2026);
  ASSERT_FALSE(space.ok());
  EXPECT_EQ(space.error().element, "AI (10)");
  EXPECT_EQ(space.error().position, 24u);
  const auto long_serial =
      parse_element_string("(01)09506000134352(21)123456789012345678901", k2026);
  ASSERT_FALSE(long_serial.ok());
  EXPECT_EQ(long_serial.error().element, "AI (21)");
  const auto unknown = parse_element_string("0109506000134352^99", k2026);
  EXPECT_FALSE(unknown.ok());  // (99) needs at least one character
  const auto count = parse_element_string("(00)106141411234567897(02)09506000134352(37)12A", k2026);
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.error().element, "AI (37)");
}

TEST(Gs1ElementString, MandatoryAssociations) {
  EXPECT_FALSE(parse_element_string("(21)XYZ", k2026).ok());
  EXPECT_FALSE(parse_element_string("(01)09506000134352(02)09506000134352", k2026).ok());
  EXPECT_FALSE(parse_element_string("(01)09506000134352(21)A(21)B", k2026).ok());
}

TEST(Gs1ElementString, EncodesBothForms) {
  Gs1ElementString es;
  es.elements = pharma_pack();
  EXPECT_EQ(to_human_readable(es), "(01)09506000134352(17)271231(10)9AB12(21)XYZ");
  // (01) and (17) are predefined length: no separator; (10) needs one before (21).
  EXPECT_EQ(to_barcode_data(es), "^010950600013435217271231109AB12^21XYZ");
  EXPECT_EQ(to_barcode_data(es, kAsciiGroupSeparator),
            "\x1d"
            "010950600013435217271231109AB12\x1d"
            "21XYZ");
  const auto back = parse_element_string(to_barcode_data(es), k2026);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->elements, es.elements);
}

TEST(Gs1Date, SlidingWindowCentury) {
  // GS1 General Specifications 7.12: up to 50 years ahead, 49 behind.
  EXPECT_EQ(resolve_century(76, 2026), 2076);
  EXPECT_EQ(resolve_century(77, 2026), 1977);
  EXPECT_EQ(resolve_century(0, 2026), 2000);
  EXPECT_EQ(resolve_century(99, 2026), 1999);
  EXPECT_EQ(resolve_century(10, 2070), 2110);  // 10 - 70 = -60 <= -50: next century
  EXPECT_EQ(resolve_century(21, 2070), 2021);  // -49: same century
  EXPECT_EQ(resolve_century(20, 2070), 2120);  // -50: next century
}

TEST(Gs1Date, CalendarConversions) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
  EXPECT_EQ(civil_from_days(11017), (CivilDate{2000, 3, 1}));
  EXPECT_EQ(date_of_ms(1'700'000'000'000), (CivilDate{2023, 11, 14}));
  EXPECT_EQ(resolve_day_zero({2028, 2, 0}), (CivilDate{2028, 2, 29}));
  EXPECT_EQ(resolve_day_zero({2100, 2, 0}), (CivilDate{2100, 2, 28}));
  EXPECT_FALSE(parse_iso_date("2027-02-29").ok());
  EXPECT_EQ(parse_iso_date("2028-02-29").value(), (CivilDate{2028, 2, 29}));
}

}  // namespace
}  // namespace pharmatwin::serialization
