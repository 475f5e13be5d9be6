#include <gtest/gtest.h>

#include "pharmatwin/serialization/digital_link.hpp"
#include "pharmatwin/serialization/epc_uri.hpp"

namespace pharmatwin::serialization {
namespace {

const Gs1ParseOptions k2026{2026};

// Examples of the GS1 EPC Tag Data Standard (sections 6 and 7).
TEST(EpcUri, SgtinTdsExamples) {
  EXPECT_EQ(make_sgtin_uri("80614141123458", "6789", 7).value(),
            "urn:epc:id:sgtin:0614141.812345.6789");
  EXPECT_EQ(make_sgtin_uri("70614141123451", "32a/b", 7).value(),
            "urn:epc:id:sgtin:0614141.712345.32a%2Fb");
  const auto parsed = parse_epc_uri("urn:epc:id:sgtin:0614141.712345.32a%2Fb");
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->scheme, EpcScheme::kSgtin);
  EXPECT_EQ(parsed->key, "70614141123451");
  EXPECT_EQ(parsed->component, "32a/b");
  EXPECT_EQ(parsed->company_prefix_length, 7);
  // The EPCIS standard's running example.
  EXPECT_EQ(parse_epc_uri("urn:epc:id:sgtin:4012345.011111.987")->key, "04012345111118");
}

TEST(EpcUri, SsccSglnPglnLgtin) {
  EXPECT_EQ(make_sscc_uri("106141412345678908", 7).value(), "urn:epc:id:sscc:0614141.1234567890");
  EXPECT_EQ(parse_epc_uri("urn:epc:id:sscc:0614141.1234567890")->key, "106141412345678908");
  EXPECT_EQ(make_sgln_uri("0614141123452", "5678", 7).value(),
            "urn:epc:id:sgln:0614141.12345.5678");
  EXPECT_EQ(make_sgln_uri("0614141123452", "", 7).value(), "urn:epc:id:sgln:0614141.12345.0");
  const auto sgln = parse_epc_uri("urn:epc:id:sgln:0614141.12345.5678");
  EXPECT_EQ(sgln->key, "0614141123452");
  EXPECT_EQ(sgln->component, "5678");
  EXPECT_EQ(make_pgln_uri("0614141123452", 7).value(), "urn:epc:id:pgln:0614141.12345");
  EXPECT_EQ(make_lgtin_uri("30614141123453", "1234", 7).value(),
            "urn:epc:class:lgtin:0614141.312345.1234");
  EXPECT_EQ(parse_epc_uri("urn:epc:class:lgtin:0614141.312345.1234")->key, "30614141123453");
}

TEST(EpcUri, PrefixLengthsFrom6To12) {
  for (int cpl = 6; cpl <= 12; ++cpl) {
    const auto uri = make_sgtin_uri("80614141123458", "1", cpl);
    ASSERT_TRUE(uri.ok());
    const auto back = parse_epc_uri(uri.value());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(back->key, "80614141123458");
    EXPECT_EQ(back->company_prefix_length, cpl);
  }
  EXPECT_FALSE(make_sgtin_uri("80614141123458", "1", 5).ok());
  EXPECT_FALSE(make_sgtin_uri("80614141123458", "1", 13).ok());
}

TEST(EpcUri, EscapingPerTds) {
  EXPECT_EQ(epc_escape("a\"%&/<>?b"), "a%22%25%26%2F%3C%3E%3Fb");
  EXPECT_EQ(epc_escape("!'()*+,-.:;=_"), "!'()*+,-.:;=_");
  EXPECT_EQ(epc_unescape("a%22%25%26%2F%3C%3E%3Fb").value(), "a\"%&/<>?b");
  EXPECT_FALSE(epc_unescape("a/b").ok());  // '/' must be escaped
  EXPECT_FALSE(epc_unescape("a%2").ok());  // truncated escape
  EXPECT_FALSE(epc_unescape("a#b").ok());  // '#' is not in set 82
}

TEST(EpcUri, RejectsMalformed) {
  EXPECT_FALSE(parse_epc_uri("urn:epc:id:sgtin:0614141.81234.6789").ok());  // 12 digits
  EXPECT_FALSE(parse_epc_uri("urn:epc:id:sgtin:06141.8123456.6789").ok());  // prefix < 6
  EXPECT_FALSE(parse_epc_uri("urn:epc:id:sgtin:0614141.812345").ok());
  EXPECT_FALSE(parse_epc_uri("urn:epc:id:sscc:0614141.123456789").ok());
  EXPECT_FALSE(parse_epc_uri("urn:epc:id:grai:0614141.12345.1").ok());
  EXPECT_FALSE(parse_epc_uri("").ok());
}

TEST(DigitalLink, ParsesGs1Example) {
  const auto link =
      parse_digital_link("https://id.gs1.org/01/09506000134352/10/9AB12/21/XYZ?17=271231", k2026);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->domain, "https://id.gs1.org");
  EXPECT_EQ(*link->elements.find("01"), "09506000134352");
  EXPECT_EQ(*link->elements.find("10"), "9AB12");
  EXPECT_EQ(*link->elements.find("21"), "XYZ");
  EXPECT_EQ(*link->elements.find("17"), "271231");
}

