// `pharmatwin gs1` as a user runs it: what each action prints for good input, and exit 2 with the
// element, position, rule and a caret for bad input. Inputs are the standards' own examples:
// GTIN 09506000134352 of the GS1 Digital Link standard, the Tag Data Standard's company prefix
// 0614141 (sgtin 0614141.812345.6789 = (01)80614141123458 (21)6789, grai 0614141.12345.400).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli_child.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

CliResult gs1(std::vector<std::string> args) {
  args.insert(args.begin(), "gs1");
  return run_cli(args);
}

TEST(Gs1Cli, ParseScanDataPrintsEveryElement) {
  const auto r =
      gs1({"parse", "]d2010950600013435217271231109AB12^21XYZ", "--reference-year", "2026"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "symbology: ]d2")) << r.out;
  EXPECT_TRUE(has(r.out, "(01) GTIN: 09506000134352")) << r.out;
  EXPECT_TRUE(has(r.out, "(17) USE BY or EXPIRY: 271231")) << r.out;
  EXPECT_TRUE(has(r.out, "human-readable: (01)09506000134352(17)271231(10)9AB12(21)XYZ"));
  EXPECT_TRUE(has(r.out,
                  "digital link: https://id.gs1.org/01/09506000134352/10/9AB12/21/XYZ"
                  "?17=271231"))
      << r.out;
}

