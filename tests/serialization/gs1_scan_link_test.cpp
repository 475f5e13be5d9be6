// Scan data of every GS1 symbology identifier, Digital Link with every primary key of the
// dictionary, and EPC URN <-> Digital Link in one step, against examples of the GS1 General
// Specifications, the GS1 Digital Link standard and the EPC Tag Data Standard.
#include <gtest/gtest.h>

#include "pharmatwin/serialization/digital_link.hpp"
#include "pharmatwin/serialization/epc_gs1.hpp"
#include "pharmatwin/serialization/gs1_dictionary.hpp"
#include "pharmatwin/serialization/gs1_scan_data.hpp"

namespace pharmatwin::serialization {
namespace {

const Gs1ParseOptions k2026{2026};

TEST(Gs1ScanData, AiDataSymbologies) {
  for (const char* id : {"]C1", "]e0", "]d2", "]Q3", "]J1"}) {
    auto scan = parse_scan_data(std::string(id) +
                                    "0109506000134352"
                                    "10AB1",
                                k2026);
    ASSERT_TRUE(scan.ok()) << id << scan.error().to_string();
    EXPECT_EQ(scan->kind, ScanKind::kAiData);
    EXPECT_EQ(scan->symbology, id);
    EXPECT_EQ(*scan->elements.find("10"), "AB1");
  }
}

TEST(Gs1ScanData, EanUpcWithCompositeComponent) {
  auto ean13 = parse_scan_data("]E09506000134352", k2026);
  ASSERT_TRUE(ean13.ok()) << ean13.error().to_string();
  EXPECT_EQ(*ean13->elements.find("01"), "09506000134352");
  auto composite = parse_scan_data("]E09506000134352|]e01727123110AB1", k2026);
  ASSERT_TRUE(composite.ok()) << composite.error().to_string();
  EXPECT_EQ(*composite->elements.find("17"), "271231");
  EXPECT_EQ(*composite->elements.find("10"), "AB1");
  auto ean8 = parse_scan_data("]E495012346", k2026);  // EAN-8 9501234-6
  ASSERT_TRUE(ean8.ok()) << ean8.error().to_string();
  EXPECT_EQ(*ean8->elements.find("01"), "00000095012346");
  EXPECT_FALSE(parse_scan_data("]E09506000134353", k2026).ok());  // check digit
  EXPECT_FALSE(parse_scan_data("]E0950600013435", k2026).ok());   // 12 digits
  auto itf = parse_scan_data("]I110614141000415", k2026);
  ASSERT_TRUE(itf.ok()) << itf.error().to_string();
  EXPECT_EQ(*itf->elements.find("01"), "10614141000415");
}

TEST(Gs1ScanData, PlainDataAndDigitalLinkInPlainSymbologies) {
  auto dl = parse_scan_data("]Q1https://id.gs1.org/01/09506000134352/10/AB1", k2026);
  ASSERT_TRUE(dl.ok()) << dl.error().to_string();
  EXPECT_EQ(dl->kind, ScanKind::kDigitalLink);
  EXPECT_EQ(*dl->elements.find("10"), "AB1");
  auto dm = parse_scan_data("]d1https://example.com/01/09506000134352", k2026);
  ASSERT_TRUE(dm.ok());
  EXPECT_EQ(dm->kind, ScanKind::kDigitalLink);
  auto web = parse_scan_data("]Q1https://example.com/about", k2026);
  ASSERT_TRUE(web.ok());
  EXPECT_EQ(web->kind, ScanKind::kPlain);
  auto text = parse_scan_data("]Q1HELLO 123", k2026);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->kind, ScanKind::kPlain);
  EXPECT_EQ(text->plain, "HELLO 123");
  // A Digital Link with a wrong check digit is an error, not plain data; the position counts
  // the identifier.
  auto broken = parse_scan_data("]Q1https://id.gs1.org/01/09506000134353", k2026);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().position, 3u + 35u);
  EXPECT_FALSE(parse_scan_data("]!!0109506000134352", k2026).ok());
  EXPECT_FALSE(parse_element_string("]Q1HELLO", k2026).ok());
}

