// Labelled datasets for detector builders (`pharmatwin export-dataset`): every sample of every
// sensor of one or more runs with its ground-truth label, and the anomaly windows in the layout
// of the Numenta Anomaly Benchmark (NAB), so NAB-style scorers run on them unchanged.
//
//   std::string error;
//   auto out = DatasetWriter::create("dataset", &error);
//   out->add_run({"runs/seed-1/events.pb", "default-seed1", "scenario default.textproto seed 1"},
//                &error);
//   out->finish(&error);
//
// Layout of DIR:
//   data/<category>/<sensor>.csv      NAB data file: timestamp,value (readings only, in time order)
//   labels/combined_windows.json      NAB windows: {"<category>/<sensor>.csv": [[start, end], ...]}
//   samples/<category>/<sensor>.csv   every sampling instant of the sensor: timestamp, t_s, sensor,
//                                     zone, kind, value_c, ok (0: no reading, a dropout), label,
//                                     product_out_of_range, faults (names acting on it, ';')
//   manifest.json                     per run: scenario, seed, hash, sensors, faults, windows and
//                                     label counts
// Labels are those of dataset_labels.hpp. A NAB window is a maximal run of consecutive rows of a
// data file whose label is not `normal`, from its first row's timestamp to its last one's (as
// NAB's label combiner turns labelled rows into windows); a series without any has an empty list.
// Timestamps are UTC, "YYYY-MM-DD HH:MM:SS" (windows with NAB's ".ffffff"). Everything written
// depends only on the runs: exporting the same runs twice gives byte-identical files.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "pharmatwin/experiments/dataset_labels.hpp"

namespace pharmatwin::experiments {

struct DatasetRunSource {
  std::filesystem::path events;  // an events.pb whose readings were logged
  std::string category;          // NAB category: data/<category>/...; made file-name safe
  std::string origin;            // how the run was made, for the manifest
};

using LabelCounts = std::array<std::uint64_t, kSampleLabelCount>;

struct DatasetSeries {
  std::string sensor, zone, kind;
  double sample_interval_s = 0;
  std::string nab_file;      // relative to DIR/data: "<category>/<sensor>.csv"
  std::string samples_file;  // relative to DIR
  std::uint64_t readings = 0, missing = 0;
  LabelCounts labels{};                            // over every sample, missing ones included
  std::vector<std::pair<double, double>> windows;  // t_s of first and last row
};

struct DatasetRun {
  DatasetRunSource source;
  std::string scenario_name, scenario_hash, version, start;
  std::uint64_t seed = 0;
  double start_epoch_s = 0, horizon_s = 0, end_s = 0;
  bool complete = false;
  std::vector<DatasetSeries> series;  // header sensor order
  std::vector<LoggedFault> faults;
  LabelCounts labels{};
  std::uint64_t readings = 0, samples = 0;
};

class DatasetWriter {
 public:
  // Creates DIR and its data/, samples/ and labels/ folders; a previous dataset there (one with a
  // manifest.json of this format) is replaced, anything else in those folders is refused.
  static std::unique_ptr<DatasetWriter> create(const std::filesystem::path& dir,
                                               std::string* error);

  // Exports one run. False with `error` (naming the file) when its log cannot be read, holds no
  // readings, or a category is used twice; when `stop` becomes true it stops between batches
  // (false, error "interrupted").
  bool add_run(const DatasetRunSource& source, std::string* error,
               const std::atomic<bool>* stop = nullptr);

  // Writes labels/combined_windows.json and manifest.json.
  bool finish(std::string* error);

  const std::vector<DatasetRun>& runs() const { return runs_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit DatasetWriter(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
  std::vector<DatasetRun> runs_;
};

// "2026-01-05 00:01:00" (UTC) of an epoch time; with `micros`, NAB's "2026-01-05 00:01:00.000000".
// Fractional seconds are written (6 digits) when the time has them or `micros` is set.
std::string dataset_timestamp(double epoch_s, bool micros = false);

// A name as a file name: letters, digits, '.', '-' and '_' kept, anything else '_'.
std::string dataset_file_name(const std::string& name);

}  // namespace pharmatwin::experiments
