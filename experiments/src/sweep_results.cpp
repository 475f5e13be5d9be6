#include "pharmatwin/experiments/sweep_results.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "pharmatwin/experiments/sweep_design.hpp"
#include "pharmatwin/experiments/sweep_html.hpp"

namespace pharmatwin::experiments {

namespace fs = std::filesystem;
using nlohmann::json;

std::string number_text(double x) {
  if (std::isnan(x)) return "nan";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, x);
  return ec == std::errc() ? std::string(buf, p) : "nan";
}

json to_json(const RunRecordLine& r) {
  json metrics = json::array();
  for (const auto& [name, m] : r.metrics) metrics.push_back({name, m.value, m.unit, m.better});
  return {{"variant", r.variant},           {"replication", r.replication}, {"seed", r.seed},
          {"variant_hash", r.variant_hash}, {"status", r.status},           {"error", r.error},
          {"expectations", r.expectations}, {"wall_s", r.wall_s},           {"metrics", metrics}};
}

std::optional<RunRecordLine> record_from_json(const json& j, std::string* error) {
  try {
    RunRecordLine r;
    r.variant = j.at("variant").get<std::string>();
    r.replication = j.at("replication").get<int>();
    r.seed = j.at("seed").get<std::uint64_t>();
    r.variant_hash = j.at("variant_hash").get<std::string>();
    r.status = j.at("status").get<std::string>();
    r.error = j.value("error", "");
    r.expectations = j.value("expectations", "");
    r.wall_s = j.value("wall_s", 0.0);
    for (const auto& m : j.at("metrics"))
      r.metrics.set(m.at(0).get<std::string>(), m.at(1).get<double>(), m.at(2).get<std::string>(),
                    m.at(3).get<std::string>());
    return r;
  } catch (const json::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::vector<RunRecordLine> read_journal(const fs::path& path, std::string* error) {
  std::vector<RunRecordLine> out;
  std::ifstream in(path);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const bool last = in.peek() == std::char_traits<char>::eof();
    json j = json::parse(line, nullptr, false);
    std::string why;
    std::optional<RunRecordLine> r;
    if (!j.is_discarded()) r = record_from_json(j, &why);
    if (r) {
      out.push_back(std::move(*r));
    } else if (!last && error) {
      *error = path.string() + ":" + std::to_string(number) + ": unreadable record" +
               (why.empty() ? "" : ": " + why);
    }
  }
  return out;
}

std::unique_ptr<Journal> Journal::open(const fs::path& path, std::string* error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (error) *error = path.string() + ": cannot open for appending";
    return nullptr;
  }
  // A torn line of a killed sweep gets a line of its own end, so the next record stays whole.
  std::ifstream probe(path, std::ios::binary | std::ios::ate);
  if (probe && probe.tellg() > 0) {
    probe.seekg(-1, std::ios::end);
    if (probe.get() != '\n') [[maybe_unused]]
      auto n = ::write(fd, "\n", 1);
  }
  return std::unique_ptr<Journal>(new Journal(fd));
}

