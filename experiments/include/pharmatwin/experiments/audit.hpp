// The audit trail of a run: an append-only, hash-chained JSON-lines file (audit.jsonl).
//
// Every line is a JSON object with "seq" (0-based line number), "type", its content,
// "prev_hash" (the previous line's hash, 64 zeros for the first) and
// "hash" = hex SHA-256 of (canonical content + prev_hash), where the canonical content is the
// compact JSON of the line without "hash" and "prev_hash" (keys sorted, as nlohmann::json
// serialises objects). A session of entries ends with a "seal" line giving the number of lines
// so far; the file must end with a seal, so cutting lines off the end is detected too.
//
// A hash chain alone can be rewritten consistently (edit a line, recompute every later hash), so
// each seal also carries "public_key" (hex Ed25519 key, hashed with the seal) and "signature"
// (hex Ed25519 signature of "pharmatwin-audit-seal\n" + the seal's hash, left out of the hash
// like "hash" itself). A scored run's session holds an "artifacts" entry with the size and SHA-256
// of the files it describes (events.pb, report.json, report.html, named relative to the trail), so
// a changed event log or report no longer matches its trail.
//
//   auto key = SigningKey::site(&error);
//   AuditContext ctx;
//   ctx.key = key;
//   ctx.artifacts = {dir / "events.pb", dir / "report.json"};
//   write_audit_trail(dir / "audit.jsonl", log, score, ctx, &error);
//   AuditVerifyOptions trust;
//   trust.trusted_public_key_hex = key->public_key_hex();
//   verify_audit(dir / "audit.jsonl", trust).intact;  // true until anything is changed
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pharmatwin/experiments/audit_key.hpp"
#include "pharmatwin/experiments/run_log.hpp"
#include "pharmatwin/experiments/run_score.hpp"

namespace pharmatwin::experiments {

namespace json_text {
class Object;
}

std::string sha256_hex(const std::string& data);
// Lowercase hex of bytes (hashes, keys and signatures in the trail).
std::string to_hex(const unsigned char* data, std::size_t n);
// SHA-256 of a file's bytes, read in blocks; nullopt when it cannot be read.
std::optional<std::string> file_sha256_hex(const std::filesystem::path& path,
                                           std::uint64_t* bytes = nullptr);
// Hash of one entry given the previous hash (the entry's own hash/prev_hash are ignored).
std::string audit_entry_hash(const nlohmann::json& entry, const std::string& prev_hash);
// The same, dropping hash and prev_hash from `entry` instead of copying it.
std::string audit_entry_hash_in_place(nlohmann::json& entry, const std::string& prev_hash);

class AuditWriter {
 public:
  // Opens `path` for appending, continuing the chain of an existing file (which must verify,
  // signatures included). Seals are signed with `key`; without one they are unsigned, which
  // verify_audit reports as broken.
  static std::unique_ptr<AuditWriter> open(const std::filesystem::path& path, std::string* error,
                                           std::shared_ptr<const SigningKey> key = nullptr);
  // Adds "seq", "type", "prev_hash" and "hash" to `content` and writes it as one line.
  void append(const std::string& type, nlohmann::json content);
  // The same for an entry already serialised member by member (no json value built).
  void append(const std::string& type, json_text::Object& content);
  // Writes the signed seal line; call once at the end of a session.
  void seal();
  bool ok() const { return static_cast<bool>(out_); }

 private:
  void append(const std::string& type, json_text::Object& content,
              std::string_view unhashed_member);
  std::ofstream out_;
  std::shared_ptr<const SigningKey> key_;
  std::string prev_hash_;
  std::uint64_t seq_ = 0;
  std::string content_, line_;
};

struct AuditCheck {
  bool intact = false;
  std::uint64_t lines = 0;
  std::uint64_t first_bad_line = 0;  // 1-based; 0 when intact
  std::string problem;               // "hash mismatch", "prev_hash does not chain", ...
  std::string signer;                // public key (hex) of the last seal
  std::vector<std::string> files;    // the files checked against the trail
};

struct AuditVerifyOptions {
  // When set, every seal must be signed by this key (hex); otherwise each seal's signature is
  // checked against the key it records, which shows the trail is whole but not who wrote it.
  std::optional<std::string> trusted_public_key_hex;
  // The files of the last "artifacts" entry must exist beside the trail with the recorded size
  // and SHA-256 (and the trail must have such an entry).
  bool check_files = true;
};

AuditCheck verify_audit(const std::filesystem::path& path, const AuditVerifyOptions& options = {});

// What the last "artifacts" entry of a trail records for `name` (e.g. "events.pb"), without
// checking the chain; nullopt when the trail cannot be read or records no such file.
struct RecordedFile {
  std::string sha256;
  std::uint64_t bytes = 0;
  std::uint64_t line = 0;  // 1-based line of the artifacts entry
};
std::optional<RecordedFile> recorded_file(const std::filesystem::path& trail,
                                          const std::string& name);

struct AuditContext {
  std::string scenario_file;
  const scenario::Scenario* scenario = nullptr;  // for the policy version; optional
  std::string system_under_test;                 // e.g. "detection:in-process"
  std::shared_ptr<const SigningKey> key;         // signs the seal; unsigned without one
  // Files the trail binds by size and SHA-256 (written before the trail), beside the trail.
  std::vector<std::filesystem::path> artifacts;
  // The SHA-256 of the event log the trail described before, when it was scored anyway although
  // it had changed; recorded in a "log_changed" entry.
  std::optional<std::string> replaced_events_sha256;
};

// Writes the trail of a scored run: the run, policy versions, every alert (with the ground truth
// and readings around it as evidence, and what it matched), every decision (overrides marked)
// and the decisions the world applied.
bool write_audit_trail(const std::filesystem::path& path, const RunLog& log, const RunScore& score,
                       const AuditContext& context, std::string* error);

}  // namespace pharmatwin::experiments
