#include "pharmatwin/experiments/sweep_design.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "pharmatwin/scenarios/field_path.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::experiments {

namespace {

// splitmix64: a small generator whose output is fixed by its seed on every platform.
struct SplitMix {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // In (0, 1).
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  std::uint64_t below(std::uint64_t n) {
    return static_cast<std::uint64_t>(uniform() * static_cast<double>(n));
  }
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::string base_value(const scenario::Scenario& base, const std::string& path) {
  const auto values = scenarios::read_field(base, path);
  if (!values || values->empty()) return "";
  for (const auto& v : *values)
    if (v != values->front()) return values->front() + " (mixed)";
  return values->front();
}

}  // namespace

std::optional<DistributionSpec> parse_distribution(const std::string& text,
                                                   const std::string& origin,
                                                   const scenario::Scenario& base,
                                                   std::vector<Diagnostic>* problems) {
  auto fail = [&](int column, const std::string& path, const std::string& message) {
    if (problems) problems->push_back({origin, 1, column, path, message});
    return std::nullopt;
  };
  int depth = 0;
  std::size_t tilde = std::string::npos;
  for (std::size_t i = 0; i < text.size() && tilde == std::string::npos; ++i) {
    if (text[i] == '[')
      ++depth;
    else if (text[i] == ']')
      --depth;
    else if (text[i] == '~' && depth == 0)
      tilde = i;
  }
  if (tilde == std::string::npos)
    return fail(1, "", "expected FIELD~shape(parameters) in '" + text + "'");
  DistributionSpec d;
  d.origin = origin;
  d.path = trim(text.substr(0, tilde));
  scenarios::FieldPathResult kind;
  if (!scenarios::read_field(base, d.path, &kind)) return fail(kind.column, d.path, kind.message);
  const auto open = text.find('(', tilde), close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return fail(static_cast<int>(tilde) + 2, d.path,
                "expected shape(parameters), e.g. uniform(1m,10m)");
  d.shape = trim(text.substr(tilde + 1, open - tilde - 1));
  const std::map<std::string, std::size_t> arity = {
      {"uniform", 2}, {"triangular", 3}, {"normal", 2}, {"lognormal", 2}};
  auto a = arity.find(d.shape);
  if (a == arity.end())
    return fail(static_cast<int>(tilde) + 2, d.path,
                "unknown distribution '" + d.shape + "' (uniform, triangular, normal, lognormal)");
  if (kind.kind != scenarios::FieldValueKind::kDuration &&
      kind.kind != scenarios::FieldValueKind::kNumber &&
      kind.kind != scenarios::FieldValueKind::kInteger)
    return fail(1, d.path, "a distribution needs a numeric or duration field");
  std::size_t start = open + 1;
  for (std::size_t i = open + 1; i <= close; ++i) {
    if (i != close && text[i] != ',') continue;
    const std::string p = trim(text.substr(start, i - start));
    double value = 0;
    std::string why;
    if (kind.kind == scenarios::FieldValueKind::kDuration) {
      const auto s = scenarios::parse_duration_s(p, &why);
      if (!s) return fail(static_cast<int>(start) + 1, d.path, why);
      value = *s;
    } else {
      auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
      if (p.empty() || ec != std::errc() || ptr != p.data() + p.size())
        return fail(static_cast<int>(start) + 1, d.path, "expected a number, got '" + p + "'");
    }
    d.params.push_back(value);
    start = i + 1;
  }
  if (d.params.size() != a->second)
    return fail(static_cast<int>(open) + 2, d.path,
                d.shape + " takes " + std::to_string(a->second) + " parameters");
  const auto& q = d.params;
  if ((d.shape == "uniform" && !(q[0] < q[1])) ||
      (d.shape == "triangular" && !(q[0] <= q[1] && q[1] <= q[2] && q[0] < q[2])) ||
      ((d.shape == "normal" || d.shape == "lognormal") && !(q[1] > 0)) ||
      (d.shape == "lognormal" && !(q[0] > 0)))
    return fail(static_cast<int>(open) + 2, d.path,
                "parameters out of order or range for " + d.shape);
  return d;
}

double distribution_quantile(const DistributionSpec& d, double u) {
  const auto& q = d.params;
  if (d.shape == "uniform") return q[0] + u * (q[1] - q[0]);
  if (d.shape == "triangular") {
    const double a = q[0], c = q[1], b = q[2];
    const double fc = (c - a) / (b - a);
    return u < fc ? a + std::sqrt(u * (b - a) * (c - a))
                  : b - std::sqrt((1 - u) * (b - a) * (b - c));
  }
  if (d.shape == "normal") return q[0] + q[1] * normal_quantile(u);
  // lognormal with the given mean and sd of the variable itself
  const double s2 = std::log1p(q[1] * q[1] / (q[0] * q[0]));
  return std::exp(std::log(q[0]) - s2 / 2 + std::sqrt(s2) * normal_quantile(u));
}

SweepPlan monte_carlo_plan(const scenario::Scenario& base, const std::filesystem::path& base_file,
                           const std::vector<Override>& fixed,
                           const std::vector<DistributionSpec>& fields, int count,
                           std::uint64_t seed, std::vector<Diagnostic>* problems) {
  SweepPlan plan;
  plan.kind = "monte-carlo";
  plan.base_file = base_file;
  plan.base = base;
  plan.name = base.name().empty() ? base_file.stem().string() : base.name();
  apply_overrides(plan.base, fixed, problems);
  SplitMix rng{seed};
  std::vector<std::vector<std::string>> draws(static_cast<std::size_t>(count));
  for (const auto& f : fields) {
    plan.fields.push_back(f.path);
    scenarios::FieldPathResult kind;
    scenarios::read_field(plan.base, f.path, &kind);
    std::vector<std::uint64_t> strata(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < strata.size(); ++i) strata[i] = i;
    for (std::size_t i = strata.size(); i > 1; --i) std::swap(strata[i - 1], strata[rng.below(i)]);
    for (std::size_t k = 0; k < strata.size(); ++k) {
      const double u = (static_cast<double>(strata[k]) + rng.uniform()) / count;
      double x = distribution_quantile(f, u);
      std::string text;
      if (kind.kind == scenarios::FieldValueKind::kDuration) {
        x = std::max(0.0, std::round(x * 1000) / 1000);  // milliseconds
        text = number_text(x) + "s";
      } else if (kind.kind == scenarios::FieldValueKind::kInteger) {
        text = number_text(std::max(0.0, std::round(x)));
      } else {
        text = number_text(x);
      }
      draws[k].push_back(text);
    }
  }
  for (int k = 0; k < count; ++k) {
    Variant v;
    v.id = "mc" + std::to_string(k + 1);
    v.scenario = plan.base;
    v.values = draws[static_cast<std::size_t>(k)];
    for (std::size_t f = 0; f < fields.size(); ++f)
      v.overrides.push_back({fields[f].path, v.values[f], fields[f].origin, 1, 1});
    apply_overrides(v.scenario, v.overrides, problems);
    plan.variants.push_back(std::move(v));
  }
  finish_plan(plan, problems);
  return plan;
}

SweepPlan sensitivity_plan(const scenario::Scenario& base, const std::filesystem::path& base_file,
                           const std::vector<Override>& fixed, const std::vector<VarySpec>& vary,
                           std::vector<Diagnostic>* problems) {
  SweepPlan plan;
  plan.kind = "sensitivity";
  plan.base_file = base_file;
  plan.base = base;
  plan.name = base.name().empty() ? base_file.stem().string() : base.name();
  apply_overrides(plan.base, fixed, problems);
  if (!check_vary_values(plan.base, vary, problems)) return plan;
  std::vector<std::string> base_values;
  for (const auto& spec : vary) {
    plan.fields.push_back(spec.path);
    base_values.push_back(base_value(plan.base, spec.path));
    if (spec.values.size() < 2 && problems)
      problems->push_back({spec.origin, 1, spec.path_column, spec.path,
                           "--sensitivity needs a low and a high value"});
  }
  Variant b;
  b.id = "base";
  b.scenario = plan.base;
  b.values = base_values;
  plan.variants.push_back(std::move(b));
  for (std::size_t f = 0; f < vary.size(); ++f) {
    const auto& spec = vary[f];
    if (spec.values.size() < 2) continue;
    for (const bool high : {false, true}) {
      const std::size_t i = high ? spec.values.size() - 1 : 0;
      Variant v;
      v.id = std::to_string(f + 1) + (high ? "-high" : "-low");
      v.scenario = plan.base;
      v.values = base_values;
      v.values[f] = spec.values[i];
      v.overrides.push_back({spec.path, spec.values[i], spec.origin, 1, spec.path_column});
      apply_overrides(v.scenario, v.overrides, problems);
      plan.variants.push_back(std::move(v));
    }
  }
  finish_plan(plan, problems);
  return plan;
}

std::vector<Effect> sensitivity_effects(const SweepTable& table,
                                        const std::vector<RunRecordLine>& records,
                                        const std::string& metric) {
  std::map<std::pair<std::string, int>, double> value;
  for (const auto& r : records) {
    if (r.status != "ok") continue;
    if (const auto v = r.metrics.value(metric)) value[{r.variant, r.replication}] = *v;
  }
  auto of = [&](const std::string& id) {
    std::map<int, double> out;
    for (const auto& [key, v] : value)
      if (key.first == id) out[key.second] = v;
    return out;
  };
  std::vector<Effect> effects;
  for (std::size_t f = 0; f < table.fields.size(); ++f) {
    const std::string low_id = std::to_string(f + 1) + "-low",
                      high_id = std::to_string(f + 1) + "-high";
    Effect e;
    e.field = table.fields[f];
    for (const auto& v : table.variants) {
      if (v.id == low_id) e.low = v.values[f];
      if (v.id == high_id) e.high = v.values[f];
    }
    const auto low = of(low_id), high = of(high_id);
    std::vector<double> lows, highs;
    std::vector<std::pair<double, double>> pairs;
    for (const auto& [rep, x] : low) lows.push_back(x);
    for (const auto& [rep, x] : high) {
      highs.push_back(x);
      if (auto it = low.find(rep); it != low.end()) pairs.push_back({x, it->second});
    }
    e.low_mean = estimate(lows);
    e.high_mean = estimate(highs);
    e.difference = paired_difference(pairs);
    effects.push_back(std::move(e));
  }
  std::stable_sort(effects.begin(), effects.end(), [](const Effect& a, const Effect& b) {
    return std::fabs(a.difference.mean) > std::fabs(b.difference.mean);
  });
  return effects;
}

}  // namespace pharmatwin::experiments
