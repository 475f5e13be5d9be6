#include "pharmatwin/experiments/audit.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "json_text.hpp"
#include "pharmatwin/version.hpp"

namespace pharmatwin::experiments {

using nlohmann::json;

namespace {
const std::string kGenesis(64, '0');
const std::string kSealContext = "pharmatwin-audit-seal\n";
// Compact, keys sorted; invalid UTF-8 replaced so that any message can be recorded.
std::string canonical(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string to_hex(const unsigned char* data, std::size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 15];
  }
  return out;
}

std::string sha256_hex(const std::string& data) {
  // One fetched algorithm and context per thread: fetching per call costs more than hashing a
  // few hundred bytes, and the trail hashes every line.
  struct Hasher {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Hasher() {
      EVP_MD_CTX_free(ctx);
      EVP_MD_free(md);
    }
  };
  thread_local Hasher h;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const bool done = h.md && h.ctx && EVP_DigestInit_ex2(h.ctx, h.md, nullptr) &&
                    EVP_DigestUpdate(h.ctx, data.data(), data.size()) &&
                    EVP_DigestFinal_ex(h.ctx, digest, &length);
  if (!done) EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return to_hex(digest, length);
}

std::optional<std::string> file_sha256_hex(const std::filesystem::path& path,
                                           std::uint64_t* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    return std::nullopt;
  }
  std::vector<char> buf(1 << 20);
  std::uint64_t total = 0;
  bool ok = true;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = in.gcount();
    if (n > 0) ok = ok && EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(n)) == 1;
    total += static_cast<std::uint64_t>(n);
  }
  ok = ok && in.eof();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  ok = ok && EVP_DigestFinal_ex(ctx, digest, &length) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return std::nullopt;
  if (bytes) *bytes = total;
  return to_hex(digest, length);
}

std::string audit_entry_hash(const json& entry, const std::string& prev_hash) {
  json content = entry;
  return audit_entry_hash_in_place(content, prev_hash);
}

std::string audit_entry_hash_in_place(json& entry, const std::string& prev_hash) {
  if (entry.is_object()) {
    entry.erase("hash");
    entry.erase("prev_hash");
    entry.erase("signature");
  }
  return sha256_hex(canonical(entry) + prev_hash);
}

