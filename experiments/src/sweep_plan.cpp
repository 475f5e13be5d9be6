#include "pharmatwin/experiments/sweep_plan.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "pharmatwin/experiments/audit.hpp"
#include "pharmatwin/scenarios/field_path.hpp"

namespace pharmatwin::experiments {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

void add(std::vector<Diagnostic>* problems, const std::string& file, int line, int column,
         const std::string& path, const std::string& message) {
  if (problems) problems->push_back({file, line, column, path, message});
}

}  // namespace

std::optional<VarySpec> parse_vary(const std::string& text, const std::string& origin,
                                   std::vector<Diagnostic>* problems) {
  const auto a = scenarios::split_assignment(text);
  if (!a) {
    add(problems, origin, 1, 1, "", "expected FIELD=V1,V2,... in '" + text + "'");
    return std::nullopt;
  }
  VarySpec spec;
  spec.path = a->path;
  spec.origin = origin;
  int column = a->value_column;
  std::string current;
  int start = column;
  for (std::size_t i = 0; i <= a->value.size(); ++i, ++column) {
    if (i == a->value.size() || a->value[i] == ',') {
      const std::string v = trim(current);
      if (v.empty()) {
        add(problems, origin, 1, start, spec.path, "empty value in the list '" + a->value + "'");
        return std::nullopt;
      }
      spec.values.push_back(v);
      spec.value_columns.push_back(start);
      current.clear();
      start = column + 1;
    } else {
      current += a->value[i];
    }
  }
  return spec;
}

bool apply_overrides(scenario::Scenario& scenario, const std::vector<Override>& overrides,
                     std::vector<Diagnostic>* problems) {
  bool ok = true;
  for (const auto& o : overrides) {
    const auto r = scenarios::apply_override(scenario, o.path, o.value);
    if (r.ok()) continue;
    ok = false;
    const int column =
        r.in_value ? o.column + static_cast<int>(o.path.size()) + 1 : o.column + r.column - 1;
    add(problems, o.origin, o.line, column, o.path + (r.in_value ? "=" + o.value : ""), r.message);
  }
  return ok;
}

void finish_plan(SweepPlan& plan, std::vector<Diagnostic>* problems) {
  const fs::path dir = plan.base_file.parent_path();
  std::ostringstream key;
  key << "pharmatwin-sweep\nbase " << scenarios::scenario_hash(plan.base) << "\nseed_base "
      << plan.seed_base << "\nfields";
  for (const auto& f : plan.fields) key << " " << f;
  key << "\n";
  for (auto& v : plan.variants) {
    v.hash = scenarios::scenario_hash(v.scenario);
    key << v.id << " " << v.hash << "\n";
    for (auto d : scenarios::validate_scenario(v.scenario, dir, "variant " + v.id)) {
      if (!v.overrides.empty()) {
        std::string with;
        for (const auto& o : v.overrides)
          with += (with.empty() ? "" : ", ") + o.path + "=" + o.value;
        d.message += " (with " + with + ")";
      }
      if (problems) problems->push_back(std::move(d));
    }
  }
  plan.key = sha256_hex(key.str());
}

bool check_vary_values(const scenario::Scenario& base, const std::vector<VarySpec>& vary,
                       std::vector<Diagnostic>* problems) {
  // Every value of every field on the base first: each error once, at its own column.
  bool values_ok = true;
  for (const auto& spec : vary) {
    for (std::size_t i = 0; i < spec.values.size(); ++i) {
      scenario::Scenario probe = base;
      const auto r = scenarios::apply_override(probe, spec.path, spec.values[i]);
      if (r.ok()) continue;
      values_ok = false;
      const int column = r.in_value ? spec.value_columns[i] : spec.path_column + r.column - 1;
      add(problems, spec.origin, 1, column,
          r.in_value ? spec.path + "=" + spec.values[i] : spec.path, r.message);
      if (!r.in_value) break;  // the path is wrong: every value would say so
    }
  }
  return values_ok;
}

SweepPlan factorial_plan(const scenario::Scenario& base, const fs::path& base_file,
                         const std::vector<Override>& fixed, const std::vector<VarySpec>& vary,
                         std::vector<Diagnostic>* problems) {
  SweepPlan plan;
  plan.base_file = base_file;
  plan.base = base;
  plan.name = base.name().empty() ? base_file.stem().string() : base.name();
  const std::size_t before = problems ? problems->size() : 0;
  apply_overrides(plan.base, fixed, problems);
  for (const auto& v : vary) plan.fields.push_back(v.path);
  const bool values_ok = check_vary_values(plan.base, vary, problems);
  if (!values_ok || (problems && problems->size() != before)) return plan;
  std::size_t count = 1;
  for (const auto& spec : vary) count *= spec.values.size();
  for (std::size_t n = 0; n < count; ++n) {
    Variant v;
    v.id = "v" + std::to_string(n + 1);
    v.scenario = plan.base;
    std::size_t rest = n;
    std::vector<std::size_t> pick(vary.size());
    for (std::size_t f = vary.size(); f-- > 0;) {
      pick[f] = rest % vary[f].values.size();
      rest /= vary[f].values.size();
    }
    for (std::size_t f = 0; f < vary.size(); ++f) {
      const auto& spec = vary[f];
      v.values.push_back(spec.values[pick[f]]);
      v.overrides.push_back({spec.path, spec.values[pick[f]], spec.origin, 1, spec.path_column});
    }
    apply_overrides(v.scenario, v.overrides, problems);
    plan.variants.push_back(std::move(v));
  }
  finish_plan(plan, problems);
  return plan;
}

