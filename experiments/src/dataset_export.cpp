#include "pharmatwin/experiments/dataset_export.hpp"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "dataset_series.hpp"
#include "pharmatwin/experiments/log_readings.hpp"

namespace pharmatwin::experiments {

namespace fs = std::filesystem;

namespace {

constexpr const char* kFormat = "pharmatwin-dataset/1";
constexpr const char* kFolders[] = {"data", "samples", "labels"};

bool is_previous_dataset(const fs::path& manifest) {
  std::ifstream in(manifest, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.find("\"pharmatwin-dataset/") != std::string::npos;
}

nlohmann::ordered_json label_counts_json(const LabelCounts& counts) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (SampleLabel l : all_sample_labels())
    j[std::string(label_name(l))] = counts[static_cast<std::size_t>(l)];
  return j;
}

bool write_text(const fs::path& path, const std::string& text, std::string* error) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    *error = path.string() + ": cannot write";
    return false;
  }
  return true;
}

}  // namespace

std::string dataset_timestamp(double epoch_s, bool micros) {
  std::string out;
  append_dataset_timestamp(out, epoch_s, micros);
  return out;
}

std::string dataset_file_name(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    out += keep ? c : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

std::unique_ptr<DatasetWriter> DatasetWriter::create(const fs::path& dir, std::string* error) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    *error = dir.string() + ": exists and is not a directory";
    return nullptr;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    *error = dir.string() + ": cannot create: " + ec.message();
    return nullptr;
  }
  const fs::path manifest = dir / "manifest.json";
  const bool previous = fs::exists(manifest, ec) && is_previous_dataset(manifest);
  for (const char* folder : kFolders) {
    const fs::path p = dir / folder;
    if (!fs::exists(p, ec)) continue;
    if (!previous && !fs::is_empty(p, ec)) {
      *error = p.string() +
               ": exists and does not belong to a pharmatwin dataset (no manifest.json of one "
               "beside it); choose another --out";
      return nullptr;
    }
    fs::remove_all(p, ec);
    if (ec) {
      *error = p.string() + ": cannot remove the previous dataset: " + ec.message();
      return nullptr;
    }
  }
  if (previous) fs::remove(manifest, ec);
  for (const char* folder : kFolders) {
    fs::create_directories(dir / folder, ec);
    if (ec) {
      *error = (dir / folder).string() + ": cannot create: " + ec.message();
      return nullptr;
    }
  }
  return std::unique_ptr<DatasetWriter>(new DatasetWriter(dir));
}

bool DatasetWriter::add_run(const DatasetRunSource& source, std::string* error,
                            const std::atomic<bool>* stop) {
  DatasetRun run;
  run.source = source;
  run.source.category = dataset_file_name(source.category);
  for (const auto& r : runs_) {
    if (r.source.category == run.source.category) {
      *error = "category '" + run.source.category + "' is exported twice";
      return false;
    }
  }
  auto read = read_run_log(source.events, /*keep_readings=*/false);
  if (!read.ok()) {
    *error = read.error;
    return false;
  }
  const RunLog& log = read.log;
  const auto& h = log.header;
  if (!h.readings_logged()) {
    *error =
        source.events.string() + ": the run did not log its readings (run it with --log-readings)";
    return false;
  }
  run.scenario_name = h.scenario_name();
  run.scenario_hash = h.scenario_hash();
  run.version = h.version();
  run.start = h.start();
  run.seed = h.seed();
  run.start_epoch_s = h.start_epoch_s();
  run.horizon_s = h.horizon_s();
  run.end_s = log.end_s;
  run.complete = log.complete();
  run.faults = log.faults;

  const std::string& cat = run.source.category;
  std::error_code ec;
  for (const char* folder : {"data", "samples"}) {
    fs::create_directories(dir_ / folder / cat, ec);
    if (ec) {
      *error = (dir_ / folder / cat).string() + ": cannot create: " + ec.message();
      return false;
    }
  }
  const SampleLabeller labeller(log);
  std::set<std::string> names;
  run.series.resize(h.sensors_size());
  std::vector<std::unique_ptr<SeriesOutput>> outputs;
  for (int s = 0; s < h.sensors_size(); ++s) {
    const auto& sensor = h.sensors(s);
    DatasetSeries& info = run.series[s];
    info.sensor = sensor.name();
    info.zone =
        static_cast<int>(sensor.zone()) < h.zones_size() ? h.zones(sensor.zone()).name() : "";
    info.kind = sensor.kind();
    info.sample_interval_s = sensor.sample_interval_s();
    std::string file = dataset_file_name(sensor.name());
    if (!names.insert(file).second) file += "_" + std::to_string(s);  // two names, one file name
    names.insert(file);
    info.nab_file = cat + "/" + file + ".csv";
    info.samples_file = "samples/" + info.nab_file;
    outputs.push_back(std::make_unique<SeriesOutput>(info, dir_ / "data" / info.nab_file,
                                                     dir_ / info.samples_file, labeller, log,
                                                     static_cast<std::uint32_t>(s)));
  }
  std::string write_error;
  bool interrupted = false;
  const auto sensors = static_cast<std::uint32_t>(outputs.size());
  const std::string walk_error =
      for_each_reading_batch(source.events, [&](const sim::ReadingBatch& b) {
        if (stop && stop->load(std::memory_order_relaxed)) {
          interrupted = true;
          return false;
        }
        const int n = std::min({b.time_s_size(), b.sensor_size(), b.value_c_size()});
        for (int i = 0; i < n; ++i) {
          const std::uint32_t s = b.sensor(i);
          if (s < sensors && !outputs[s]->reading(b.time_s(i), b.value_c(i), &write_error))
            return false;
        }
        return true;
      });
  if (!walk_error.empty() || !write_error.empty() || interrupted) {
    *error = interrupted ? "interrupted" : !walk_error.empty() ? walk_error : write_error;
    return false;
  }
  for (auto& out : outputs) {
    if (!out->finish(run.end_s, error)) return false;
  }
  for (const auto& s : run.series) {
    run.readings += s.readings;
    for (std::size_t l = 0; l < kSampleLabelCount; ++l) {
      run.labels[l] += s.labels[l];
      run.samples += s.labels[l];
    }
  }
  runs_.push_back(std::move(run));
  return true;
}