AuditCheck verify_audit(const std::filesystem::path& path, const AuditVerifyOptions& options) {
  AuditCheck check;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    check.problem = "cannot open " + path.string();
    return check;
  }
  std::string line, prev = kGenesis, last_type;
  json artifacts;  // the last artifacts entry's files
  std::uint64_t artifacts_line = 0;
  auto fail = [&](const std::string& problem) {
    check.first_bad_line = check.lines;
    check.problem = problem;
    return check;
  };
  while (std::getline(in, line)) {
    ++check.lines;
    json entry = json::parse(line, nullptr, false);
    if (entry.is_discarded() || !entry.is_object()) return fail("not a JSON object");
    if (!entry.contains("hash") || !entry["hash"].is_string() || !entry.contains("prev_hash") ||
        !entry["prev_hash"].is_string())
      return fail("hash or prev_hash missing");
    if (!entry.contains("seq") || !entry["seq"].is_number_unsigned() ||
        entry["seq"].get<std::uint64_t>() != check.lines - 1)
      return fail("seq is not " + std::to_string(check.lines - 1));
    if (entry["prev_hash"].get<std::string>() != prev) return fail("prev_hash does not chain");
    const std::string stated = entry["hash"].get<std::string>();
    const std::string type = entry.value("type", "");
    std::string signature;
    if (type == "seal" && entry.contains("signature") && entry["signature"].is_string())
      signature = entry["signature"].get<std::string>();
    const std::string hash = audit_entry_hash_in_place(entry, prev);
    if (stated != hash) return fail("hash does not match the content");
    if (type == "seal") {
      if (entry.value("lines", std::uint64_t{0}) != check.lines)
        return fail("seal counts a different number of lines");
      const std::string key = entry.contains("public_key") && entry["public_key"].is_string()
                                  ? entry["public_key"].get<std::string>()
                                  : "";
      if (key.empty() || signature.empty()) return fail("seal is not signed");
      if (!verify_signature_hex(key, kSealContext + hash, signature))
        return fail("signature does not match the seal (the trail was rewritten)");
      if (options.trusted_public_key_hex && key != *options.trusted_public_key_hex)
        return fail("sealed with key " + key + ", not the trusted key " +
                    *options.trusted_public_key_hex);
      check.signer = key;
    }
    if (type == "artifacts" && entry.contains("files") && entry["files"].is_object()) {
      artifacts = entry["files"];
      artifacts_line = check.lines;
    }
    prev = hash;
    last_type = type;
  }
  if (check.lines == 0) return fail("empty audit trail");
  if (last_type != "seal") {
    check.first_bad_line = check.lines + 1;
    check.problem = "missing seal at the end (lines cut off?)";
    return check;
  }
  if (options.check_files) {
    if (artifacts_line == 0) {
      check.first_bad_line = check.lines;
      check.problem = "the trail records no files (no artifacts entry)";
      return check;
    }
    for (auto it = artifacts.begin(); it != artifacts.end(); ++it) {
      const auto file = path.parent_path() / it.key();
      const std::string recorded = it.value().value("sha256", "");
      std::uint64_t bytes = 0;
      const auto actual = file_sha256_hex(file, &bytes);
      check.first_bad_line = artifacts_line;
      if (!actual) {
        check.problem = file.string() + ": missing (the trail records sha256 " + recorded + ")";
        return check;
      }
      if (*actual != recorded || bytes != it.value().value("bytes", std::uint64_t{0})) {
        check.problem = file.string() + ": changed since the trail was written (sha256 " + *actual +
                        ", " + std::to_string(bytes) + " bytes; recorded " + recorded + ", " +
                        std::to_string(it.value().value("bytes", std::uint64_t{0})) + " bytes)";
        return check;
      }
      check.first_bad_line = 0;
      check.files.push_back(it.key());
    }
  }
  check.intact = true;
  return check;
}

std::optional<RecordedFile> recorded_file(const std::filesystem::path& trail,
                                          const std::string& name) {
  std::ifstream in(trail, std::ios::binary);
  if (!in) return std::nullopt;
  std::optional<RecordedFile> found;
  std::string line;
  for (std::uint64_t n = 1; std::getline(in, line); ++n) {
    // Only artifacts entries are parsed: most lines are alerts and decisions.
    if (line.find("\"type\":\"artifacts\"") == std::string::npos) continue;
    const json entry = json::parse(line, nullptr, false);
    if (entry.is_discarded() || !entry.is_object() || entry.value("type", "") != "artifacts")
      continue;
    found.reset();
    const auto files = entry.find("files");
    if (files == entry.end() || !files->is_object() || !files->contains(name)) continue;
    const auto& f = (*files)[name];
    if (!f.is_object()) continue;
    found = RecordedFile{f.value("sha256", ""), f.value("bytes", std::uint64_t{0}), n};
  }
  return found;
}

std::unique_ptr<AuditWriter> AuditWriter::open(const std::filesystem::path& path,
                                               std::string* error,
                                               std::shared_ptr<const SigningKey> key) {
  auto w = std::unique_ptr<AuditWriter>(new AuditWriter());
  w->prev_hash_ = kGenesis;
  w->key_ = std::move(key);
  if (std::filesystem::exists(path)) {
    AuditVerifyOptions chain_only;
    chain_only.check_files = false;  // the reports were just rewritten
    const auto check = verify_audit(path, chain_only);
    if (!check.intact) {
      if (error)
        *error = path.string() + ":" + std::to_string(check.first_bad_line) + ": " + check.problem +
                 "; not appending to a broken trail";
      return nullptr;
    }
    std::ifstream in(path, std::ios::binary);
    std::string line, last;
    while (std::getline(in, line)) last = line;
    w->prev_hash_ = json::parse(last)["hash"].get<std::string>();
    w->seq_ = check.lines;
  }
  w->out_.open(path, std::ios::binary | std::ios::app);
  if (!w->out_) {
    if (error) *error = path.string() + ": cannot open for appending";
    return nullptr;
  }
  return w;
}