TEST(DigitalLink, BuildsCanonicalForm) {
  // Example of GS1's Digital Link library tests: (01)05412345000013 (10)ABC123 (17)290331.
  Gs1ElementString es;
  es.elements = {{"17", "290331"}, {"10", "ABC123"}, {"01", "05412345000013"}};
  EXPECT_EQ(to_digital_link(es).value(),
            "https://id.gs1.org/01/05412345000013/10/ABC123?17=290331");
  // The EPC-to-Digital-Link example: urn:epc:id:sgtin:4012345.011111.987.
  Gs1ElementString sgtin;
  sgtin.elements = {{"01", "04012345111118"}, {"21", "987"}};
  EXPECT_EQ(to_digital_link(sgtin).value(), "https://id.gs1.org/01/04012345111118/21/987");
  EXPECT_EQ(to_digital_link(sgtin, "https://example.com/").value(),
            "https://example.com/01/04012345111118/21/987");
}

TEST(DigitalLink, CanonicalisesPrefixShortNamesAndShortGtin) {
  const auto link = parse_digital_link(
      "https://brand.example.com/products/gtin/9506000134352/ser/A%2FB?17=271200&linkType=gs1:pip",
      k2026);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->domain, "https://brand.example.com/products");
  EXPECT_EQ(*link->elements.find("21"), "A/B");
  ASSERT_EQ(link->other_params.size(), 1u);
  EXPECT_EQ(link->other_params[0].first, "linkType");
  EXPECT_EQ(canonical_digital_link(link.value()),
            "https://id.gs1.org/01/09506000134352/21/A%2FB?17=271200");
}

TEST(DigitalLink, RejectsRuleBreaks) {
  // Qualifiers out of order (21 before 10).
  const auto order = parse_digital_link("https://id.gs1.org/01/09506000134352/21/X/10/L", k2026);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().element, "AI (10)");
  // Bad check digit, reported at the value's position in the URI.
  const auto check = parse_digital_link("https://id.gs1.org/01/09506000134353", k2026);
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().position, std::string("https://id.gs1.org/01/").size() + 13);
  EXPECT_FALSE(parse_digital_link("https://id.gs1.org/", k2026).ok());
  EXPECT_FALSE(parse_digital_link("ftp://id.gs1.org/01/09506000134352", k2026).ok());
  EXPECT_FALSE(parse_digital_link("https://id.gs1.org/01/09506000134352?21=X", k2026).ok());
  EXPECT_FALSE(parse_digital_link("https://id.gs1.org/01/09506000134352/21/%G1", k2026).ok());
  EXPECT_FALSE(parse_digital_link("https://id.gs1.org/01/09506000134352?17=271301", k2026).ok());
}

TEST(DigitalLink, PercentEncoding) {
  EXPECT_EQ(percent_encode("AB-12_x.~"), "AB-12_x.~");
  EXPECT_EQ(percent_encode("a/b c%"), "a%2Fb%20c%25");
  EXPECT_EQ(percent_decode("a%2Fb%20c%25").value(), "a/b c%");
}

}  // namespace
}  // namespace pharmatwin::serialization