bool DatasetWriter::finish(std::string* error) {
  // NAB's windows file: keys sorted, as json.dump sorts them; 4-space indent as NAB's own files.
  nlohmann::json windows = nlohmann::json::object();
  nlohmann::ordered_json manifest;
  manifest["format"] = kFormat;
  nlohmann::ordered_json labels = nlohmann::ordered_json::array();
  for (SampleLabel l : all_sample_labels()) labels.push_back(std::string(label_name(l)));
  manifest["labels"] = labels;
  LabelCounts total{};
  std::uint64_t readings = 0, samples = 0;
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  for (const auto& run : runs_) {
    nlohmann::ordered_json r;
    r["category"] = run.source.category;
    r["origin"] = run.source.origin;
    r["scenario"] = run.scenario_name;
    r["scenario_hash"] = run.scenario_hash;
    r["seed"] = run.seed;
    r["version"] = run.version;
    r["start"] = run.start;
    r["horizon_s"] = run.horizon_s;
    r["end_s"] = run.end_s;
    r["complete"] = run.complete;
    r["readings"] = run.readings;
    r["samples"] = run.samples;
    r["label_counts"] = label_counts_json(run.labels);
    nlohmann::ordered_json faults = nlohmann::ordered_json::array();
    for (const auto& f : run.faults) {
      nlohmann::ordered_json j;
      j["name"] = f.name;
      j["kind"] = f.kind;
      SampleLabel label;
      if (label_of_fault_kind(f.kind, &label))
        j["label"] = std::string(label_name(label));
      else
        j["label"] = nullptr;
      j["zones"] = f.zones.empty() && !f.zone.empty() ? std::vector<std::string>{f.zone} : f.zones;
      j["sensor"] = f.sensor;
      j["injected"] = f.injected;
      j["start_s"] = f.start_s;
      j["start"] = dataset_timestamp(run.start_epoch_s + f.start_s);
      if (f.end_s) {
        j["end_s"] = *f.end_s;
        j["end"] = dataset_timestamp(run.start_epoch_s + *f.end_s);
      } else {
        j["end_s"] = nullptr;
        j["end"] = nullptr;
      }
      faults.push_back(std::move(j));
    }
    r["faults"] = std::move(faults);
    nlohmann::ordered_json series = nlohmann::ordered_json::array();
    for (const auto& s : run.series) {
      nlohmann::ordered_json j;
      j["sensor"] = s.sensor;
      j["zone"] = s.zone;
      j["kind"] = s.kind;
      j["sample_interval_s"] = s.sample_interval_s;
      j["data_file"] = "data/" + s.nab_file;
      j["samples_file"] = s.samples_file;
      j["readings"] = s.readings;
      j["missing"] = s.missing;
      j["windows"] = s.windows.size();
      j["label_counts"] = label_counts_json(s.labels);
      series.push_back(std::move(j));
      nlohmann::json w = nlohmann::json::array();
      for (const auto& [a, b] : s.windows)
        w.push_back({dataset_timestamp(run.start_epoch_s + a, true),
                     dataset_timestamp(run.start_epoch_s + b, true)});
      windows[s.nab_file] = std::move(w);
    }
    r["series"] = std::move(series);
    for (std::size_t l = 0; l < kSampleLabelCount; ++l) total[l] += run.labels[l];
    readings += run.readings;
    samples += run.samples;
    runs.push_back(std::move(r));
  }
  manifest["readings"] = readings;
  manifest["samples"] = samples;
  manifest["label_counts"] = label_counts_json(total);
  manifest["runs"] = std::move(runs);
  return write_text(dir_ / "labels" / "combined_windows.json", windows.dump(4) + "\n", error) &&
         write_text(dir_ / "manifest.json", manifest.dump(2) + "\n", error);
}

}  // namespace pharmatwin::experiments
