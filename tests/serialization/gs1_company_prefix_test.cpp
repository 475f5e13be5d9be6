// GS1 Company Prefix length tables (text and GS1's JSON form) and their use in making EPC URNs,
// on the Tag Data Standard's company prefix 0614141 and keys.
#include "pharmatwin/serialization/gs1_company_prefix.hpp"

#include <gtest/gtest.h>

#include "pharmatwin/serialization/epc_gs1.hpp"

namespace pharmatwin::serialization {
namespace {

const Gs1ParseOptions k2026{2026};

CompanyPrefixTable table_of(std::string_view text) {
  auto t = CompanyPrefixTable::parse(text);
  EXPECT_TRUE(t.ok()) << t.error().to_string();
  return t.ok() ? std::move(t).value() : CompanyPrefixTable{};
}

TEST(CompanyPrefixTable, LongestListedPrefixWins) {
  const auto t = table_of("# GS1 prefix ranges\n06 0\n0614141 7   # TDS examples\n\n061414 9\n");
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.find("0614141123452")->length, 7);
  EXPECT_EQ(t.find("0614141123452")->prefix, "0614141");
  EXPECT_EQ(t.find("0614149999999")->length, 9);
  EXPECT_EQ(t.find("0699999999999")->length, 0);
  EXPECT_FALSE(t.find("9506000134352").has_value());
}

TEST(CompanyPrefixTable, ReadsGs1sJsonForm) {
  const auto t = table_of(
      R"({"GCPPrefixFormatList": {"date": "2024-01-01", "entry": [
          {"prefix": "0614141", "gcpLength": 7}, {"prefix": "95060001", "gcpLength": "8"}]}})");
  EXPECT_EQ(t.find("0614141123452")->length, 7);
  EXPECT_EQ(t.find("9506000134352")->length, 8);
}

TEST(CompanyPrefixTable, ErrorsNameLineColumnAndField) {
  const auto bad_length = CompanyPrefixTable::parse("0614141 7\n0614142 13\n");
  ASSERT_FALSE(bad_length.ok());
  EXPECT_EQ(bad_length.error().position, 18u);
  EXPECT_EQ(bad_length.error().rule, "line 2, column 9 (length): length 13 is not 0-12");
  const auto bad_prefix = CompanyPrefixTable::parse("06141x1 7\n");
  ASSERT_FALSE(bad_prefix.ok());
  EXPECT_EQ(bad_prefix.error().rule, "line 1, column 1 (prefix): \"06141x1\" is not 1-12 digits");
  const auto no_length = CompanyPrefixTable::parse("  0614141\n");
  ASSERT_FALSE(no_length.ok());
  EXPECT_NE(no_length.error().rule.find("the length is missing"), std::string::npos);
  const auto extra = CompanyPrefixTable::parse("0614141 7 x\n");
  ASSERT_FALSE(extra.ok());
  EXPECT_EQ(extra.error().position, 10u);
  const auto clash = CompanyPrefixTable::parse("0614141 7\n0614141 8\n");
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().rule,
            "line 2, column 1 (prefix): prefix 0614141 has length 8 here and 7 at line 1");
  EXPECT_TRUE(CompanyPrefixTable::parse("0614141 7\n0614141 7\n").ok());  // same again: fine
  EXPECT_FALSE(CompanyPrefixTable::parse("# nothing\n").ok());
  const auto json = CompanyPrefixTable::parse(R"({"GCPPrefixFormatList": {"entry": [
      {"prefix": "0614141", "gcpLength": 7}, {"prefix": "0614142"}]}})");
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().rule, "entry 2: \"gcpLength\" missing or not a whole number");
  const auto syntax = CompanyPrefixTable::parse("{\"GCPPrefixFormatList\": [");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.error().rule.find("not valid JSON"), std::string::npos);
  EXPECT_FALSE(CompanyPrefixTable::load("/nonexistent/gcp.txt").ok());
}

TEST(CompanyPrefixTable, MakesEpcUrnsOfEveryKeyKind) {
  const auto t = table_of("0614141 7\n");
  const auto epc = [&](std::string_view es) {
    auto parsed = parse_element_string(es, k2026);
    EXPECT_TRUE(parsed.ok()) << parsed.error().to_string();
    auto urn = element_string_to_epc(parsed.value(), t, k2026);
    return urn ? urn.value() : "error: " + urn.error().to_string();
  };
  EXPECT_EQ(epc("(01)80614141123458(21)6789"), "urn:epc:id:sgtin:0614141.812345.6789");
  EXPECT_EQ(epc("(00)106141412345678908"), "urn:epc:id:sscc:0614141.1234567890");
  EXPECT_EQ(epc("(414)0614141123452(254)5678"), "urn:epc:id:sgln:0614141.12345.5678");
  EXPECT_EQ(epc("(8003)00614141123452400"), "urn:epc:id:grai:0614141.12345.400");
  EXPECT_EQ(epc("(8004)0614141ABC123"), "urn:epc:id:giai:0614141.ABC123");
  EXPECT_EQ(epc("(8018)061414112345678902"), "urn:epc:id:gsrn:0614141.1234567890");
  EXPECT_EQ(epc("(253)0614141123452XYZ"), "urn:epc:id:gdti:0614141.12345.XYZ");
  // No entry, and a range the table marks as without company prefixes.
  EXPECT_NE(epc("(01)09506000134352(21)1").find("has no entry for 09506000134352"),
            std::string::npos);
  const auto zero = table_of("0614141 0\n");
  auto parsed = parse_element_string("(01)80614141123458(21)6789", k2026);
  const auto urn = element_string_to_epc(parsed.value(), zero, k2026);
  ASSERT_FALSE(urn.ok());
  EXPECT_EQ(urn.error().position, 1u);
  EXPECT_NE(urn.error().rule.find("without GS1 Company Prefixes"), std::string::npos);
  const auto gdti = parse_element_string("(253)0614141123452", k2026);
  EXPECT_FALSE(element_string_to_epc(gdti.value(), t, k2026).ok());  // an EPC needs the serial
}

}  // namespace
}  // namespace pharmatwin::serialization