TEST(Gs1DigitalLink, EveryPrimaryKeyOfTheDictionary) {
  // One link per dlpkey entry of the shipped dictionary, with valid keys.
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"00", "/00/106141411234567897"},
      {"01", "/01/09506000134352/22/V1/10/L1/21/S1"},
      {"253", "/253/4719512002889123456"},
      {"255", "/255/0614141000418123"},
      {"401", "/401/0614141XYZ"},
      {"402", "/402/06141411234567890"},
      {"414", "/414/0614141000418/254/5"},
      {"415", "/415/0614141000418/8020/INV1"},
      {"417", "/417/0614141000418"},
      {"8003", "/8003/00614141000029ABC"},
      {"8004", "/8004/0614141ABC"},
      {"8006", "/8006/095060001343520102/10/L1/21/S1"},
      {"8010", "/8010/0614141ABC/8011/123"},
      {"8013", "/8013/1987654Ad4X4bL5ttr2310c2K"},
      {"8017", "/8017/061414112345678902/8019/7"},
      {"8018", "/8018/061414112345678902/8019/7"},
  };
  auto dict = default_gs1_dictionary();
  ASSERT_TRUE(dict.ok());
  std::size_t dict_keys = 0;
  for (const auto& e : (*dict)->entries()) dict_keys += e.dl_primary_key;
  EXPECT_EQ(keys.size(), dict_keys);
  for (const auto& [ai, path] : keys) {
    EXPECT_TRUE((*dict)->find(ai)->dl_primary_key) << ai;
    const std::string uri = "https://id.gs1.org" + path;
    auto link = parse_digital_link(uri, k2026);
    ASSERT_TRUE(link.ok()) << uri << ": " << link.error().to_string();
    EXPECT_EQ(link->elements.elements.front().ai, ai);
    EXPECT_EQ(canonical_digital_link(*link), uri);
  }
}

TEST(Gs1DigitalLink, QualifierPathsFromTheDictionary) {
  EXPECT_TRUE(parse_digital_link("https://id.gs1.org/01/09506000134352/235/TPX1", k2026).ok());
  EXPECT_TRUE(parse_digital_link("https://id.gs1.org/01/09506000134352/22/V/21/S", k2026).ok());
  EXPECT_TRUE(parse_digital_link("https://id.gs1.org/414/0614141000418/7040/1A2b", k2026).ok());
  const auto order = parse_digital_link("https://id.gs1.org/01/09506000134352/21/S/10/L", k2026);
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.error().rule.find("out of order"), std::string::npos);
  // "22,10,21" or "235": not both.
  EXPECT_FALSE(parse_digital_link("https://id.gs1.org/01/09506000134352/22/V/235/T", k2026).ok());
  EXPECT_FALSE(parse_digital_link("https://id.gs1.org/00/106141411234567897/10/L", k2026).ok());
}

TEST(Gs1DigitalLink, StemCaseOrderDuplicatesAndConflicts) {
  auto link = parse_digital_link(
      "HTTPS://Example.COM/my/stem/01/09506000134352/10/L1?3103=000195&17=271231&linkType=all",
      k2026);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->domain, "HTTPS://Example.COM/my/stem");
  EXPECT_EQ(link->other_params.size(), 1u);
  EXPECT_EQ(canonical_digital_link(*link),
            "https://id.gs1.org/01/09506000134352/10/L1?17=271231&3103=000195");
  auto dup = parse_digital_link("https://id.gs1.org/01/09506000134352?17=271231&17=271231", k2026);
  ASSERT_TRUE(dup.ok()) << dup.error().to_string();
  EXPECT_EQ(dup->elements.elements.size(), 2u);
  EXPECT_FALSE(
      parse_digital_link("https://id.gs1.org/01/09506000134352?17=271231&17=271230", k2026).ok());
  // Not a permitted data attribute; an unknown AI; a key qualifier in the query.
  EXPECT_FALSE(parse_digital_link("https://id.gs1.org/01/09506000134352?8014=X", k2026).ok());
  const auto unknown = parse_digital_link("https://id.gs1.org/01/09506000134352?999=1", k2026);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().rule, "unknown AI (999)");
  EXPECT_FALSE(parse_digital_link("https://id.gs1.org/01/09506000134352?10=L", k2026).ok());
  // GS1 Digital Link standard example with a GTIN-13.
  auto short_gtin = parse_digital_link("https://example.com/01/9506000134352", k2026);
  ASSERT_TRUE(short_gtin.ok());
  EXPECT_EQ(*short_gtin->elements.find("01"), "09506000134352");
}