void AuditWriter::append(const std::string& type, json content) {
  if (!content.is_object()) content = json{{"value", content}};
  json_text::Object entry;
  for (auto it = content.begin(); it != content.end(); ++it) {
    const auto& key = it.key();
    if (key == "seq" || key == "type" || key == "hash" || key == "prev_hash") continue;
    entry.raw(key, canonical(it.value()));
  }
  append(type, entry);
}

void AuditWriter::append(const std::string& type, json_text::Object& entry) {
  append(type, entry, {});
}

void AuditWriter::append(const std::string& type, json_text::Object& entry,
                         std::string_view unhashed_member) {
  entry.unsigned_integer("seq", seq_);
  entry.string("type", type);
  // Each member serialised once: the hashed content leaves hash and prev_hash out, the line has
  // them in their sorted places.
  std::string& content = content_;  // buffers reused across entries
  std::string& line = line_;
  content.assign(1, '{');
  line.assign(1, '{');
  bool hash_done = false, prev_done = false;
  std::size_t hash_at = 0;  // where in `line` the hash goes (known only at the end)
  auto put = [](std::string& out, std::string_view member) {
    if (out.size() > 1) out += ',';
    out += member;
  };
  const std::string prev_member = "\"prev_hash\":\"" + prev_hash_ + "\"";
  for (const auto& m : entry.members()) {
    if (!hash_done && m.key > "hash") {
      put(line, "\"hash\":\"");
      hash_at = line.size();
      line += '"';
      hash_done = true;
    }
    if (!prev_done && m.key > "prev_hash") {
      put(line, prev_member);
      prev_done = true;
    }
    put(content, m.text);
    put(line, m.text);
  }
  if (!hash_done) {
    put(line, "\"hash\":\"");
    hash_at = line.size();
    line += '"';
  }
  if (!prev_done) put(line, prev_member);
  content += '}';
  content += prev_hash_;
  const std::string hash = sha256_hex(content);
  line.insert(hash_at, hash);
  if (!unhashed_member.empty()) {
    line += ',';
    line += unhashed_member;
  }
  line += "}\n";
  out_.write(line.data(), static_cast<std::streamsize>(line.size()));
  prev_hash_ = hash;
  ++seq_;
}

void AuditWriter::seal() {
  json_text::Object entry;
  entry.unsigned_integer("lines", seq_ + 1);
  if (key_) entry.string("public_key", key_->public_key_hex());
  // The hash the signature covers is known only once the entry is hashed: hash it as append
  // will (same members, same previous hash), sign, then append with the signature unhashed.
  std::string signature;
  if (key_) {
    json_text::Object copy;
    copy.unsigned_integer("lines", seq_ + 1).string("public_key", key_->public_key_hex());
    copy.unsigned_integer("seq", seq_).string("type", "seal");
    std::string content = copy.text();
    const std::string hash = sha256_hex(content + prev_hash_);
    signature = "\"signature\":\"" + key_->sign_hex(kSealContext + hash) + "\"";
  }
  append("seal", entry, signature);
  out_.flush();
}

