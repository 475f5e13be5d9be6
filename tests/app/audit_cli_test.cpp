// The audit trail as a user checks it: `run` writes a signed trail bound to events.pb and the
// reports; `audit verify` passes on it, and fails on a changed event log, a changed report, a
// consistent rewrite of the trail and a wrong key; `score` refuses an event log its trail does not
// record unless told otherwise; a rerun into the same directory starts its outputs afresh.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_child.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;
const std::string kSmallSite =
    std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/sites/small-site.textproto";

// SHA-256 of a file through the openssl command-line tool (independent of pharmatwin's code).
std::string sha256_of(const fs::path& file) {
  FILE* p = ::popen(("openssl dgst -sha256 -r " + file.string()).c_str(), "r");
  char buf[65] = {};
  const bool read = p && std::fread(buf, 1, 64, p) == 64;
  if (p) ::pclose(p);
  return read ? std::string(buf, 64) : "";
}

class AuditCli : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    out_ = dir_ / "run";
  }

  CliResult run(const std::string& horizon) {
    return run_cli(
        {"run", kSmallSite, "--out", out_.string(), "-q", "--horizon", horizon, "--no-store"});
  }
  std::vector<nlohmann::json> trail() {
    std::ifstream in(out_ / "audit.jsonl");
    std::vector<nlohmann::json> out;
    for (std::string l; std::getline(in, l);) out.push_back(nlohmann::json::parse(l));
    return out;
  }
  fs::path out_;
};

TEST_F(AuditCli, CorrectRunVerifies) {
  ASSERT_EQ(run("6h").exit_code, 0);
  const auto v = run_cli({"audit", "verify", out_.string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("intact"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("files match: events.pb report.html report.json"), std::string::npos)
      << v.out;
}

TEST_F(AuditCli, ChangedEventLogFailsVerifyAndScore) {
  ASSERT_EQ(run("6h").exit_code, 0);
  {
    std::fstream f(out_ / "events.pb", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(-1, std::ios::end);
    f.put('\x7f');
  }
  const auto v = run_cli({"audit", "verify", out_.string()});
  EXPECT_EQ(v.exit_code, 1);
  EXPECT_NE(v.out.find("events.pb: changed since the trail was written"), std::string::npos)
      << v.out;
  const auto s = run_cli({"score", out_.string(), "-q", "--no-audit"});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.err.find("is not the event log its audit trail"), std::string::npos) << s.err;
  EXPECT_NE(s.err.find("--accept-changed-log"), std::string::npos) << s.err;
  // Told to, score does, and the trail says the log changed.
  const auto forced = run_cli({"score", out_.string(), "-q", "--accept-changed-log"});
  EXPECT_NE(forced.exit_code, 2) << forced.err;
  bool noted = false;
  for (const auto& e : trail()) noted = noted || e["type"] == "log_changed";
  EXPECT_TRUE(noted);
  EXPECT_EQ(run_cli({"audit", "verify", out_.string()}).exit_code, 0);
}

TEST_F(AuditCli, ChangedReportFailsVerify) {
  ASSERT_EQ(run("6h").exit_code, 0);
  std::ofstream(out_ / "report.json", std::ios::app) << " ";
  const auto v = run_cli({"audit", "verify", out_.string()});
  EXPECT_EQ(v.exit_code, 1);
  EXPECT_NE(v.out.find("report.json: changed"), std::string::npos) << v.out;
}

TEST_F(AuditCli, ConsistentRewriteFailsVerify) {
  ASSERT_EQ(run("6h").exit_code, 0);
  auto lines = trail();
  ASSERT_GE(lines.size(), 3u);
  // Edit the run entry, then re-hash every later line as the chain alone would allow.
  lines[0]["seed"] = 7;
  std::string prev(64, '0');
  std::ofstream out(out_ / "audit.jsonl", std::ios::trunc);
  for (auto& j : lines) {
    j["prev_hash"] = prev;
    auto content = j;
    content.erase("hash");
    content.erase("prev_hash");
    content.erase("signature");
    // The hash as the trail defines it: SHA-256 of the canonical content and the previous hash.
    const auto tmp = dir_ / "line";
    std::ofstream(tmp, std::ios::binary) << content.dump() + prev;
    j["hash"] = sha256_of(tmp);
    prev = j["hash"];
    out << j.dump() << "\n";
  }
  out.close();
  const auto v = run_cli({"audit", "verify", out_.string()});
  EXPECT_EQ(v.exit_code, 1) << v.out;
  EXPECT_NE(v.out.find("signature does not match the seal"), std::string::npos) << v.out;
}

TEST_F(AuditCli, WrongKeyFailsVerify) {
  ASSERT_EQ(run("6h").exit_code, 0);
  const auto other = dir_ / "other.pem";
  ASSERT_EQ(std::system(("openssl genpkey -algorithm ed25519 -out " + other.string()).c_str()), 0);
  const auto v = run_cli({"audit", "verify", out_.string(), "--key", other.string()});
  EXPECT_EQ(v.exit_code, 1);
  EXPECT_NE(v.out.find("not the trusted key"), std::string::npos) << v.out;
  // A key file others can read does not sign.
  fs::permissions(other, fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  const auto r = run_cli({"run", kSmallSite, "--out", (dir_ / "b").string(), "-q", "--horizon",
                          "1h", "--no-store", "--audit-key", other.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(
      r.err.find("--audit-key: " + other.string() + ": the signing key is accessible by others"),
      std::string::npos)
      << r.err;
  // With its own key given, the run verifies against that key's public half.
  fs::permissions(other, fs::perms::owner_read | fs::perms::owner_write);
  const auto pub = dir_ / "other.pub";
  ASSERT_EQ(
      std::system(("openssl pkey -in " + other.string() + " -pubout -out " + pub.string()).c_str()),
      0);
  ASSERT_EQ(run_cli({"run", kSmallSite, "--out", (dir_ / "b").string(), "-q", "--horizon", "1h",
                     "--no-store", "--audit-key", other.string()})
                .exit_code,
            0);
  EXPECT_EQ(run_cli({"audit", "verify", (dir_ / "b").string(), "--key", pub.string()}).exit_code,
            0);
  EXPECT_EQ(run_cli({"audit", "verify", (dir_ / "b").string()}).exit_code, 1)
      << "not the site's key";
}

TEST_F(AuditCli, RerunIntoTheSameDirectoryStartsAfresh) {
  ASSERT_EQ(run("6h").exit_code, 0);
  ASSERT_EQ(run("3h").exit_code, 0);
  int runs = 0;
  for (const auto& e : trail()) {
    if (e["type"] != "run") continue;
    ++runs;
    EXPECT_DOUBLE_EQ(e["horizon_s"].get<double>(), 3 * 3600.0);
  }
  EXPECT_EQ(runs, 1) << "one trail, one run";
  const auto report = nlohmann::json::parse(read_file((out_ / "report.json").string()));
  EXPECT_DOUBLE_EQ(report["horizon_s"].get<double>(), 3 * 3600.0);
  EXPECT_EQ(run_cli({"audit", "verify", out_.string()}).exit_code, 0);
}

}  // namespace
}  // namespace pharmatwin::testing
