// The signed, hash-chained audit trail: SHA-256 test vectors, intact trails verify, and editing,
// deleting, reordering or cutting lines is detected at the right line; so are a consistent
// rewrite (every later hash recomputed) without the key, a trail signed by another key, and a
// changed event log or report.
#include "pharmatwin/experiments/audit.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "log_builder.hpp"

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
    dir_ = fs::temp_directory_path() /
           ("pharmatwin-audit-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = dir_ / "audit.jsonl";
    std::string error;
    key_ = SigningKey::generate(dir_ / "key.pem", &error);
    ASSERT_TRUE(key_) << error;
    std::ofstream(dir_ / "events.pb", std::ios::binary) << "the event log";
    std::ofstream(dir_ / "report.json", std::ios::binary) << "{}";
    ctx_.key = key_;
    ctx_.artifacts = {dir_ / "events.pb", dir_ / "report.json"};
    trust_.trusted_public_key_hex = key_->public_key_hex();
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
    ASSERT_TRUE(write_audit_trail(path_, log_, score_, ctx_, &error)) << error;
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

  // Recomputes prev_hash and hash of every line from `from` (0-based) on, as someone rewriting
  // the trail consistently would; with `key`, also re-signs the seals with it.
  static void rehash(std::vector<std::string>& lines, std::size_t from,
                     const SigningKey* key = nullptr) {
    std::string prev = from == 0
                           ? std::string(64, '0')
                           : nlohmann::json::parse(lines[from - 1])["hash"].get<std::string>();
    for (std::size_t i = from; i < lines.size(); ++i) {
      auto j = nlohmann::json::parse(lines[i]);
      if (key && j["type"] == "seal") j["public_key"] = key->public_key_hex();
      j["prev_hash"] = prev;
      j["hash"] = audit_entry_hash(j, prev);
      if (key && j["type"] == "seal")
        j["signature"] = key->sign_hex("pharmatwin-audit-seal\n" + j["hash"].get<std::string>());
      prev = j["hash"].get<std::string>();
      lines[i] = j.dump();
    }
  }

  fs::path dir_, path_;
  std::shared_ptr<const SigningKey> key_;
  AuditContext ctx_;
  AuditVerifyOptions trust_;
  RunLog log_;
  RunScore score_;
  std::vector<std::string> lines_;
};

TEST_F(AuditFile, IntactTrailVerifiesAndHoldsEveryAlertAndDecision) {
  const auto check = verify_audit(path_, trust_);
  EXPECT_TRUE(check.intact) << check.problem;
  EXPECT_EQ(check.lines, lines_.size());
  EXPECT_EQ(check.signer, key_->public_key_hex());
  EXPECT_EQ(check.files, (std::vector<std::string>{"events.pb", "report.json"}));
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
  const auto check = verify_audit(path_, trust_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, 4u);
  EXPECT_EQ(check.problem, "hash does not match the content");
}

TEST_F(AuditFile, DeletedLineIsDetected) {
  auto lines = lines_;
  lines.erase(lines.begin() + 2);
  write_lines(lines);
  const auto check = verify_audit(path_, trust_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, 3u);
}

TEST_F(AuditFile, ReorderedLinesAreDetected) {
  auto lines = lines_;
  std::swap(lines[4], lines[5]);
  write_lines(lines);
  const auto check = verify_audit(path_, trust_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, 5u);
}

TEST_F(AuditFile, CutOffEndIsDetected) {
  auto lines = lines_;
  lines.pop_back();
  write_lines(lines);
  const auto check = verify_audit(path_, trust_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, lines.size() + 1);
}

TEST_F(AuditFile, AppendingContinuesTheChain) {
  std::string error;
  ASSERT_TRUE(write_audit_trail(path_, log_, score_, ctx_, &error)) << error;
  const auto check = verify_audit(path_, trust_);
  EXPECT_TRUE(check.intact) << check.problem;
  EXPECT_EQ(check.lines, 2 * lines_.size());
  // A broken trail is not appended to.
  auto lines = read_lines();
  lines[1] = "{}";
  write_lines(lines);
  EXPECT_FALSE(write_audit_trail(path_, log_, score_, ctx_, &error));
  EXPECT_NE(error.find(":2:"), std::string::npos) << error;
}

TEST_F(AuditFile, ConsistentRewriteWithoutTheKeyIsDetected) {
  // The edit and every later hash recomputed: the chain holds, the seal's signature does not.
  auto lines = lines_;
  auto j = nlohmann::json::parse(lines[3]);
  j["edited"] = true;
  lines[3] = j.dump();
  rehash(lines, 3);
  write_lines(lines);
  AuditVerifyOptions untrusted;  // even without a trusted key
  const auto check = verify_audit(path_, untrusted);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, lines.size());
  EXPECT_EQ(check.problem, "signature does not match the seal (the trail was rewritten)");
}

TEST_F(AuditFile, RewriteResignedWithAnotherKeyFailsAgainstTheTrustedKey) {
  std::string error;
  const auto other = SigningKey::generate(dir_ / "other.pem", &error);
  ASSERT_TRUE(other) << error;
  auto lines = lines_;
  auto j = nlohmann::json::parse(lines[3]);
  j["edited"] = true;
  lines[3] = j.dump();
  rehash(lines, 3, other.get());
  write_lines(lines);
  // Whole and self-consistent: only the trusted key tells it from the site's trail.
  AuditVerifyOptions untrusted;
  EXPECT_TRUE(verify_audit(path_, untrusted).intact);
  const auto check = verify_audit(path_, trust_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, lines.size());
  EXPECT_NE(check.problem.find("not the trusted key " + key_->public_key_hex()), std::string::npos)
      << check.problem;
}