bool Journal::append(const RunRecordLine& record, std::string* error) {
  const std::string line = to_json(record).dump() + "\n";
  std::size_t done = 0;
  while (done < line.size()) {
    const auto n = ::write(fd_, line.data() + done, line.size() - done);
    if (n <= 0) {
      if (error) *error = "journal: write failed";
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) {
    if (error) *error = "journal: fdatasync failed";
    return false;
  }
  return true;
}

Journal::~Journal() { ::close(fd_); }

SweepTable table_of(const SweepPlan& plan) {
  SweepTable t;
  t.name = plan.name;
  t.key = plan.key;
  t.kind = plan.kind;
  t.fields = plan.fields;
  for (const auto& v : plan.variants) t.variants.push_back({v.id, v.hash, v.values});
  t.seed_base = plan.seed_base;
  t.replications = plan.replications;
  return t;
}

json table_json(const SweepTable& t) {
  json variants = json::array();
  for (const auto& v : t.variants)
    variants.push_back({{"id", v.id}, {"hash", v.hash}, {"values", v.values}});
  return {{"format", "pharmatwin-sweep/1"},
          {"name", t.name},
          {"key", t.key},
          {"kind", t.kind},
          {"fields", t.fields},
          {"variants", variants},
          {"seed_base", t.seed_base},
          {"replications", t.replications}};
}

std::optional<SweepTable> table_from_json(const json& j, std::string* error) {
  try {
    SweepTable t;
    if (j.at("format").get<std::string>() != "pharmatwin-sweep/1") {
      if (error) *error = "not a pharmatwin-sweep/1 plan";
      return std::nullopt;
    }
    t.name = j.at("name").get<std::string>();
    t.key = j.at("key").get<std::string>();
    t.kind = j.at("kind").get<std::string>();
    t.fields = j.at("fields").get<std::vector<std::string>>();
    for (const auto& v : j.at("variants"))
      t.variants.push_back({v.at("id").get<std::string>(), v.at("hash").get<std::string>(),
                            v.at("values").get<std::vector<std::string>>()});
    t.seed_base = j.at("seed_base").get<std::uint64_t>();
    t.replications = j.at("replications").get<int>();
    return t;
  } catch (const json::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::vector<RunRecordLine> plan_records(const SweepTable& table,
                                        std::vector<RunRecordLine> records) {
  std::map<std::string, std::size_t> order;
  std::map<std::string, std::string> hash;
  for (std::size_t i = 0; i < table.variants.size(); ++i) {
    order[table.variants[i].id] = i;
    hash[table.variants[i].id] = table.variants[i].hash;
  }
  std::vector<RunRecordLine> kept;
  std::set<std::pair<std::size_t, int>> seen;
  // The latest record of a run wins (a failed run retried).
  for (auto it = records.rbegin(); it != records.rend(); ++it) {
    auto o = order.find(it->variant);
    if (o == order.end() || hash[it->variant] != it->variant_hash) continue;
    if (!seen.insert({o->second, it->replication}).second) continue;
    kept.push_back(std::move(*it));
  }
  std::sort(kept.begin(), kept.end(), [&](const RunRecordLine& a, const RunRecordLine& b) {
    return std::pair(order[a.variant], a.replication) < std::pair(order[b.variant], b.replication);
  });
  return kept;
}

SweepSummary summarize(const SweepTable& table, const std::vector<RunRecordLine>& records) {
  SweepSummary s;
  std::map<std::string, std::pair<std::string, std::string>> metric_info;  // unit, better
  std::map<std::string, std::map<int, const RunRecordLine*>> by_variant;
  for (const auto& r : records) {
    if (r.status != "ok") {
      ++s.failed[r.variant];
      continue;
    }
    ++s.ok[r.variant];
    by_variant[r.variant][r.replication] = &r;
    for (const auto& [name, m] : r.metrics) metric_info.emplace(name, std::pair(m.unit, m.better));
  }
  const std::string base = table.variants.empty() ? "" : table.variants[0].id;
  for (const auto& v : table.variants) {
    for (const auto& [metric, info] : metric_info) {
      MetricSummary row;
      row.variant = v.id;
      row.metric = metric;
      row.unit = info.first;
      row.better = info.second;
      std::vector<double> values;
      std::vector<std::pair<double, double>> pairs;
      for (const auto& [rep, r] : by_variant[v.id]) {
        const auto value = r->metrics.value(metric);
        if (!value) {
          ++row.missing;
          continue;
        }
        values.push_back(*value);
        if (v.id == base) continue;
        auto b = by_variant[base].find(rep);
        if (b == by_variant[base].end()) continue;
        if (const auto base_value = b->second->metrics.value(metric))
          pairs.push_back({*value, *base_value});
      }
      row.estimate = estimate(values);
      if (v.id != base) row.difference = paired_difference(pairs);
      s.rows.push_back(std::move(row));
    }
  }
  return s;
}

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// A file written as a stream into PATH.tmp and renamed to PATH when complete, so that a
// reader never sees half of it and the text is never held whole in memory.
class StreamedFile {
 public:
  explicit StreamedFile(fs::path path)
      : path_(std::move(path)),
        tmp_(path_.string() + ".tmp"),
        out_(tmp_, std::ios::binary | std::ios::trunc) {}
  std::ostream& out() { return out_; }
  bool commit(std::string* error) {
    out_.flush();
    if (!out_) {
      if (error) *error = tmp_.string() + ": cannot write";
      return false;
    }
    out_.close();
    std::error_code ec;
    fs::rename(tmp_, path_, ec);
    if (ec) {
      if (error) *error = path_.string() + ": " + ec.message();
      return false;
    }
    return true;
  }

 private:
  fs::path path_, tmp_;
  std::ofstream out_;
};

bool write_whole(const fs::path& path, const std::string& text, std::string* error) {
  StreamedFile file(path);
  file.out() << text;
  return file.commit(error);
}

}  // namespace

bool write_outputs(const fs::path& dir, const SweepTable& table,
                   const std::vector<RunRecordLine>& records, std::string* error) {
  std::set<std::string> metrics;
  for (const auto& r : records)
    for (const auto& [name, m] : r.metrics) metrics.emplace(name);
  std::map<std::string, const SweepTable::Row*> rows;
  for (const auto& v : table.variants) rows[v.id] = &v;
  StreamedFile runs_file(dir / "runs.csv");
  std::ostream& runs = runs_file.out();
  runs << "variant,replication,seed";
  for (const auto& f : table.fields) runs << "," << csv_field(f);
  runs << ",status,expectations,error";
  for (const auto& m : metrics) runs << "," << csv_field(m);
  runs << "\n";
  for (const auto& r : records) {
    runs << csv_field(r.variant) << "," << r.replication << "," << r.seed;
    for (const auto& v : rows.at(r.variant)->values) runs << "," << csv_field(v);
    runs << "," << r.status << "," << r.expectations << "," << csv_field(r.error);
    for (const auto& m : metrics) {
      const auto v = r.metrics.value(m);
      runs << "," << (v ? number_text(*v) : "");
    }
    runs << "\n";
  }
  if (!runs_file.commit(error)) return false;
  const SweepSummary s = summarize(table, records);
  std::ostringstream sum;
  sum << "variant";
  for (const auto& f : table.fields) sum << "," << csv_field(f);
  sum << ",metric,unit,better,n,missing,mean,sd,ci95_low,ci95_high,diff_n,diff_mean,diff_ci95_low,"
         "diff_ci95_high\n";
  for (const auto& row : s.rows) {
    sum << csv_field(row.variant);
    for (const auto& v : rows.at(row.variant)->values) sum << "," << csv_field(v);
    const auto& e = row.estimate;
    sum << "," << csv_field(row.metric) << "," << csv_field(row.unit) << "," << row.better << ","
        << e.n << "," << row.missing << "," << (e.n ? number_text(e.mean) : "") << ","
        << (e.n > 1 ? number_text(e.sd) : "") << "," << (e.half_width ? number_text(e.low()) : "")
        << "," << (e.half_width ? number_text(e.high()) : "");
    if (row.difference) {
      const auto& d = *row.difference;
      sum << "," << d.n << "," << (d.n ? number_text(d.mean) : "") << ","
          << (d.half_width ? number_text(d.low()) : "") << ","
          << (d.half_width ? number_text(d.high()) : "");
    } else {
      sum << ",,,,";
    }
    sum << "\n";
  }
  if (table.kind == "sensitivity") {
    // One row per metric and field, fields ranked by the size of their effect on the metric.
    std::ostringstream sens;
    sens << "metric,rank,field,low,high,low_mean,high_mean,effect,effect_ci95_low,effect_ci95_"
            "high\n";
    for (const auto& m : metrics) {
      int rank = 0;
      for (const auto& e : sensitivity_effects(table, records, m)) {
        const auto& d = e.difference;
        sens << csv_field(m) << "," << ++rank << "," << csv_field(e.field) << ","
             << csv_field(e.low) << "," << csv_field(e.high) << ","
             << (e.low_mean.n ? number_text(e.low_mean.mean) : "") << ","
             << (e.high_mean.n ? number_text(e.high_mean.mean) : "") << ","
             << (d.n ? number_text(d.mean) : "") << ","
             << (d.half_width ? number_text(d.low()) : "") << ","
             << (d.half_width ? number_text(d.high()) : "") << "\n";
      }
    }
    if (!write_whole(dir / "sensitivity.csv", sens.str(), error)) return false;
  }
  return write_whole(dir / "summary.csv", sum.str(), error) &&
         write_whole(dir / "sweep.html", sweep_html(table, s, records), error);
}

std::vector<Ranked> rank_variants(const SweepTable& table, const SweepSummary& summary,
                                  const std::vector<RunRecordLine>& records,
                                  const std::string& objective) {
  std::string metric = objective;
  std::optional<bool> minimise;
  if (metric.rfind("min:", 0) == 0)
    minimise = true, metric = metric.substr(4);
  else if (metric.rfind("max:", 0) == 0)
    minimise = false, metric = metric.substr(4);
  std::vector<Ranked> ranked;
  for (const auto& row : summary.rows) {
    if (row.metric != metric || row.estimate.n == 0) continue;
    if (!minimise) minimise = row.better != "higher";
    ranked.push_back({row.variant, row.estimate.mean, true});
  }
  std::stable_sort(ranked.begin(), ranked.end(), [&](const Ranked& a, const Ranked& b) {
    return *minimise ? a.mean < b.mean : a.mean > b.mean;
  });
  if (ranked.empty()) return ranked;
  std::map<std::pair<std::string, int>, double> value;
  for (const auto& r : records) {
    if (r.status != "ok") continue;
    if (const auto v = r.metrics.value(metric)) value[{r.variant, r.replication}] = *v;
  }
  const std::string best = ranked.front().variant;
  for (auto& r : ranked) {
    if (r.variant == best) {
      r.distinguishable = false;
      continue;
    }
    std::vector<std::pair<double, double>> pairs;
    for (int rep = 1; rep <= 1000000; ++rep) {
      auto a = value.find({r.variant, rep});
      auto b = value.find({best, rep});
      if (a == value.end() && b == value.end() && rep > table.replications) break;
      if (a != value.end() && b != value.end()) pairs.push_back({a->second, b->second});
    }
    const Estimate d = paired_difference(pairs);
    r.distinguishable = d.half_width && (d.low() > 0 || d.high() < 0);
  }
  return ranked;
}

void print_table(std::ostream& out, const SweepTable& table, const SweepSummary& summary,
                 const std::vector<RunRecordLine>& records, const TableOptions& options) {
  std::vector<std::string> shown = options.metrics;
  if (options.objective) {
    std::string m = *options.objective;
    if (m.rfind("min:", 0) == 0 || m.rfind("max:", 0) == 0) m = m.substr(4);
    if (std::find(shown.begin(), shown.end(), m) == shown.end()) shown.insert(shown.begin(), m);
  }
  if (shown.empty()) {
    // The metrics whose means differ between variants, headline ones first.
    std::map<std::string, std::set<std::string>> means;
    for (const auto& row : summary.rows)
      if (row.estimate.n) means[row.metric].insert(number_text(row.estimate.mean));
    for (const char* prefix :
         {"fault.", "kind.", "zone.", "delta.", "detection.", "ops.", "counterfeit."}) {
      for (const auto& [metric, set] : means) {
        if (set.size() > 1 && metric.rfind(prefix, 0) == 0 && shown.size() < options.max_metrics)
          shown.push_back(metric);
      }
    }
  }
  std::map<std::pair<std::string, std::string>, const MetricSummary*> cell;
  for (const auto& row : summary.rows) cell[{row.variant, row.metric}] = &row;
  std::vector<std::string> header = {"variant"};
  for (const auto& f : table.fields) header.push_back(f);
  header.push_back("runs");
  for (const auto& m : shown) header.push_back(m);
  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> order;
  std::map<std::string, bool> close_to_best;
  if (options.objective) {
    for (const auto& r : rank_variants(table, summary, records, *options.objective)) {
      order.push_back(r.variant);
      close_to_best[r.variant] = !r.distinguishable;
    }
  }
  for (const auto& v : table.variants)
    if (std::find(order.begin(), order.end(), v.id) == order.end()) order.push_back(v.id);
  for (const auto& id : order) {
    const auto& v = *std::find_if(table.variants.begin(), table.variants.end(),
                                  [&](const SweepTable::Row& r) { return r.id == id; });
    std::vector<std::string> line = {(close_to_best[id]   ? "≈ "
                                      : options.objective ? "  "
                                                          : "") +
                                     id};
    for (const auto& value : v.values) line.push_back(value.empty() ? "(base)" : value);
    const auto ok = summary.ok.count(id) ? summary.ok.at(id) : 0;
    const auto failed = summary.failed.count(id) ? summary.failed.at(id) : 0;
    line.push_back(std::to_string(ok) + (failed ? " +" + std::to_string(failed) + " failed" : ""));
    for (const auto& m : shown) {
      auto it = cell.find({id, m});
      if (it == cell.end() || it->second->estimate.n == 0) {
        line.push_back("-");
        continue;
      }
      const auto& e = it->second->estimate;
      char buf[96];
      if (e.half_width)
        std::snprintf(buf, sizeof buf, "%.4g ± %.2g", e.mean, *e.half_width);
      else
        std::snprintf(buf, sizeof buf, "%.4g", e.mean);
      std::string text = buf;
      if (it->second->missing)
        text += " (" + std::to_string(e.n) + "/" + std::to_string(e.n + it->second->missing) + ")";
      line.push_back(text);
    }
    lines.push_back(std::move(line));
  }
  // Column widths in characters ("±" and "≈" are one each).
  auto width = [](const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  };
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    widths[c] = width(header[c]);
    for (const auto& l : lines) widths[c] = std::max(widths[c], width(l[c]));
  }
  auto print = [&](const std::vector<std::string>& l) {
    for (std::size_t c = 0; c < l.size(); ++c)
      out << l[c] << (c + 1 < l.size() ? std::string(widths[c] - width(l[c]) + 2, ' ') : "\n");
  };
  print(header);
  for (const auto& l : lines) print(l);
  out << "(mean ± half-width of the 95 % confidence interval";
  if (options.objective)
    out << "; ranked by " << *options.objective << ", ≈ not distinguishable from the best";
  out << ")\n";
  if (table.kind != "sensitivity") return;
  // Tornado: per shown metric, the fields by the size of their effect, as text bars.
  for (const auto& m : shown) {
    const auto effects = sensitivity_effects(table, records, m);
    double largest = 0;
    for (const auto& e : effects) largest = std::max(largest, std::fabs(e.difference.mean));
    out << "\nsensitivity of " << m << " (high - low, paired):\n";
    std::size_t field_width = 0;
    for (const auto& e : effects) field_width = std::max(field_width, e.field.size());
    for (const auto& e : effects) {
      const auto& d = e.difference;
      const int bar =
          largest > 0 ? static_cast<int>(std::lround(20 * std::fabs(d.mean) / largest)) : 0;
      char buf[96];
      if (d.half_width)
        std::snprintf(buf, sizeof buf, "%+.4g ± %.2g", d.mean, *d.half_width);
      else
        std::snprintf(buf, sizeof buf, "%+.4g", d.mean);
      out << "  " << e.field << std::string(field_width - e.field.size() + 2, ' ') << e.low
          << " -> " << e.high << "  " << std::string(static_cast<std::size_t>(bar), '#') << " "
          << buf << "\n";
    }
  }
}

}  // namespace pharmatwin::experiments
