// Every input is bounded and checked: a bad value is a located error and exit 2, never an
// abort, a hang, a silent wrap or a silently ignored part of the input. Covers command-line
// values (--listen, --sut-timeout, --horizon), JSON documents (no event list, an array, a key
// given twice), a UTF-8 byte-order mark (accepted), control characters in names, over-long CSV
// lines, a damaged results store and the loopback default of listening sockets.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_child.hpp"

namespace pharmatwin::testing {
namespace {

namespace fs = std::filesystem;
const std::string kDefault = std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/default.textproto";
const std::string kSite =
    std::string(PHARMATWIN_SOURCE_DIR) + "/scenarios/sites/small-site.textproto";

class InputChecks : public ScratchDirTest {
 protected:
};

// Runs `argv` (a program of the build) and returns its exit code and stderr.
CliResult run_program(std::vector<std::string> args, int kill_after_ms = -1) {
  const fs::path err =
      fs::temp_directory_path() / ("pharmatwin-input-prog-" + std::to_string(getpid()));
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    const int fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  if (kill_after_ms >= 0) {
    for (int waited = 0; waited < kill_after_ms && waitpid(pid, &status, WNOHANG) == 0;
         waited += 20)
      usleep(20000);
    kill(pid, SIGKILL);
  }
  waitpid(pid, &status, 0);
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = read_file(err.string());
  fs::remove(err);
  return r;
}

#ifdef PHARMATWIN_SUT
TEST(SutListen, RefusesAPortThatIsNotANumberOrOutOfRange) {
  for (const std::string bad :
       {"abc", "127.0.0.1:abc", "127.0.0.1:99999", "127.0.0.1:-1", "127.0.0.1:"}) {
    const auto r = run_program({PHARMATWIN_SUT, "--listen", bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_NE(r.err.find("pharmatwin-sut: --listen " + bad + ": port"), std::string::npos) << r.err;
  }
  const auto host = run_program({PHARMATWIN_SUT, "--listen", "localhost-ish:7000"});
  EXPECT_EQ(host.exit_code, 2) << host.err;
  EXPECT_NE(host.err.find("is not an IPv4 address"), std::string::npos) << host.err;
}

TEST(SutListen, ListensOnLoopbackUnlessAnotherAddressIsAskedFor) {
  const auto by_default = run_program({PHARMATWIN_SUT, "--listen", "0"}, 1000);
  EXPECT_NE(by_default.err.find("listening on 127.0.0.1:"), std::string::npos) << by_default.err;
  const auto every = run_program({PHARMATWIN_SUT, "--listen", "0.0.0.0:0"}, 1000);
  EXPECT_NE(every.err.find("listening on 0.0.0.0:"), std::string::npos) << every.err;
}
#endif

TEST_F(InputChecks, SutTimeoutMustBeAFinitePositiveNumberOfSeconds) {
  for (const std::string bad : {"0", "-5", "nan", "inf", "1e300"}) {
    const auto r = run_cli({"run", kDefault, "--out", (dir_ / "out").string(), "-q", "--no-score",
                            "--sut-timeout=" + bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_NE(r.err.find("--sut-timeout"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "out" / "events.pb")) << bad;
  }
}

TEST_F(InputChecks, MqttCredentialAndTlsFilesMustExist) {
  for (const std::string flag :
       {"--mqtt-password-file", "--mqtt-cafile", "--mqtt-certfile", "--mqtt-keyfile"}) {
    const auto r = run_cli({"run", kDefault, "--out", (dir_ / "out").string(), "-q", "--no-score",
                            flag, (dir_ / "missing.pem").string()});
    EXPECT_EQ(r.exit_code, 2) << flag << ": " << r.err;
    EXPECT_NE(r.err.find("pharmatwin run: " + flag + ": "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("missing.pem"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / "out" / "events.pb")) << flag;
  }
}

TEST_F(InputChecks, DurationsBeyondAHundredYearsAreRefused) {
  for (const std::string bad :
       {"1e11d", "100000000000d", "99999999999999999999999999999w", "36501d"}) {
    const auto r = run_cli(
        {"run", kDefault, "--out", (dir_ / "out").string(), "-q", "--no-score", "--horizon", bad});
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err;
    EXPECT_NE(r.err.find("pharmatwin run: --horizon: "), std::string::npos) << r.err;
  }
  std::string site = read_file(kSite);
  site.replace(site.find("horizon: \"7d\""), 13, "horizon: \"100000000000d\"");
  const auto r = run_cli({"validate", file("long.textproto", site)});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("run.horizon: duration '100000000000d' is longer than"),
            std::string::npos)
      << r.out << r.err;
}

TEST_F(InputChecks, EpcisHashRefusesADocumentWithoutEvents) {
  const auto object = run_cli({"epcis", "hash", file("empty.jsonld", "{}")});
  EXPECT_EQ(object.exit_code, 2) << object.err;
  EXPECT_NE(object.err.find("empty.jsonld: error: no event list"), std::string::npos) << object.err;
  const auto array = run_cli({"epcis", "hash", file("array.jsonld", "[]")});
  EXPECT_EQ(array.exit_code, 2) << array.err;
  EXPECT_NE(array.err.find("array.jsonld: error: the document is a JSON array"), std::string::npos)
      << array.err;
  EXPECT_EQ(array.err.find("type_error"), std::string::npos) << array.err;
}

const char* kEpcisWithTwoTimes = R"({
  "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
  "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-01-05T10:00:00Z",
  "epcisBody": {"eventList": [{
    "type": "ObjectEvent", "action": "OBSERVE",
    "eventTime": "2026-01-05T10:00:00Z", "eventTimeZoneOffset": "+00:00",
    "epcList": ["urn:epc:id:sgtin:4012345.011111.1"],
    "eventTime": "2026-01-05T11:00:00Z"}]}})";

TEST_F(InputChecks, DuplicateJsonKeysAreRefusedWithTheirPlace) {
  const std::string doc = file("twice.jsonld", kEpcisWithTwoTimes);
  for (const char* command : {"hash", "check"}) {
    const auto r = run_cli({"epcis", command, doc});
    EXPECT_EQ(r.exit_code, 2) << command << ": " << r.out << r.err;
    EXPECT_NE((r.out + r.err).find("twice.jsonld:8:"), std::string::npos) << r.out << r.err;
    EXPECT_NE(
        (r.out + r.err).find("duplicate key \"eventTime\" (the object already has it at line 6"),
        std::string::npos)
        << r.out << r.err;
  }
  const auto scenario =
      run_cli({"validate", file("twice.json", "{\"name\": \"a\",\n \"name\": \"b\"}")});
  EXPECT_EQ(scenario.exit_code, 2) << scenario.out << scenario.err;
  EXPECT_NE((scenario.out + scenario.err)
                .find("twice.json:2:2: duplicate key \"name\" (already given at line 1"),
            std::string::npos)
      << scenario.out << scenario.err;
}

TEST_F(InputChecks, AByteOrderMarkIsAccepted) {
  const std::string bom = "\xEF\xBB\xBF";
  const auto scenario = run_cli({"validate", file("bom.textproto", bom + read_file(kSite))});
  EXPECT_EQ(scenario.exit_code, 0) << scenario.out << scenario.err;
  const auto doc = run_cli({"epcis", "hash", file("bom.jsonld", bom + R"({
    "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
    "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-01-05T10:00:00Z",
    "epcisBody": {"eventList": [{"type": "ObjectEvent", "action": "OBSERVE",
      "eventTime": "2026-01-05T10:00:00Z", "eventTimeZoneOffset": "+00:00",
      "epcList": ["urn:epc:id:sgtin:4012345.011111.1"]}]}})")});
  EXPECT_EQ(doc.exit_code, 0) << doc.err;
  EXPECT_NE(doc.out.find("event 0: ni:///sha-256;"), std::string::npos) << doc.out;
  const auto csv =
      run_cli({"detect", "--policy",
               std::string(PHARMATWIN_SOURCE_DIR) + "/data/policies/refrigerated.json",
               file("bom.csv", bom + "timestamp,site,zone,sensor,kind,value\n"
                                     "2026-01-01T00:00:00Z,dc,cold,T1,temperature,5\n")});
  EXPECT_EQ(csv.exit_code, 0) << csv.out << csv.err;
}

TEST_F(InputChecks, AControlCharacterInANameIsRefused) {
  std::string site = read_file(kSite);
  site.replace(site.find("name: \"small-site\""), 18, "name: \"small\\000site\"");
  const auto r = run_cli({"validate", file("nul.textproto", site)});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("name: contains the control character 0x00 (NUL) at byte 5"),
            std::string::npos)
      << r.out << r.err;
}

TEST_F(InputChecks, ANulInACsvNameIsRefused) {
  const auto r = run_cli({"detect", "--policy",
                          std::string(PHARMATWIN_SOURCE_DIR) + "/data/policies/refrigerated.json",
                          file("nul.csv",
                               "timestamp,site,zone,sensor,kind,value\n"
                               "2026-01-01T00:00:00Z,dc,cold,T1" +
                                   std::string(1, '\0') + "x,temperature,5\n")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("nul.csv:2: contains a NUL byte at column 32"), std::string::npos) << r.err;
}

TEST_F(InputChecks, AnOverlongCsvLineIsRefusedWithoutHoldingIt) {
  const fs::path big = dir_ / "long.csv";
  {
    std::ofstream out(big, std::ios::binary);
    out << "timestamp,site,zone,sensor,kind,value\n2026-01-01T00:00:00Z,dc,cold,";
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < 200; ++i) out << block;  // a 200 MB sensor name
    out << ",temperature,5\n";
  }
  const auto r = run_cli({"detect", "--policy",
                          std::string(PHARMATWIN_SOURCE_DIR) + "/data/policies/refrigerated.json",
                          big.string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("long.csv:2: line longer than 4096 bytes"), std::string::npos) << r.err;
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  EXPECT_LT(usage.ru_maxrss, 150 * 1024) << "KiB of the largest child";
}

TEST_F(InputChecks, HistoryRefusesAStoreThatFailsTheIntegrityCheck) {
  const std::string store = (dir_ / "results.sqlite").string();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(store.c_str(), &db), SQLITE_OK);
  // An index whose declared columns no longer match its entries: SQLite's integrity check
  // reports it, a plain query does not notice.
  const char* sql =
      "CREATE TABLE t(a INTEGER, b INTEGER); CREATE INDEX t_a ON t(a);"
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
      "INSERT INTO t SELECT i, 1000 - i FROM n;"
      "PRAGMA writable_schema = ON;"
      "UPDATE sqlite_schema SET sql = 'CREATE INDEX t_a ON t(b)' WHERE name = 't_a';"
      "PRAGMA writable_schema = OFF;";
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
  const auto r = run_cli({"history", "--store", store});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("results.sqlite: the results store fails SQLite's integrity check: "),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace pharmatwin::testing