namespace {

std::string zone_name(const RunLog& log, int zone) {
  return zone >= 0 && zone < log.header.zones_size() ? log.header.zones(zone).name() : "";
}
std::string sensor_name(const RunLog& log, int sensor) {
  return sensor >= 0 && sensor < log.header.sensors_size() ? log.header.sensors(sensor).name() : "";
}

// The alert's evidence as JSON text: the zone's ground truth at the last sample before it, the
// storage range, its sensor's last readings when the run logged readings.
std::string evidence_for(const RunLog& log, const LoggedAlert& a) {
  using namespace json_text;
  Object ev;
  const int zone = a.zone >= 0 ? a.zone : log.sensor_zone(a.sensor);
  if (zone >= 0 && zone < static_cast<int>(log.truth.size())) {
    const auto& series = log.truth[zone];
    auto it = std::upper_bound(series.begin(), series.end(), a.raised_at_s,
                               [](double t, const TruthPoint& p) { return t < p.t_s; });
    if (it != series.begin()) {
      const auto& p = *std::prev(it);
      Object truth;
      truth.number("t_s", p.t_s).number("air_c", p.air_c);
      if (p.has_product)
        truth.number("product_c", p.product_c);
      else
        truth.null("product_c");
      ev.raw("truth", truth.text());
    }
  }
  if (zone >= 0 && zone < log.header.zones_size()) {
    const auto& z = log.header.zones(zone);
    std::string range = "[";
    append_number(range, z.min_c());
    range += ',';
    append_number(range, z.max_c());
    range += ']';
    ev.raw("range_c", std::move(range));
  }
  if (a.sensor >= 0 && log.readings > 0) {
    std::string readings = "[";
    for (const auto& [t, v] : a.last_readings) {
      if (readings.size() > 1) readings += ',';
      readings += '[';
      append_number(readings, t);
      readings += ',';
      append_number(readings, v);
      readings += ']';
    }
    readings += ']';
    ev.raw("readings", std::move(readings));
  }
  return ev.text();
}

template <typename Strings>
std::string string_array(const Strings& strings) {
  std::string out = "[";
  for (const auto& s : strings) {
    if (out.size() > 1) out += ',';
    json_text::append_string(out, s);
  }
  out += ']';
  return out;
}

bool shares_scope(const sim::DecisionRecord& a, const sim::DecisionRecord& b) {
  for (const auto& lot : a.lots())
    if (std::find(b.lots().begin(), b.lots().end(), lot) != b.lots().end()) return true;
  for (const auto& p : a.packs())
    if (std::find(b.packs().begin(), b.packs().end(), p) != b.packs().end()) return true;
  return a.lots().empty() && a.packs().empty() && b.lots().empty() && b.packs().empty() &&
         a.zone() == b.zone();
}

std::string file_sha256(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream buf;
  buf << in.rdbuf();
  return sha256_hex(buf.str());
}

}  // namespace