TEST(Gs1DigitalLink, ElementStringsOfAnyKeyBecomeLinks) {
  Gs1ElementString es;
  es.elements = {{"8018", "061414112345678902"}, {"8019", "7"}, {"7250", "19800229"}};
  EXPECT_EQ(to_digital_link(es).value(),
            "https://id.gs1.org/8018/061414112345678902/8019/7?7250=19800229");
  es.elements = {{"00", "106141411234567897"}, {"8014", "X"}};
  EXPECT_FALSE(to_digital_link(es).ok());  // (8014) may not be a Digital Link attribute
}

TEST(EpcGs1, TagDataStandardExamplesToDigitalLinkAndBack) {
  struct Case {
    const char* urn;
    const char* link;
    int cpl;
  };
  const Case cases[] = {
      {"urn:epc:id:sgtin:0614141.812345.6789", "https://id.gs1.org/01/80614141123458/21/6789", 7},
      {"urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908", 7},
      {"urn:epc:id:sgln:0614141.12345.400", "https://id.gs1.org/414/0614141123452/254/400", 7},
      {"urn:epc:id:sgln:0614141.12345.0", "https://id.gs1.org/414/0614141123452", 7},
      {"urn:epc:id:grai:0614141.12345.400", "https://id.gs1.org/8003/00614141123452400", 7},
      {"urn:epc:id:giai:0614141.12345400", "https://id.gs1.org/8004/061414112345400", 7},
      {"urn:epc:id:gsrn:0614141.1234567890", "https://id.gs1.org/8018/061414112345678902", 7},
      {"urn:epc:id:gsrnp:0614141.1234567890", "https://id.gs1.org/8017/061414112345678902", 7},
      {"urn:epc:id:gdti:0614141.12345.006847", "https://id.gs1.org/253/0614141123452006847", 7},
      {"urn:epc:id:cpi:0614141.123ABC.123456789",
       "https://id.gs1.org/8010/0614141123ABC/8011/123456789", 7},
      {"urn:epc:id:sgcn:4012345.67890.04711", "https://id.gs1.org/255/401234567890104711", 7},
      {"urn:epc:id:ginc:0614141.xyz3311cba", "https://id.gs1.org/401/0614141xyz3311cba", 7},
      {"urn:epc:id:gsin:0614141.123456789", "https://id.gs1.org/402/06141411234567890", 7},
      {"urn:epc:id:itip:4012345.012345.01.02.987",
       "https://id.gs1.org/8006/040123451234560102/21/987", 7},
      {"urn:epc:id:pgln:1234567.89012", "https://id.gs1.org/417/1234567890128", 7},
      {"urn:epc:class:lgtin:4012345.012345.998877",
       "https://id.gs1.org/01/04012345123456/10/998877", 7},
      {"urn:epc:id:sgtin:0614141.712345.32a%2Fb", "https://id.gs1.org/01/70614141123451/21/32a%2Fb",
       7},
  };
  for (const auto& c : cases) {
    auto link = epc_to_digital_link(c.urn, kCanonicalDigitalLinkDomain, k2026);
    ASSERT_TRUE(link.ok()) << c.urn << ": " << link.error().to_string();
    EXPECT_EQ(link.value(), c.link) << c.urn;
    auto urn = digital_link_to_epc(c.link, c.cpl, k2026);
    ASSERT_TRUE(urn.ok()) << c.link << ": " << urn.error().to_string();
    EXPECT_EQ(urn.value(), c.urn) << c.link;
  }
}

TEST(EpcGs1, BadInputIsAnErrorNeverAnAbort) {
  EXPECT_FALSE(epc_to_digital_link("urn:epc:id:gid:95100000.12345.400").ok());  // no GS1 key
  EXPECT_FALSE(epc_to_digital_link("urn:epc:id:sgtin:0614141.81234.6789").ok());
  EXPECT_FALSE(epc_to_digital_link("urn:epc:id:sgtin:0614141.812345.").ok());
  EXPECT_FALSE(epc_to_digital_link("urn:epc:id:sgtin:0614141.812345.a%2").ok());
  EXPECT_FALSE(epc_to_digital_link("").ok());
  EXPECT_FALSE(digital_link_to_epc("https://id.gs1.org/01/09506000134352", 7).ok());
  EXPECT_FALSE(digital_link_to_epc("https://id.gs1.org/00/106141411234567897", 13).ok());
  for (const char* junk : {"", "]", "]d2", "(", "()", "(01", "^^^", "|", "]E0|", "https://",
                           "https://x/01/", "urn:epc:id:itip:1.2.3.4.5"}) {
    (void)parse_scan_data(junk, k2026);
    (void)epc_to_element_string(junk, k2026);
  }
}

}  // namespace
}  // namespace pharmatwin::serialization
