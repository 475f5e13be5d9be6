// The AI table built from the shipped GS1 Barcode Syntax Dictionary (data/gs1/), its linters
// and associations, checked against examples of the GS1 General Specifications.
#include "pharmatwin/serialization/gs1_dictionary.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "pharmatwin/serialization/gs1_element_string.hpp"
#include "pharmatwin/serialization/gs1_linters.hpp"

namespace pharmatwin::serialization {
namespace {

namespace fs = std::filesystem;

const fs::path kShipped = fs::path(PHARMATWIN_SOURCE_DIR) / "data" / "gs1" / kGs1DictionaryFile;
const Gs1ParseOptions k2026{2026};

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Error parse_error(std::string_view input) {
  auto parsed = parse_element_string(input, k2026);
  EXPECT_FALSE(parsed.ok()) << input;
  return parsed.ok() ? Error{} : parsed.error();
}

void expect_ok(std::string_view input) {
  auto parsed = parse_element_string(input, k2026);
  EXPECT_TRUE(parsed.ok()) << input << ": " << (parsed.ok() ? "" : parsed.error().to_string());
}

TEST(Gs1Dictionary, EveryAssignedAiOfTheShippedFileIsLoaded) {
  // The AIs are read here with a plain pattern, independently of the loader.
  const std::string text = read(kShipped);
  ASSERT_FALSE(text.empty()) << kShipped;
  std::set<std::string> expected;
  std::istringstream lines(text);
  std::string line;
  const std::regex entry(R"(^(\d{2,4})(?:-(\d{2,4}))?\s)");
  while (std::getline(lines, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, entry)) continue;
    const int first = std::stoi(m[1]);
    const int last = m[2].matched ? std::stoi(m[2]) : first;
    for (int n = first; n <= last; ++n) {
      std::string ai = std::to_string(n);
      ai.insert(0, m[1].length() - ai.size(), '0');
      expected.insert(ai);
    }
  }
  auto dict = Gs1Dictionary::load(kShipped);
  ASSERT_TRUE(dict.ok()) << dict.error().to_string();
  EXPECT_EQ(dict->entries().size(), expected.size());
  EXPECT_GT(expected.size(), 500u);
  for (const auto& ai : expected) {
    const AiEntry* e = dict->find(ai);
    ASSERT_NE(e, nullptr) << ai;
    EXPECT_FALSE(e->components.empty()) << ai;
    EXPECT_TRUE(e->unknown_linters.empty()) << ai << " names " << e->unknown_linters.front();
    EXPECT_EQ(dict->find_prefix(ai + "123"), e) << ai;
  }
  EXPECT_EQ(dict->find("242")->title, "MTO VARIANT");
  EXPECT_EQ(dict->find("23"), nullptr);
  EXPECT_EQ(dict->find("5"), nullptr);
}

TEST(Gs1Dictionary, EntriesCarryComponentsFlagsAndAssociations) {
  auto dict = default_gs1_dictionary();
  ASSERT_TRUE(dict.ok()) << dict.error().to_string();
  const AiEntry& gtin = *(*dict)->find("01");
  EXPECT_FALSE(gtin.fnc1_required);
  EXPECT_TRUE(gtin.dl_primary_key);
  ASSERT_EQ(gtin.dl_qualifier_paths.size(), 2u);
  EXPECT_EQ(gtin.dl_qualifier_paths[0], (std::vector<std::string>{"22", "10", "21"}));
  EXPECT_EQ(gtin.dl_qualifier_paths[1], (std::vector<std::string>{"235"}));
  EXPECT_EQ(gtin.excludes, (std::vector<std::string>{"255", "37"}));
  const AiEntry& serial = *(*dict)->find("21");
  EXPECT_TRUE(serial.fnc1_required);
  EXPECT_FALSE(serial.dl_attribute);
  const AiEntry& country = *(*dict)->find("423");
  ASSERT_EQ(country.components.size(), 5u);
  EXPECT_TRUE(country.components[1].optional);
  EXPECT_EQ(country.components[1].linters, (std::vector<Gs1Linter>{Gs1Linter::kIso3166}));
  EXPECT_EQ((*dict)->find("8010")->components[0].charset, AiCharset::kCset39);
  EXPECT_EQ((*dict)->find("8030")->components[0].charset, AiCharset::kCset64);
  EXPECT_EQ((*dict)->find("3103")->excludes, (std::vector<std::string>{"310n"}));
  const AiEntry& secondary = *(*dict)->find("250");
  ASSERT_EQ(secondary.requires_all.size(), 1u);
  EXPECT_EQ(secondary.requires_all[0][0], (std::vector<std::string>{"01", "21"}));
  EXPECT_TRUE(ai_matches("31nn", "3103"));
  EXPECT_FALSE(ai_matches("31nn", "3203"));
}

TEST(Gs1Dictionary, ParseErrorsNameTheLineAndUnknownLintersAreListed) {
  auto bad = Gs1Dictionary::parse("# comment\n01  *?  N14,csum\n02  Q14\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().rule.find("line 3"), std::string::npos) << bad.error().rule;
  auto prefix = Gs1Dictionary::parse("01 N2\n011 N2\n");
  EXPECT_FALSE(prefix.ok());
  auto lenient = Gs1Dictionary::parse("99 X..9,newrule # NEW\n");
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ(lenient->find("99")->unknown_linters, (std::vector<std::string>{"newrule"}));
  EXPECT_FALSE(Gs1Dictionary::load("/nonexistent/gs1-syntax-dictionary.txt").ok());
}

TEST(Gs1Dictionary, AnotherRevisionIsAnotherFile) {
  // A dictionary that knows only (01) and a made-up (99): the parsers follow it.
  auto dict = Gs1Dictionary::parse("01 *? N14,csum,gcppos2 dlpkey # GTIN\n99 ? N2 # TEST\n");
  ASSERT_TRUE(dict.ok());
  Gs1ParseOptions options{2026, &dict.value()};
  EXPECT_TRUE(parse_element_string("(01)09506000134352(99)12", options).ok());
  const auto no17 = parse_element_string("(01)09506000134352(17)271231", options);
  ASSERT_FALSE(no17.ok());
  EXPECT_EQ(no17.error().rule, "unknown AI (17)");
}

TEST(Gs1Linters, CheckCharacterPairOfTheGeneralSpecifications) {
  // GS1 General Specifications 7.9.5 example GMN.
  EXPECT_EQ(gs1_check_characters("1987654Ad4X4bL5ttr2310c"), "2K");
  expect_ok("(8013)1987654Ad4X4bL5ttr2310c2K");
  const Error e = parse_error("(8013)1987654Ad4X4bL5ttr2310c2L");
  EXPECT_EQ(e.element, "AI (8013)");
  EXPECT_EQ(e.position, 6u + 23u);
  EXPECT_NE(e.rule.find("linter csumalpha"), std::string::npos) << e.rule;
}

TEST(Gs1Linters, NamedRuleAndPositionOnFailure) {
  const auto f = run_linter(Gs1Linter::kYymmd0, "271331", 2026);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->position, 2u);
  EXPECT_EQ(f->message, "month 13 is not 01-12");
  const Error e = parse_error("(01)09506000134352(17)271331");
  EXPECT_EQ(e.position, 24u);
  EXPECT_EQ(e.rule, "month 13 is not 01-12 (linter yymmd0)");
  EXPECT_EQ(linter_from_name("iso3166alpha2"), Gs1Linter::kIso3166Alpha2);
  EXPECT_EQ(linter_name(Gs1Linter::kCouponPosOffer), "couponposoffer");
  EXPECT_FALSE(linter_from_name("nosuchlinter").has_value());
}

TEST(Gs1Linters, CountryCurrencyAndCodeLists) {
  expect_ok("(01)09506000134352(422)276");  // Germany
  EXPECT_EQ(parse_error("(01)09506000134352(422)999").position, 23u);
  expect_ok("(01)09506000134352(7030)999ABC");  // 999 allowed for processors
  expect_ok("(01)09506000134352(423)276250");   // two countries
  EXPECT_EQ(parse_error("(01)09506000134352(423)276251").position, 26u);
  expect_ok("(415)0614141000418(8020)1234(3911)978123");  // euro
  expect_ok("(00)106141411234567897(4307)DE");
  EXPECT_FALSE(parse_element_string("(00)106141411234567897(4307)XX", k2026).ok());
  expect_ok("(00)106141411234567897(7041)PX");  // pallet
  EXPECT_FALSE(parse_element_string("(00)106141411234567897(7041)QQQ", k2026).ok());
}

TEST(Gs1Linters, DatesTimesAndOptionalComponents) {
  expect_ok("(01)09506000134352(7007)270101");        // one date
  expect_ok("(01)09506000134352(7007)270101270131");  // a date range (optional 2nd date)
  EXPECT_FALSE(parse_element_string("(01)09506000134352(7007)2701012701", k2026).ok());
  expect_ok("(01)09506000134352(8008)27123123");  // hour only, minutes/seconds optional
  expect_ok("(01)09506000134352(8008)271231235959");
  EXPECT_FALSE(parse_element_string("(01)09506000134352(8008)271231236059", k2026).ok());
  expect_ok("(8018)061414112345678902(7250)19800229");  // YYYYMMDD leap day
  EXPECT_FALSE(parse_element_string("(8018)061414112345678902(7250)19810229", k2026).ok());
  expect_ok("(00)106141411234567897(4324)2712312359");
  EXPECT_FALSE(parse_element_string("(00)106141411234567897(4324)2712312460", k2026).ok());
}

TEST(Gs1Linters, OtherContentRules) {
  expect_ok("(415)0614141000418(8020)1234(8007)GB82WEST12345698765432");  // IBAN example
  EXPECT_FALSE(
      parse_element_string("(415)0614141000418(8020)1234(8007)GB83WEST12345698765432", k2026).ok());
  expect_ok("(01)09506000134352(8001)01234567890101");  // winding 0
  EXPECT_FALSE(parse_element_string("(01)09506000134352(8001)01234567890151", k2026).ok());
  EXPECT_FALSE(parse_element_string("(01)09506000134352(8001)00004567890101", k2026).ok());
  expect_ok("(8006)095060001343520102(21)A");  // piece 1 of 2
  EXPECT_FALSE(parse_element_string("(8006)095060001343520302(21)A", k2026).ok());
  expect_ok("(8018)061414112345678902(7259)BABY(7258)1/2");
  EXPECT_FALSE(parse_element_string("(8018)061414112345678902(7259)BABY(7258)3/2", k2026).ok());
  expect_ok("(8017)061414112345678902(7241)01");
  EXPECT_FALSE(parse_element_string("(8017)061414112345678902(7241)50", k2026).ok());
  expect_ok("(00)106141411234567897(4309)02832119601011021010");  // latitude, longitude
  EXPECT_FALSE(
      parse_element_string("(00)106141411234567897(4309)18000000010101102101", k2026).ok());
  expect_ok("(00)106141411234567897(4321)1");
  EXPECT_FALSE(parse_element_string("(00)106141411234567897(4321)2", k2026).ok());
  expect_ok("(00)106141411234567897(4300)ACME%20Corp");
  EXPECT_FALSE(parse_element_string("(00)106141411234567897(4300)ACME%2", k2026).ok());
  expect_ok("(8010)0614141ABC/12#(8011)123");  // CPID in set 39
  EXPECT_FALSE(parse_element_string("(8010)0614141abc(8011)123", k2026).ok());
  EXPECT_FALSE(parse_element_string("(8010)0614141ABC(8011)0123", k2026).ok());  // nozeroprefix
  expect_ok("(00)106141411234567897(8030)AbC-_x9z==");  // base64url with padding
  EXPECT_FALSE(parse_element_string("(00)106141411234567897(8030)Ab=C", k2026).ok());
  expect_ok("(01)09506000134352(21)S1(7040)1A2b");                 // importer index
  EXPECT_FALSE(parse_element_string("(8004)ABC123", k2026).ok());  // gcppos1: digits first
}

TEST(Gs1Linters, CouponCodes) {
  // GCP VLI 1 (7 digits), offer code, save value VLI 3, purchase requirement VLI 1, code 0,
  // family 000, then an expiration date field (3) and a serial number field (5, VLI 0).
  const std::string coupon =
      "106141416543213500110000"
      "3271231"
      "50123456";
  EXPECT_FALSE(run_linter(Gs1Linter::kCouponCode, coupon, 2026).has_value());
  expect_ok("(8110)" + coupon);
  const auto late =
      run_linter(Gs1Linter::kCouponCode, coupon.substr(0, 24) + "3271231" + "4280101", 2026);
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(late->message, "start date is after the expiration date");
  const auto cut = run_linter(Gs1Linter::kCouponCode, "1061414165432", 2026);
  ASSERT_TRUE(cut.has_value());
  EXPECT_NE(cut->message.find("offer code"), std::string::npos);
  EXPECT_TRUE(run_linter(Gs1Linter::kCouponCode, coupon + "7", 2026).has_value());  // excess
  EXPECT_FALSE(run_linter(Gs1Linter::kCouponPosOffer,
                          "00614141654321"
                          "0123456",
                          2026));
  EXPECT_TRUE(run_linter(Gs1Linter::kCouponPosOffer,
                         "20614141654321"
                         "0123456",
                         2026));
}

TEST(Gs1Associations, RequisitesAndExclusionsNameTheAis) {
  const Error serial = parse_error("(21)ABC");
  EXPECT_EQ(serial.element, "AI (21)");
  EXPECT_EQ(serial.rule, "requires AI (01), (03) or (8006), missing");
  EXPECT_EQ(serial.position, 1u);  // the AI's digits
  const Error secondary = parse_error("(01)09506000134352(250)X");
  EXPECT_EQ(secondary.rule, "requires AI (01)+(21), (03)+(21) or (8006)+(21), missing");
  EXPECT_EQ(secondary.element, "AI (250)");
  EXPECT_EQ(secondary.position, 19u);
  // Barcode data: the position of the AI itself, past the symbology identifier and FNC1s.
  const Error scanned = parse_error("]d2010950600013435210A^2501");
  EXPECT_EQ(scanned.element, "AI (250)");
  EXPECT_EQ(scanned.position, 23u);
  expect_ok("(01)09506000134352(21)1(250)X");
  // (01) excludes (37): reported at the one that comes second, naming the first.
  const Error both = parse_error("(01)09506000134352(02)09506000134352(37)1(00)106141411234567897");
  EXPECT_EQ(both.element, "AI (37)");
  EXPECT_EQ(both.position, 37u);
  EXPECT_EQ(both.rule, "must not appear together with AI (01) (at position 1)");
  // Net weight in kg with two decimal positions and with three: one pattern (310n).
  const Error weights = parse_error("(01)09506000134352(3102)000150(3103)001500");
  EXPECT_EQ(weights.element, "AI (3103)");
  EXPECT_EQ(weights.position, 31u);
  EXPECT_EQ(weights.rule, "must not appear together with AI (3102) (at position 19)");
  // The same AI twice with different data: at the second one.
  const Error twice = parse_error("(01)09506000134352(10)A(10)B");
  EXPECT_EQ(twice.position, 24u);
  EXPECT_NE(twice.rule.find("\"A\" at position 19 and \"B\""), std::string::npos) << twice.rule;
  expect_ok("(01)09506000134352(3103)001500(3103)001500");  // the same AI twice: merged
  const auto merged = parse_element_string("(01)09506000134352(3103)001500(3103)001500", k2026);
  EXPECT_EQ(merged->elements.size(), 2u);
}

TEST(Gs1Ais, ThoseOutsideTheFormerPharmaSubsetAreRead) {
  expect_ok("(01)09506000134352(242)123456");
  expect_ok("(253)4719512002889123456");  // GDTI with serial component
  expect_ok("(01)09506000134352(7007)230101");
  expect_ok("(01)09506000134352(7230)EMxyz123");
  expect_ok("(01)09506000134352(8001)14000950009011");
  expect_ok("(8003)00614141000029ABC");  // GRAI with serial
  expect_ok("(8017)061414112345678902(8019)123");
  expect_ok("(8018)061414112345678902");
  expect_ok(
      "]C10101234567890128"
      "3103000123");
  const Error unknown = parse_error("(01)09506000134352(999)1");
  EXPECT_EQ(unknown.rule, "unknown AI (999)");
  EXPECT_EQ(unknown.position, 19u);
  EXPECT_EQ(parse_error("0109506000134352561234").rule, "unknown AI (56)");
  EXPECT_EQ(parse_error("0109506000134352231234").rule, "unknown AI (231)");
}

TEST(Gs1ElementString, BracketedEscapeAndRoundTrip) {
  const auto parsed = parse_element_string("(01)09506000134352(21)A\\(12)B", k2026);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(*parsed->find("21"), "A(12)B");
  EXPECT_EQ(to_human_readable(*parsed), "(01)09506000134352(21)A\\(12)B");
}

TEST(Gs1ElementString, MissingDictionaryIsAClearError) {
  // A parser given an empty dictionary says so instead of aborting.
  auto empty = Gs1Dictionary::parse("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().element, "GS1 syntax dictionary");
}

TEST(Gs1Dictionary, SharedCopyMatchesTheShippedOne) {
  const fs::path shared = fs::path(PHARMATWIN_SHARED_DIR) / "gs1" / kGs1DictionaryFile;
  if (!fs::exists(shared)) GTEST_SKIP() << "needs " << shared << " (not in a user's clone)";
  EXPECT_EQ(read(shared), read(kShipped));
}

}  // namespace
}  // namespace pharmatwin::serialization
