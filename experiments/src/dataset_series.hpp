// One sensor's two output files of a dataset export (dataset_export.hpp): the NAB data file and
// the samples file, written row by row through a buffer, with the NAB windows worked out as the
// rows go by. Missing sampling instants (dropouts) are filled in from the sensor's interval.
//
//   SeriesOutput out(info, nab_path, samples_path, labeller, log, sensor_index);
//   out.reading(t, v);  // for each reading of the sensor, in time order
//   out.finish(end_s);  // instants up to end_s without a reading become ok=0 rows
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "pharmatwin/experiments/dataset_export.hpp"

namespace pharmatwin::experiments {

// Appends dataset_timestamp(epoch_s, micros).
void append_dataset_timestamp(std::string& out, double epoch_s, bool micros);

class SeriesOutput {
 public:
  SeriesOutput(DatasetSeries& info, std::filesystem::path nab_path,
               std::filesystem::path samples_path, const SampleLabeller& labeller,
               const RunLog& log, std::uint32_t sensor);
  // False with `error` when a file cannot be written.
  bool reading(double t, double value_c, std::string* error);
  bool finish(double end_s, std::string* error);

 private:
  struct Buffered {
    std::filesystem::path path;
    std::string text;
    bool created = false;
  };
  bool fill_missing(double before_t, std::string* error);
  void row(double t, const double* value_c);
  bool flush(Buffered& b, bool force, std::string* error);
  const std::string& fault_names(const std::vector<std::size_t>& faults);

  DatasetSeries& info_;
  Buffered nab_, samples_;
  const SampleLabeller& labeller_;
  const RunLog& log_;
  std::uint32_t sensor_;
  double epoch0_;
  std::string prefix_;  // ",<t_s>," is between the timestamp and it: ",sensor,zone,kind,"
  std::int64_t next_k_ = 0;
  SampleTruth truth_;
  std::vector<std::size_t> last_faults_;
  std::string last_fault_names_;
  bool window_open_ = false;
  double window_start_ = 0, window_last_ = 0;
};

}  // namespace pharmatwin::experiments