SweepPlan variants_plan(const scenario::Scenario& base, const fs::path& base_file,
                        const std::vector<Override>& fixed, const fs::path& file,
                        std::vector<Diagnostic>* problems) {
  SweepPlan plan;
  plan.kind = "variants";
  plan.base_file = base_file;
  plan.base = base;
  plan.name = base.name().empty() ? base_file.stem().string() : base.name();
  apply_overrides(plan.base, fixed, problems);
  std::ifstream in(file);
  if (!in) {
    add(problems, file.string(), 0, 0, "", "cannot open the variants file");
    return plan;
  }
  std::string line;
  int number = 0;
  const std::size_t before = problems ? problems->size() : 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const int indent = static_cast<int>(line.find_first_not_of(" \t")) + 1;
    if (t.front() == '[') {
      if (t.back() != ']' || t.size() < 3) {
        add(problems, file.string(), number, indent, "", "expected [variant-name]");
        continue;
      }
      Variant v;
      v.id = trim(t.substr(1, t.size() - 2));
      for (const auto& other : plan.variants) {
        if (other.id == v.id)
          add(problems, file.string(), number, indent + 1, "",
              "variant '" + v.id + "' is named twice");
      }
      plan.variants.push_back(std::move(v));
      continue;
    }
    const auto a = scenarios::split_assignment(line);
    if (!a) {
      add(problems, file.string(), number, indent, "", "expected FIELD = VALUE or [variant-name]");
      continue;
    }
    if (plan.variants.empty()) {
      add(problems, file.string(), number, indent, a->path,
          "an override before the first [variant-name]");
      continue;
    }
    Override o{a->path, trim(a->value), file.string(), number, indent};
    plan.variants.back().overrides.push_back(o);
    bool known = false;
    for (const auto& f : plan.fields) known |= f == o.path;
    if (!known) plan.fields.push_back(o.path);
  }
  if (plan.variants.empty()) add(problems, file.string(), 0, 0, "", "no [variant-name] sections");
  for (auto& v : plan.variants) {
    v.scenario = plan.base;
    apply_overrides(v.scenario, v.overrides, problems);
    for (const auto& f : plan.fields) {
      std::string value;
      for (const auto& o : v.overrides)
        if (o.path == f) value = o.value;
      v.values.push_back(value);
    }
  }
  if (problems && problems->size() != before) return plan;
  finish_plan(plan, problems);
  return plan;
}

std::vector<SweepRun> plan_runs(const SweepPlan& plan, int first, int last, int shard, int shards) {
  std::vector<SweepRun> runs;
  std::size_t index = 0;
  for (int r = 1; r <= last; ++r) {
    for (std::size_t v = 0; v < plan.variants.size(); ++v, ++index) {
      if (r < first || static_cast<int>(index % static_cast<std::size_t>(shards)) != shard)
        continue;
      runs.push_back({v, r, plan.seed_base + static_cast<std::uint64_t>(r - 1),
                      plan.variants[v].id + "-r" + std::to_string(r)});
    }
  }
  return runs;
}

std::optional<std::pair<int, int>> parse_shard(const std::string& text, std::string* error) {
  const auto slash = text.find('/');
  char* end = nullptr;
  if (slash != std::string::npos) {
    const long k = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() + slash) {
      const long n = std::strtol(text.c_str() + slash + 1, &end, 10);
      if (*end == '\0' && slash + 1 < text.size() && n >= 1 && k >= 1 && k <= n && n <= 1000000)
        return std::pair<int, int>{static_cast<int>(k), static_cast<int>(n)};
    }
  }
  if (error) *error = "expected K/N with 1 <= K <= N, got '" + text + "'";
  return std::nullopt;
}

std::optional<std::pair<int, int>> shard_from_environment(std::string* error) {
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (!id || !count) return std::nullopt;
  const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
  char* end = nullptr;
  const long i = std::strtol(id, &end, 10);
  const bool id_ok = *id && *end == '\0';
  const long n = std::strtol(count, &end, 10);
  const bool n_ok = *count && *end == '\0';
  const long m = min ? std::strtol(min, &end, 10) : 0;
  if (!id_ok || !n_ok || n < 1 || i - m < 0 || i - m >= n) {
    if (error)
      *error = std::string("SLURM_ARRAY_TASK_ID=") + id + " (min " + (min ? min : "0") +
               ") does not fit SLURM_ARRAY_TASK_COUNT=" + count;
    return std::nullopt;
  }
  return std::pair<int, int>{static_cast<int>(i - m + 1), static_cast<int>(n)};
}

}  // namespace pharmatwin::experiments
