#include "pharmatwin/experiments/audit.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "pharmatwin/version.hpp"

namespace pharmatwin::experiments {

using nlohmann::json;

namespace {
const std::string kGenesis(64, '0');
// Compact, keys sorted; invalid UTF-8 replaced so that any message can be recorded.
std::string canonical(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string audit_entry_hash(const json& entry, const std::string& prev_hash) {
  json content = entry;
  content.erase("hash");
  content.erase("prev_hash");
  return sha256_hex(canonical(content) + prev_hash);
}

AuditCheck verify_audit(const std::filesystem::path& path) {
  AuditCheck check;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    check.problem = "cannot open " + path.string();
    return check;
  }
  std::string line, prev = kGenesis, last_type;
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
    const std::string hash = audit_entry_hash(entry, prev);
    if (entry["hash"].get<std::string>() != hash) return fail("hash does not match the content");
    if (entry.value("type", "") == "seal" && entry.value("lines", std::uint64_t{0}) != check.lines)
      return fail("seal counts a different number of lines");
    prev = hash;
    last_type = entry.value("type", "");
  }
  if (check.lines == 0) return fail("empty audit trail");
  if (last_type != "seal") {
    check.first_bad_line = check.lines + 1;
    check.problem = "missing seal at the end (lines cut off?)";
    return check;
  }
  check.intact = true;
  return check;
}

std::unique_ptr<AuditWriter> AuditWriter::open(const std::filesystem::path& path, std::string* error) {
  auto w = std::unique_ptr<AuditWriter>(new AuditWriter());
  w->prev_hash_ = kGenesis;
  if (std::filesystem::exists(path)) {
    const auto check = verify_audit(path);
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
  content["seq"] = seq_;
  content["type"] = type;
  content["prev_hash"] = prev_hash_;
  const std::string hash = audit_entry_hash(content, prev_hash_);
  content["hash"] = hash;
  out_ << canonical(content) << '\n';
  prev_hash_ = hash;
  ++seq_;
}

void AuditWriter::seal() {
  append("seal", {{"lines", seq_ + 1}});
  out_.flush();
}

namespace {

std::string zone_name(const RunLog& log, int zone) {
  return zone >= 0 && zone < log.header.zones_size() ? log.header.zones(zone).name() : "";
}
std::string sensor_name(const RunLog& log, int sensor) {
  return sensor >= 0 && sensor < log.header.sensors_size() ? log.header.sensors(sensor).name() : "";
}

json evidence_for(const RunLog& log, const LoggedAlert& a) {
  json ev = json::object();
  const int zone = a.zone >= 0 ? a.zone : log.sensor_zone(a.sensor);
  // Ground truth of the zone at the last sample before the alert.
  auto it = std::upper_bound(log.truth.begin(), log.truth.end(), a.raised_at_s,
                             [](double t, const TruthSample& s) { return t < s.t_s; });
  if (zone >= 0 && it != log.truth.begin()) {
    const auto& s = *std::prev(it);
    if (zone < static_cast<int>(s.air_c.size()))
      ev["truth"] = {{"t_s", s.t_s}, {"air_c", s.air_c[zone]},
                     {"product_c", zone < static_cast<int>(s.product_c.size()) ? json(s.product_c[zone]) : json(nullptr)}};
  }
  if (zone >= 0 && zone < log.header.zones_size()) {
    const auto& z = log.header.zones(zone);
    ev["range_c"] = {z.min_c(), z.max_c()};
  }
  // The alert's sensor's readings up to the alert (last three), when the run logged readings.
  if (a.sensor >= 0 && !log.readings.empty()) {
    auto end = std::upper_bound(log.readings.begin(), log.readings.end(), a.raised_at_s,
                                [](double t, const Reading& r) { return t < r.t_s; });
    json readings = json::array();
    for (auto r = end; r != log.readings.begin() && readings.size() < 3;) {
      --r;
      if (static_cast<int>(r->sensor) == a.sensor) readings.push_back({r->t_s, r->value_c});
    }
    std::reverse(readings.begin(), readings.end());
    ev["readings"] = readings;
  }
  return ev;
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
  auto w = AuditWriter::open(path, error);
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
    w->append("policy", {{"system", "detection"}, {"binding", "in-process"}, {"policy", "built-in default"}});
  }
  for (const auto& f : log.faults) {
    w->append("fault", {{"name", f.name}, {"kind", f.kind}, {"zone", f.zone}, {"sensor", f.sensor},
                        {"start_s", f.start_s}, {"end_s", f.end_s ? json(*f.end_s) : json(nullptr)},
                        {"injected", f.injected}});
  }

  // Alerts, decisions and applied decisions in time order.
  struct Item {
    double t;
    int type;  // 0 alert, 1 decision, 2 applied
    std::size_t index;
  };
  std::vector<Item> items;
  for (std::size_t i = 0; i < log.alerts.size(); ++i) items.push_back({log.alerts[i].received_s, 0, i});
  for (std::size_t i = 0; i < log.decisions.size(); ++i) items.push_back({log.decisions[i].received_s, 1, i});
  std::vector<const sim::OperationsRecord*> applied;
  for (const auto& r : log.operations)
    if (r.has_decision_applied()) applied.push_back(&r);
  for (std::size_t i = 0; i < applied.size(); ++i) items.push_back({applied[i]->t_s(), 2, i});
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.t < b.t; });

  for (const auto& item : items) {
    if (item.type == 0) {
      const auto& a = log.alerts[item.index];
      const int fault = item.index < score.detection.alert_fault.size() ? score.detection.alert_fault[item.index] : -1;
      w->append("alert", {{"id", a.id}, {"kind", a.kind}, {"zone", zone_name(log, a.zone)},
                          {"sensor", sensor_name(log, a.sensor)}, {"raised_at_s", a.raised_at_s},
                          {"received_s", a.received_s}, {"severity", a.severity},
                          {"cleared_at_s", a.cleared ? json(a.cleared_at_s) : json(nullptr)},
                          {"lots", a.lots}, {"message", a.message},
                          {"matched_fault", fault >= 0 ? json(score.detection.faults[fault].name) : json(nullptr)},
                          {"false_alarm", fault < 0}, {"evidence", evidence_for(log, a)}});
    } else if (item.type == 1) {
      const auto& d = log.decisions[item.index];
      const auto& r = d.record;
      json entry = {{"key", r.idempotency_key()}, {"kind", r.kind()}, {"issued_s", r.issued_s()},
                    {"received_s", d.received_s}, {"zone", r.zone()},
                    {"lots", std::vector<std::string>(r.lots().begin(), r.lots().end())},
                    {"packs", std::vector<std::string>(r.packs().begin(), r.packs().end())},
                    {"alert_id", r.alert_id()}, {"reason", r.reason()}};
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
      entry["override_of"] = overrides.empty() ? json(nullptr) : json(overrides);
      w->append(overrides.empty() ? "decision" : "override", entry);
    } else {
      const auto& a = applied[item.index]->decision_applied();
      w->append("decision_applied", {{"key", a.idempotency_key()}, {"kind", a.kind()},
                                     {"duplicate", a.duplicate()}, {"units_affected", a.units_affected()},
                                     {"alert_id", a.alert_id()}, {"t_s", applied[item.index]->t_s()}});
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
