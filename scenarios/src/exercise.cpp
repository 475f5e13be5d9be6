#include "pharmatwin/scenarios/exercise.hpp"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include "locations.hpp"
#include "pharmatwin/scenarios/units.hpp"

namespace pharmatwin::scenarios {

namespace gpb = google::protobuf;
namespace fs = std::filesystem;

namespace {

class CollectErrors : public gpb::io::ErrorCollector {
 public:
  CollectErrors(std::string file, std::vector<Diagnostic>& out)
      : file_(std::move(file)), out_(out) {}
  void AddError(int line, gpb::io::ColumnNumber column, const std::string& message) override {
    out_.push_back({file_, line + 1, column + 1, "", message});
  }

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
};

const std::set<std::string>& decision_kinds() {
  static const std::set<std::string> kinds{"quarantine", "hold", "release", "reject"};
  return kinds;
}

// The meaning checks of a parsed exercise against its loaded scenario.
class Checker {
 public:
  Checker(LoadedExercise& out, const LocationMap& where, std::string file)
      : out_(out), where_(where), file_(std::move(file)) {}

  void problem(const std::string& path, const std::string& message) {
    const auto at = where_.find(path).value_or(SourceLocation{file_, 0, 0});
    out_.diagnostics.push_back({at.file, at.line, at.column, path, message});
  }

  std::optional<double> duration(const std::string& path, const std::string& text) {
    std::string why;
    const auto v = parse_duration_s(text, &why);
    if (!v) problem(path, "'" + text + "': " + why);
    return v;
  }

  bool has_fault(const std::string& name) const {
    for (const auto& f : out_.scenario.faults())
      if (f.name() == name) return true;
    return false;
  }
  bool has_zone(const std::string& name) const {
    for (const auto& z : out_.scenario.zones())
      if (z.name() == name) return true;
    return false;
  }
  std::string fault_names() const {
    std::string s;
    for (const auto& f : out_.scenario.faults()) s += (s.empty() ? "" : ", ") + f.name();
    return s.empty() ? "none" : s;
  }
  std::string zone_names() const {
    std::string s;
    for (const auto& z : out_.scenario.zones()) s += (s.empty() ? "" : ", ") + z.name();
    return s;
  }

  void fault_ref(const std::string& path, const std::string& name) {
    if (!has_fault(name))
      problem(path, "no fault '" + name + "' in the scenario (its faults: " + fault_names() + ")");
  }

  void disposition(const std::string& path, const exercise::Disposition& d, bool expect) {
    if (d.kinds().empty())
      problem(path + ".kinds", "at least one decision kind (quarantine, hold, release, reject)");
    for (int k = 0; k < d.kinds_size(); ++k) {
      if (!decision_kinds().count(d.kinds(k)))
        problem(path + ".kinds[" + std::to_string(k) + "]",
                "unknown decision kind '" + d.kinds(k) + "' (quarantine, hold, release, reject)");
    }
    if (d.zone().empty())
      problem(path + ".zone", "a zone is required");
    else if (!has_zone(d.zone()))
      problem(path + ".zone",
              "no zone '" + d.zone() + "' in the scenario (its zones: " + zone_names() + ")");
    if (expect) {
      if (!d.fault().empty())
        fault_ref(path + ".fault", d.fault());
      else if (out_.scenario.faults().empty())
        problem(path, "the scenario has no fault to count `within` from");
      if (!d.within().empty()) duration(path + ".within", d.within());
    } else {
      if (!d.fault().empty())
        problem(path + ".fault", "only for expect: a forbidden decision is wrong at any time");
      if (!d.within().empty())
        problem(path + ".within", "only for expect: a forbidden decision is wrong at any time");
    }
  }

