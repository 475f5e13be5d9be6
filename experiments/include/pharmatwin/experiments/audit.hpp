// The audit trail of a run: an append-only, hash-chained JSON-lines file (audit.jsonl).
//
// Every line is a JSON object with "seq" (0-based line number), "type", its content,
// "prev_hash" (the previous line's hash, 64 zeros for the first) and
// "hash" = hex SHA-256 of (canonical content + prev_hash), where the canonical content is the
// compact JSON of the line without "hash" and "prev_hash" (keys sorted, as nlohmann::json
// serialises objects). A session of entries ends with a "seal" line giving the number of lines
// so far; the file must end with a seal, so cutting lines off the end is detected too.
#pragma once

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pharmatwin/experiments/run_log.hpp"
#include "pharmatwin/experiments/run_score.hpp"

namespace pharmatwin::experiments {

namespace json_text {
class Object;
}

std::string sha256_hex(const std::string& data);
// Hash of one entry given the previous hash (the entry's own hash/prev_hash are ignored).
std::string audit_entry_hash(const nlohmann::json& entry, const std::string& prev_hash);
// The same, dropping hash and prev_hash from `entry` instead of copying it.
std::string audit_entry_hash_in_place(nlohmann::json& entry, const std::string& prev_hash);

class AuditWriter {
 public:
  // Opens `path` for appending, continuing the chain of an existing file (which must verify).
  static std::unique_ptr<AuditWriter> open(const std::filesystem::path& path, std::string* error);
  // Adds "seq", "type", "prev_hash" and "hash" to `content` and writes it as one line.
  void append(const std::string& type, nlohmann::json content);
  // The same for an entry already serialised member by member (no json value built).
  void append(const std::string& type, json_text::Object& content);
  // Writes the seal line; call once at the end of a session.
  void seal();
  bool ok() const { return static_cast<bool>(out_); }

 private:
  std::ofstream out_;
  std::string prev_hash_;
  std::uint64_t seq_ = 0;
  std::string content_, line_;
};

struct AuditCheck {
  bool intact = false;
  std::uint64_t lines = 0;
  std::uint64_t first_bad_line = 0;  // 1-based; 0 when intact
  std::string problem;               // "hash mismatch", "prev_hash does not chain", ...
};

AuditCheck verify_audit(const std::filesystem::path& path);

struct AuditContext {
  std::string scenario_file;
  const scenario::Scenario* scenario = nullptr;  // for the policy version; optional
  std::string system_under_test;                 // e.g. "detection:in-process"
};

// Writes the trail of a scored run: the run, policy versions, every alert (with the ground truth
// and readings around it as evidence, and what it matched), every decision (overrides marked)
// and the decisions the world applied.
bool write_audit_trail(const std::filesystem::path& path, const RunLog& log, const RunScore& score,
                       const AuditContext& context, std::string* error);

}  // namespace pharmatwin::experiments
