// The hash-chained audit trail: SHA-256 test vectors, intact trails verify, and editing,
// deleting, reordering or cutting lines is detected at the right line.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "log_builder.hpp"
#include "pharmatwin/experiments/audit.hpp"

namespace pharmatwin::experiments {
namespace {

namespace fs = std::filesystem;
using testing::LogBuilder;

// FIPS 180-2 test vectors.
TEST(Audit, Sha256Vectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Audit, EntryHashIsOverCanonicalContentPlusPrevHash) {
  // Canonical content of {"b":1,"a":"x"} is {"a":"x","b":1} (keys sorted, compact).
  nlohmann::json e = {{"b", 1}, {"a", "x"}, {"hash", "ignored"}, {"prev_hash", "ignored"}};
  EXPECT_EQ(audit_entry_hash(e, "p"), sha256_hex("{\"a\":\"x\",\"b\":1}p"));
}

class AuditFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pharmatwin-audit-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "audit.jsonl";
    LogBuilder b;
    b.fault(0, "hvac", "hvac_failure", 3600, 7200, "cold-room");
    b.truth(3000, {5.0, 20.0}, {5.0, 20.0});
    b.alert("a1", "hvac_failure", 4200, 0);
    b.alert("a2", "door_open", 50000, 1);
    b.decision("k1", "quarantine", 4300, {"00614141000012/L1"}, {}, "a1");
    b.decision("k2", "release", 9000, {"00614141000012/L1"});
    log_ = b.build();
    ScoreInputs in;
    in.run = &log_;
    score_ = score_run(in);
    std::string error;
    ASSERT_TRUE(write_audit_trail(path_, log_, score_, {}, &error)) << error;
    lines_ = read_lines();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<std::string> read_lines() {
    std::ifstream in(path_);
    std::vector<std::string> out;
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }
  void write_lines(const std::vector<std::string>& lines) {
    std::ofstream out(path_, std::ios::trunc);
    for (const auto& l : lines) out << l << "\n";
  }

  fs::path dir_, path_;
  RunLog log_;
  RunScore score_;
  std::vector<std::string> lines_;
};

TEST_F(AuditFile, IntactTrailVerifiesAndHoldsEveryAlertAndDecision) {
  const auto check = verify_audit(path_);
  EXPECT_TRUE(check.intact) << check.problem;
  EXPECT_EQ(check.lines, lines_.size());
  int alerts = 0, decisions = 0, overrides = 0;
  for (const auto& l : lines_) {
    const auto j = nlohmann::json::parse(l);
    const auto type = j["type"].get<std::string>();
    alerts += type == "alert";
    decisions += type == "decision";
    if (type == "override") {
      ++overrides;
      EXPECT_EQ(j["override_of"], "k1");
    }
    if (type == "alert" && j["id"] == "a1") {
      EXPECT_EQ(j["matched_fault"], "hvac");
      EXPECT_DOUBLE_EQ(j["evidence"]["truth"]["air_c"].get<double>(), 5.0);
    }
    if (type == "alert" && j["id"] == "a2") {
      EXPECT_TRUE(j["false_alarm"].get<bool>());
    }
  }
  EXPECT_EQ(alerts, 2);
  EXPECT_EQ(decisions, 1);
  EXPECT_EQ(overrides, 1);
  EXPECT_EQ(nlohmann::json::parse(lines_.front())["prev_hash"], std::string(64, '0'));
}

TEST_F(AuditFile, EditedLineIsDetected) {
  auto lines = lines_;
  const auto pos = lines[3].find("\"seq\":3");
  ASSERT_NE(pos, std::string::npos);
  auto j = nlohmann::json::parse(lines[3]);
  j["edited"] = true;
  lines[3] = j.dump();
  write_lines(lines);
  const auto check = verify_audit(path_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, 4u);
  EXPECT_EQ(check.problem, "hash does not match the content");
}

TEST_F(AuditFile, DeletedLineIsDetected) {
  auto lines = lines_;
  lines.erase(lines.begin() + 2);
  write_lines(lines);
  const auto check = verify_audit(path_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, 3u);
}

TEST_F(AuditFile, ReorderedLinesAreDetected) {
  auto lines = lines_;
  std::swap(lines[4], lines[5]);
  write_lines(lines);
  const auto check = verify_audit(path_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, 5u);
}

TEST_F(AuditFile, CutOffEndIsDetected) {
  auto lines = lines_;
  lines.pop_back();
  write_lines(lines);
  const auto check = verify_audit(path_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, lines.size() + 1);
}

TEST_F(AuditFile, AppendingContinuesTheChain) {
  std::string error;
  ASSERT_TRUE(write_audit_trail(path_, log_, score_, {}, &error)) << error;
  const auto check = verify_audit(path_);
  EXPECT_TRUE(check.intact) << check.problem;
  EXPECT_EQ(check.lines, 2 * lines_.size());
  // A broken trail is not appended to.
  auto lines = read_lines();
  lines[1] = "{}";
  write_lines(lines);
  EXPECT_FALSE(write_audit_trail(path_, log_, score_, {}, &error));
  EXPECT_NE(error.find(":2:"), std::string::npos) << error;
}

}  // namespace
}  // namespace pharmatwin::experiments
