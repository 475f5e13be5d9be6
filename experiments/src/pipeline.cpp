#include "pharmatwin/experiments/pipeline.hpp"

#include "pharmatwin/experiments/audit.hpp"
#include "pharmatwin/experiments/report.hpp"

namespace pharmatwin::experiments {

bool ScoredRun::passed() const {
  if (!ok() || !score.complete) return false;
  for (const auto& e : expectations)
    if (!e.passed) return false;
  return true;
}

std::string system_under_test(const scenario::Scenario* scenario) {
  auto describe = [](const char* role, const scenario::Binding* b) {
    std::string s = std::string(role) + ":" + (b && !b->kind().empty() ? b->kind() : "in-process");
    if (b && !b->endpoint().empty()) s += "(" + b->endpoint() + ")";
    if (b && !b->policy().empty()) s += "[" + b->policy() + "]";
    return s;
  };
  const bool has = scenario && scenario->has_systems();
  return describe("detection", has ? &scenario->systems().detection() : nullptr) + " " +
         describe("serialization", has ? &scenario->systems().serialization() : nullptr);
}

scenario::Scenario baseline_scenario(const scenario::Scenario& scenario,
                                     const std::filesystem::path& scenario_dir) {
  scenario::Scenario copy = scenario;
  copy.clear_faults();
  copy.clear_recalls();
  copy.clear_expectations();
  copy.clear_imports();
  auto absolute = [&](scenario::Ambient* a) {
    if (!a->hourly_csv().empty() && std::filesystem::path(a->hourly_csv()).is_relative())
      a->set_hourly_csv(
          std::filesystem::absolute(scenario_dir / a->hourly_csv()).lexically_normal().string());
  };
  if (copy.has_site() && copy.site().has_ambient())
    absolute(copy.mutable_site()->mutable_ambient());
  for (auto& z : *copy.mutable_zones())
    if (z.has_ambient()) absolute(z.mutable_ambient());
  if (copy.has_systems()) {
    for (auto* b : {copy.mutable_systems()->mutable_detection(),
                    copy.mutable_systems()->mutable_serialization()}) {
      if (!b->policy().empty() && std::filesystem::path(b->policy()).is_relative())
        b->set_policy(
            std::filesystem::absolute(scenario_dir / b->policy()).lexically_normal().string());
    }
  }
  return copy;
}

ScoredRun score_run_dir(const ScoreRequest& req) {
  ScoredRun out;
  const auto events = req.run_dir / "events.pb";
  const auto trail = req.run_dir / "audit.jsonl";
  std::optional<std::string> replaced;
  if (std::filesystem::exists(trail)) {
    if (const auto recorded = recorded_file(trail, "events.pb")) {
      const auto actual = file_sha256_hex(events);
      if (actual && *actual != recorded->sha256) {
        if (!req.accept_changed_log) {
          out.error = events.string() + ": sha256 " + *actual +
                      " is not the event log its audit trail " + trail.string() + ":" +
                      std::to_string(recorded->line) + " records (sha256 " + recorded->sha256 +
                      "); refusing to score it (--accept-changed-log to score it anyway)";
          return out;
        }
        replaced = recorded->sha256;
      }
    }
  }
  std::shared_ptr<const SigningKey> key = req.audit_key;
  if (req.write_audit && !key) {
    std::string why;
    key = SigningKey::site(&why);
    if (!key) {
      out.error = "audit trail: " + why + " (--audit-key FILE, or --no-audit)";
      return out;
    }
  }
  auto run = read_run_log(req.run_dir / "events.pb");
  if (!run.ok()) {
    out.error = run.error;
    return out;
  }
  std::optional<RunLogResult> base;
  if (req.baseline_dir) {
    base = read_operations_log(*req.baseline_dir / "events.pb");
    if (!base->ok()) {
      out.error = "baseline: " + base->error;
      return out;
    }
  }
  ScoreInputs in;
  in.run = &run.log;
  in.baseline = base ? &base->log : nullptr;
  in.scenario = req.scenario;
  in.options = req.options;
  out.score = score_run(in);
  if (req.scenario && req.scenario->has_expectations())
    out.expectations = check_expectations(req.scenario->expectations(), out.score);
  std::string error;
  if (req.write_reports &&
      !write_reports(req.run_dir, out.score, run.log, out.expectations, &error)) {
    out.error = error;
    return out;
  }
  if (req.write_audit) {
    AuditContext ctx{req.scenario_file, req.scenario, system_under_test(req.scenario)};
    ctx.key = key;
    ctx.artifacts = {events};
    if (req.write_reports) {
      ctx.artifacts.push_back(req.run_dir / "report.json");
      ctx.artifacts.push_back(req.run_dir / "report.html");
    }
    ctx.replaced_events_sha256 = replaced;
    if (!write_audit_trail(req.run_dir / "audit.jsonl", run.log, out.score, ctx, &error)) {
      out.error = error;
      return out;
    }
  }
  return out;
}

}  // namespace pharmatwin::experiments