TEST_F(AuditFile, IntactTrailFailsAgainstAWrongKey) {
  std::string error;
  const auto other = SigningKey::generate(dir_ / "other.pem", &error);
  ASSERT_TRUE(other) << error;
  AuditVerifyOptions wrong;
  wrong.trusted_public_key_hex = other->public_key_hex();
  const auto check = verify_audit(path_, wrong);
  EXPECT_FALSE(check.intact);
  EXPECT_NE(check.problem.find("not the trusted key"), std::string::npos) << check.problem;
}

TEST_F(AuditFile, UnsignedTrailIsBroken) {
  fs::remove(path_);
  AuditContext unsigned_ctx = ctx_;
  unsigned_ctx.key = nullptr;
  std::string error;
  ASSERT_TRUE(write_audit_trail(path_, log_, score_, unsigned_ctx, &error)) << error;
  AuditVerifyOptions untrusted;
  const auto check = verify_audit(path_, untrusted);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.problem, "seal is not signed");
}

TEST_F(AuditFile, ChangedOrMissingEventLogIsDetectedAtTheArtifactsLine) {
  std::size_t artifacts_line = 0;
  for (std::size_t i = 0; i < lines_.size(); ++i)
    if (nlohmann::json::parse(lines_[i])["type"] == "artifacts") artifacts_line = i + 1;
  ASSERT_GT(artifacts_line, 0u);
  const auto recorded = recorded_file(path_, "events.pb");
  ASSERT_TRUE(recorded);
  EXPECT_EQ(recorded->sha256, sha256_hex("the event log"));
  EXPECT_EQ(recorded->line, artifacts_line);

  std::ofstream(dir_ / "events.pb", std::ios::binary) << "the event log, edited";
  auto check = verify_audit(path_, trust_);
  EXPECT_FALSE(check.intact);
  EXPECT_EQ(check.first_bad_line, artifacts_line);
  EXPECT_NE(check.problem.find("events.pb: changed since the trail was written"), std::string::npos)
      << check.problem;
  // The trail alone still verifies.
  AuditVerifyOptions trail_only = trust_;
  trail_only.check_files = false;
  EXPECT_TRUE(verify_audit(path_, trail_only).intact);

  fs::remove(dir_ / "events.pb");
  check = verify_audit(path_, trust_);
  EXPECT_FALSE(check.intact);
  EXPECT_NE(check.problem.find("events.pb: missing"), std::string::npos) << check.problem;
}

TEST_F(AuditFile, ChangedReportIsDetected) {
  std::ofstream(dir_ / "report.json", std::ios::binary) << "{\"edited\":true}";
  const auto check = verify_audit(path_, trust_);
  EXPECT_FALSE(check.intact);
  EXPECT_NE(check.problem.find("report.json: changed"), std::string::npos) << check.problem;
}

TEST_F(AuditFile, SameKeyAndRunGiveTheSameBytes) {
  // Ed25519 signatures are deterministic: the trail stays reproducible given the key.
  const auto again = dir_ / "again.jsonl";
  std::string error;
  ASSERT_TRUE(write_audit_trail(again, log_, score_, ctx_, &error)) << error;
  std::ifstream a(path_, std::ios::binary), b(again, std::ios::binary);
  std::stringstream sa, sb;
  sa << a.rdbuf();
  sb << b.rdbuf();
  EXPECT_EQ(sa.str(), sb.str());
}

TEST(AuditKey, GeneratedKeyIsPrivateAndSigns) {
  const auto dir =
      fs::temp_directory_path() / ("pharmatwin-audit-key-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string error;
  const auto key = SigningKey::generate(dir / "k.pem", &error);
  ASSERT_TRUE(key) << error;
  struct stat st {};
  ASSERT_EQ(::stat((dir / "k.pem").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(key->public_key_hex().size(), 64u);
  const auto sig = key->sign_hex("m");
  EXPECT_EQ(sig.size(), 128u);
  EXPECT_TRUE(verify_signature_hex(key->public_key_hex(), "m", sig));
  EXPECT_FALSE(verify_signature_hex(key->public_key_hex(), "n", sig));
  EXPECT_EQ(read_public_key_hex(dir / "k.pem", &error), key->public_key_hex());
  // A key others can read is refused.
  fs::permissions(dir / "k.pem", fs::perms::owner_read | fs::perms::owner_write |
                                     fs::perms::group_read | fs::perms::others_read);
  EXPECT_FALSE(SigningKey::load(dir / "k.pem", &error));
  EXPECT_NE(error.find("accessible by others (mode 0644); chmod 600 it"), std::string::npos)
      << error;
  // A file that is no key.
  std::ofstream(dir / "junk.pem") << "junk";
  fs::permissions(dir / "junk.pem", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(SigningKey::load(dir / "junk.pem", &error));
  EXPECT_NE(error.find("not a PEM private key"), std::string::npos) << error;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pharmatwin::experiments