TEST(Gs1Cli, ParseCompositeAndPlainData) {
  const auto ean = gs1({"parse", "]E09506000134352|]e01727123110AB1", "--reference-year", "2026"});
  ASSERT_EQ(ean.exit_code, 0) << ean.err;
  EXPECT_TRUE(has(ean.out, "(10) BATCH/LOT: AB1")) << ean.out;
  const auto plain = gs1({"parse", "]Q1hello"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(has(plain.out, "data: plain data")) << plain.out;
  EXPECT_TRUE(has(plain.out, "plain: hello")) << plain.out;
}

TEST(Gs1Cli, ParseErrorsAreLocated) {
  const auto month = gs1({"parse", "]d2010950600013435217271331109AB12^21XYZ"});
  EXPECT_EQ(month.exit_code, 2);
  EXPECT_TRUE(has(month.err, "AI (17) at position 23: month 13 is not 01-12")) << month.err;
  EXPECT_TRUE(has(month.err, "\n  " + std::string(23, ' ') + "^")) << month.err;
  const auto unknown = gs1({"parse", "(01)09506000134352(999)1"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(has(unknown.err, "at position 19: unknown AI (999)")) << unknown.err;
  const auto missing = gs1({"parse", "(01)09506000134352(250)X"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(has(missing.err,
                  "AI (250) at position 19: requires AI (01)+(21), (03)+(21) or "
                  "(8006)+(21), missing"))
      << missing.err;
  const auto clash = gs1({"parse", "(01)09506000134352(02)09506000134352(37)1"});
  EXPECT_EQ(clash.exit_code, 2);
  EXPECT_TRUE(has(clash.err, "AI (37) at position 37: must not appear together with AI (01)"))
      << clash.err;
  EXPECT_EQ(gs1({"parse"}).exit_code, 2);  // no input
  EXPECT_EQ(gs1({"parse", "x", "--no-such-option"}).exit_code, 2);
}

TEST(Gs1Cli, DigitalLinkBothWays) {
  const auto read = gs1({"dl",
                         "HTTPS://Example.COM/stem/01/09506000134352/21/A%2FB?3103=000195&17="
                         "271231",
                         "--reference-year", "2026"});
  ASSERT_EQ(read.exit_code, 0) << read.err;
  EXPECT_TRUE(has(read.out, "domain: HTTPS://Example.COM/stem")) << read.out;
  EXPECT_TRUE(has(read.out, "(21) SERIAL: A/B")) << read.out;
  EXPECT_TRUE(has(read.out,
                  "canonical: https://id.gs1.org/01/09506000134352/21/A%2FB"
                  "?17=271231&3103=000195"))
      << read.out;
  const auto make = gs1({"dl", "(01)09506000134352(21)A/B", "--domain", "https://example.com"});
  ASSERT_EQ(make.exit_code, 0) << make.err;
  EXPECT_EQ(make.out, "https://example.com/01/09506000134352/21/A%2FB\n");
  const auto urn = gs1({"dl", "urn:epc:id:sscc:0614141.1234567890"});
  ASSERT_EQ(urn.exit_code, 0) << urn.err;
  EXPECT_EQ(urn.out, "https://id.gs1.org/00/106141412345678908\n");
  const auto order = gs1({"dl", "https://id.gs1.org/01/09506000134352/21/XYZ/10/9AB12"});
  EXPECT_EQ(order.exit_code, 2);
  EXPECT_TRUE(has(order.err, "AI (10) at position 44: key qualifiers out of order")) << order.err;
  const auto bad_gtin = gs1({"dl", "https://id.gs1.org/01/09506000134353"});
  EXPECT_EQ(bad_gtin.exit_code, 2);
  EXPECT_TRUE(has(bad_gtin.err, "(linter csum)")) << bad_gtin.err;
}

class Gs1EpcCli : public ScratchDirTest {};

TEST_F(Gs1EpcCli, UrnToElementStringAndBack) {
  const auto from = gs1({"epc", "urn:epc:id:sgtin:0614141.812345.6789"});
  ASSERT_EQ(from.exit_code, 0) << from.err;
  EXPECT_TRUE(has(from.out, "human-readable: (01)80614141123458(21)6789")) << from.out;
  EXPECT_TRUE(has(from.out, "digital link: https://id.gs1.org/01/80614141123458/21/6789"));
  const auto to = gs1({"epc", "--company-prefix-length", "7", "(01)80614141123458(21)6789"});
  ASSERT_EQ(to.exit_code, 0) << to.err;
  EXPECT_EQ(to.out, "urn:epc:id:sgtin:0614141.812345.6789\n");
  const auto grai = gs1({"epc", "--company-prefix-length", "7", "(8003)00614141123452400"});
  ASSERT_EQ(grai.exit_code, 0) << grai.err;
  EXPECT_EQ(grai.out, "urn:epc:id:grai:0614141.12345.400\n");
  const auto link =
      gs1({"epc", "--company-prefix-length", "7", "https://id.gs1.org/00/106141412345678908"});
  ASSERT_EQ(link.exit_code, 0) << link.err;
  EXPECT_EQ(link.out, "urn:epc:id:sscc:0614141.1234567890\n");
}

TEST_F(Gs1EpcCli, CompanyPrefixFromATable) {
  const std::string text = file("gcp.txt", "# prefix length\n0614141 7\n95060001 8\n");
  const auto r = gs1({"epc", "--company-prefix-table", text, "(01)80614141123458(21)6789"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "urn:epc:id:sgtin:0614141.812345.6789\n");
  const std::string json = file(
      "gcp.json", R"({"GCPPrefixFormatList": {"entry": [{"prefix": "0614141", "gcpLength": 7}]}})");
  const auto j = gs1({"epc", "--company-prefix-table", json, "(00)106141412345678908"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_EQ(j.out, "urn:epc:id:sscc:0614141.1234567890\n");
  const auto none = gs1({"epc", "--company-prefix-table", text, "(01)04012345000016(21)1"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(has(none.err,
                  "AI (01) at position 1: the company prefix table has no entry for "
                  "04012345000016"))
      << none.err;
}

TEST_F(Gs1EpcCli, MissingOrBadPrefixInformationIsAnError) {
  const auto none = gs1({"epc", "(01)80614141123458(21)6789"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(has(none.err, "--company-prefix-length N")) << none.err;
  EXPECT_TRUE(has(none.err, "--company-prefix-table FILE")) << none.err;
  const std::string bad = file("bad.txt", "0614141 7\n0614142 seven\n");
  const auto r = gs1({"epc", "--company-prefix-table", bad, "(01)80614141123458(21)6789"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.err, bad + " at position 18: line 2, column 9 (length): \"seven\" is not a "
                               "number 0-12"))
      << r.err;
  const auto missing = gs1({"epc", "--company-prefix-table", (dir_ / "nope.txt").string(),
                            "(01)80614141123458(21)6789"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(has(missing.err, "cannot read the company prefix table")) << missing.err;
  const auto length = gs1({"epc", "--company-prefix-length", "13", "(00)106141412345678908"});
  EXPECT_EQ(length.exit_code, 2);
  EXPECT_TRUE(has(length.err, "13 is not 6-12")) << length.err;
  const auto urn = gs1({"epc", "urn:epc:id:sgtin:0614141.81234.6789"});
  EXPECT_EQ(urn.exit_code, 2);
  EXPECT_TRUE(has(urn.err,
                  "EPC URI at position 25: company prefix + indicator and item "
                  "reference must be 13 digits"))
      << urn.err;
}

TEST(Gs1Cli, AiAndDictionary) {
  const auto ai = gs1({"ai", "8003", "7240"});
  ASSERT_EQ(ai.exit_code, 0) << ai.err;
  EXPECT_TRUE(has(ai.out, "(8003) GRAI\n  format: N1,zero N13,csum,gcppos1 [X..16]")) << ai.out;
  EXPECT_TRUE(has(ai.out, "(7240) PROTOCOL")) << ai.out;
  EXPECT_TRUE(has(ai.out, "excludes: 03")) << ai.out;
  const auto unknown = gs1({"ai", "01", "999"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(has(unknown.out, "(01) GTIN")) << unknown.out;
  EXPECT_TRUE(has(unknown.err, "unknown AI (999)")) << unknown.err;
  const auto dict = gs1({"dictionary"});
  ASSERT_EQ(dict.exit_code, 0) << dict.err;
  EXPECT_TRUE(has(dict.out, "AIs: 541")) << dict.out;
  EXPECT_TRUE(has(dict.out, "Digital Link primary keys: 16")) << dict.out;
  const auto missing = gs1({"dictionary", "--dictionary", "/nonexistent/gs1-dict.txt"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(has(missing.err, "cannot read /nonexistent/gs1-dict.txt")) << missing.err;
}

}  // namespace
}  // namespace pharmatwin::testing