  void check() {
    const auto& e = out_.exercise;
    if (!e.pace().empty()) {
      std::string why;
      if (const auto v = parse_pace(e.pace(), &why))
        out_.speed = *v;
      else
        problem("pace", why);
    }
    if (!e.horizon().empty()) {
      const auto h = duration("horizon", e.horizon());
      if (h && *h <= 0)
        problem("horizon", "must be > 0");
      else if (h)
        out_.horizon_s = *h;
    }
    for (int i = 0; i < e.hidden_faults_size(); ++i)
      fault_ref("hidden_faults[" + std::to_string(i) + "]", e.hidden_faults(i));
    const auto& r = e.response();
    if (!r.acknowledge_within().empty())
      duration("response.acknowledge_within", r.acknowledge_within());
    for (int i = 0; i < r.faults_size(); ++i) {
      const std::string p = "response.faults[" + std::to_string(i) + "]";
      fault_ref(p + ".fault", r.faults(i).fault());
      if (r.faults(i).acknowledge_within().empty())
        problem(p + ".acknowledge_within", "a deadline is required");
      else
        duration(p + ".acknowledge_within", r.faults(i).acknowledge_within());
    }
    for (int i = 0; i < r.expect_size(); ++i)
      disposition("response.expect[" + std::to_string(i) + "]", r.expect(i), true);
    for (int i = 0; i < r.forbid_size(); ++i)
      disposition("response.forbid[" + std::to_string(i) + "]", r.forbid(i), false);
  }

 private:
  LoadedExercise& out_;
  const LocationMap& where_;
  std::string file_;
};

}  // namespace

std::optional<double> parse_pace(std::string_view text, std::string* error) {
  if (text == "realtime" || text == "real time") return 1.0;
  if (text == "max") return 0.0;
  if (text.size() > 1 && text.back() == 'x') {
    double v = 0;
    const auto body = text.substr(0, text.size() - 1);
    const auto [end, ec] = std::from_chars(body.data(), body.data() + body.size(), v);
    if (ec == std::errc() && end == body.data() + body.size() && v > 0 && v <= 1e7) return v;
  }
  if (error)
    *error = "pace '" + std::string(text) +
             "': \"realtime\", \"max\" or a factor such as \"60x\" (at most 1e7x)";
  return std::nullopt;
}

LoadedExercise load_exercise_text(const std::string& text, const std::string& name,
                                  const fs::path& dir) {
  LoadedExercise out;
  CollectErrors errors(name, out.diagnostics);
  gpb::TextFormat::Parser parser;
  gpb::TextFormat::ParseInfoTree tree;
  parser.RecordErrorsTo(&errors);
  parser.WriteLocationsTo(&tree);
  if (!parser.ParseFromString(text, &out.exercise)) {
    if (out.diagnostics.empty())
      out.diagnostics.push_back({name, 0, 0, "", "could not parse the text format"});
    return out;
  }
  const LocationMap where = locations_from_text(out.exercise, tree, name, nullptr);
  Checker checker(out, where, name);
  if (out.exercise.scenario().empty()) {
    checker.problem("scenario", "a scenario file is required");
    return out;
  }
  out.scenario_path = (dir / out.exercise.scenario()).lexically_normal();
  std::error_code ec;
  if (!fs::is_regular_file(out.scenario_path, ec)) {
    checker.problem("scenario", "cannot read '" + out.scenario_path.string() + "': no such file");
    return out;
  }
  auto loaded = load_scenario(out.scenario_path);
  if (!loaded.ok()) {
    for (auto& d : loaded.diagnostics) out.diagnostics.push_back(std::move(d));
    checker.problem("scenario", "'" + out.scenario_path.string() + "' has the problems above");
    return out;
  }
  out.scenario = std::move(loaded.scenario);
  if (out.exercise.name().empty()) {
    std::string stem = fs::path(name).filename().string();
    if (const auto cut = stem.find('.'); cut != std::string::npos) stem.resize(cut);
    out.exercise.set_name(stem);
  }
  checker.check();
  return out;
}

LoadedExercise load_exercise(const fs::path& path) {
  const std::string name = path.lexically_normal().string();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadedExercise out;
    out.diagnostics.push_back({name, 0, 0, "", "cannot read: no such file"});
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_exercise_text(text.str(), name, path.parent_path());
}

}  // namespace pharmatwin::scenarios