bool write_audit_trail(const std::filesystem::path& path, const RunLog& log, const RunScore& score,
                       const AuditContext& ctx, std::string* error) {
  // The files are hashed before anything is written, so a missing one leaves the trail as it was.
  json files = json::object();
  for (const auto& f : ctx.artifacts) {
    std::uint64_t bytes = 0;
    const auto sha = file_sha256_hex(f, &bytes);
    if (!sha) {
      if (error) *error = f.string() + ": cannot read it to record its hash in the audit trail";
      return false;
    }
    const auto name =
        f.lexically_normal().lexically_relative(path.parent_path().lexically_normal());
    files[name.empty() ? f.filename().string() : name.generic_string()] = {{"sha256", *sha},
                                                                           {"bytes", bytes}};
  }
  auto w = AuditWriter::open(path, error, ctx.key);
  if (!w) return false;
  w->append("run", {{"scenario", log.header.scenario_name()},
                    {"scenario_hash", log.header.scenario_hash()},
                    {"scenario_file", ctx.scenario_file},
                    {"seed", log.header.seed()},
                    {"world_version", log.header.version()},
                    {"scorer_version", kVersion},
                    {"scorer_commit", kGitCommit},
                    {"system_under_test", ctx.system_under_test},
                    {"start", log.header.start()},
                    {"horizon_s", log.header.horizon_s()}});
  if (!ctx.artifacts.empty()) w->append("artifacts", {{"files", files}});
  if (ctx.replaced_events_sha256) {
    w->append(
        "log_changed",
        {{"recorded_sha256", *ctx.replaced_events_sha256},
         {"sha256", files.contains("events.pb") ? files["events.pb"]["sha256"] : json(nullptr)},
         {"note", "the event log differs from the one the trail described before; scored anyway"}});
  }
  if (ctx.scenario && ctx.scenario->has_systems()) {
    const auto& sys = ctx.scenario->systems();
    for (const auto& [role, binding] : {std::pair{"detection", &sys.detection()},
                                        std::pair{"serialization", &sys.serialization()}}) {
      json p = {{"system", role},
                {"binding", binding->kind().empty() ? "in-process" : binding->kind()},
                {"endpoint", binding->endpoint()},
                {"policy", binding->policy()}};
      if (!binding->policy().empty()) {
        const auto dir = std::filesystem::path(ctx.scenario_file).parent_path();
        const auto sha = file_sha256(dir / binding->policy());
        p["policy_sha256"] = sha.empty() ? json(nullptr) : json(sha);
      }
      w->append("policy", p);
    }
  } else {
    w->append("policy",
              {{"system", "detection"}, {"binding", "in-process"}, {"policy", "built-in default"}});
  }
  for (const auto& f : log.faults) {
    w->append("fault", {{"name", f.name},
                        {"kind", f.kind},
                        {"zone", f.zone},
                        {"sensor", f.sensor},
                        {"start_s", f.start_s},
                        {"end_s", f.end_s ? json(*f.end_s) : json(nullptr)},
                        {"injected", f.injected}});
  }

  // Alerts, decisions and applied decisions in time order.
  struct Item {
    double t;
    int type;  // 0 alert, 1 decision, 2 applied
    std::size_t index;
  };
  std::vector<Item> items;
  for (std::size_t i = 0; i < log.alerts.size(); ++i)
    items.push_back({log.alerts[i].received_s, 0, i});
  for (std::size_t i = 0; i < log.decisions.size(); ++i)
    items.push_back({log.decisions[i].received_s, 1, i});
  std::vector<const sim::OperationsRecord*> applied;
  for (const auto& r : log.operations)
    if (r.has_decision_applied()) applied.push_back(&r);
  for (std::size_t i = 0; i < applied.size(); ++i) items.push_back({applied[i]->t_s(), 2, i});
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.t < b.t; });

  json_text::Object e;  // reused: thousands of entries
  for (const auto& item : items) {
    e.clear();
    if (item.type == 0) {
      const auto& a = log.alerts[item.index];
      const int fault = item.index < score.detection.alert_fault.size()
                            ? score.detection.alert_fault[item.index]
                            : -1;
      e.string("id", a.id).string("kind", a.kind).string("zone", zone_name(log, a.zone));
      e.string("sensor", sensor_name(log, a.sensor)).number("raised_at_s", a.raised_at_s);
      e.number("received_s", a.received_s).integer("severity", a.severity);
      if (a.cleared)
        e.number("cleared_at_s", a.cleared_at_s);
      else
        e.null("cleared_at_s");
      e.raw("lots", string_array(a.lots)).string("message", a.message);
      if (fault >= 0)
        e.string("matched_fault", score.detection.faults[fault].name);
      else
        e.null("matched_fault");
      e.boolean("false_alarm", fault < 0).raw("evidence", evidence_for(log, a));
      w->append("alert", e);
    } else if (item.type == 1) {
      const auto& d = log.decisions[item.index];
      const auto& r = d.record;
      e.string("key", r.idempotency_key())
          .string("kind", r.kind())
          .number("issued_s", r.issued_s());
      e.number("received_s", d.received_s).string("zone", r.zone());
      e.raw("lots", string_array(r.lots())).raw("packs", string_array(r.packs()));
      e.string("alert_id", r.alert_id()).string("reason", r.reason());
      // A release undoes an earlier hold of the same stock: an override.
      std::string overrides;
      if (r.kind() == "release") {
        for (std::size_t j = item.index; j-- > 0;) {
          const auto& prev = log.decisions[j].record;
          if ((prev.kind() == "quarantine" || prev.kind() == "hold") && shares_scope(r, prev)) {
            overrides = prev.idempotency_key();
            break;
          }
        }
      }
      if (overrides.empty())
        e.null("override_of");
      else
        e.string("override_of", overrides);
      w->append(overrides.empty() ? "decision" : "override", e);
    } else {
      const auto& a = applied[item.index]->decision_applied();
      e.string("key", a.idempotency_key())
          .string("kind", a.kind())
          .boolean("duplicate", a.duplicate());
      e.unsigned_integer("units_affected", a.units_affected()).string("alert_id", a.alert_id());
      e.number("t_s", applied[item.index]->t_s());
      w->append("decision_applied", e);
    }
  }
  json summary = json::object();
  for (const auto& m : score.metrics) summary[m.name] = m.value;
  w->append("score", {{"metrics", summary}});
  w->seal();
  if (!w->ok()) {
    if (error) *error = path.string() + ": write failed";
    return false;
  }
  return true;
}

}  // namespace pharmatwin::experiments
