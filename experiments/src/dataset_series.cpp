#include "dataset_series.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace pharmatwin::experiments {

namespace {

// Buffers are written out once they hold this much.
constexpr std::size_t kFlushBytes = 1 << 20;

void append_csv_field(std::string& out, const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_fixed(std::string& out, double v, int precision) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
  out.append(buf, r.ptr);
}

void append_shortest(std::string& out, double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void two(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
}

}  // namespace

void append_dataset_timestamp(std::string& out, double epoch_s, bool micros) {
  // The calendar date of the last day seen (thread-local: one per exporting thread).
  thread_local std::int64_t cached_day = INT64_MIN;
  thread_local char date[16];
  const auto total_us = static_cast<std::int64_t>(std::llround(epoch_s * 1e6));
  std::int64_t secs = total_us / 1000000, us = total_us % 1000000;
  if (us < 0) us += 1000000, --secs;
  std::int64_t day = secs / 86400, in_day = secs % 86400;
  if (in_day < 0) in_day += 86400, --day;
  if (day != cached_day) {
    const std::time_t at = static_cast<std::time_t>(day * 86400);
    std::tm tm{};
    gmtime_r(&at, &tm);
    std::snprintf(date, sizeof date, "%04d-%02d-%02d ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday);
    cached_day = day;
  }
  char clock[16];
  two(clock, static_cast<int>(in_day / 3600));
  clock[2] = ':';
  two(clock + 3, static_cast<int>(in_day / 60 % 60));
  clock[5] = ':';
  two(clock + 6, static_cast<int>(in_day % 60));
  out.append(date, 11);
  out.append(clock, 8);
  if (micros || us != 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%06d", static_cast<int>(us));
    out.append(frac, 7);
  }
}

SeriesOutput::SeriesOutput(DatasetSeries& info, std::filesystem::path nab_path,
                           std::filesystem::path samples_path, const SampleLabeller& labeller,
                           const RunLog& log, std::uint32_t sensor)
    : info_(info),
      nab_{std::move(nab_path), {}, false},
      samples_{std::move(samples_path), {}, false},
      labeller_(labeller),
      log_(log),
      sensor_(sensor),
      epoch0_(log.header.start_epoch_s()) {
  nab_.text = "timestamp,value\n";
  samples_.text = "timestamp,t_s,sensor,zone,kind,value_c,ok,label,product_out_of_range,faults\n";
  prefix_ = ",";
  append_csv_field(prefix_, info.sensor);
  prefix_ += ',';
  append_csv_field(prefix_, info.zone);
  prefix_ += ',';
  append_csv_field(prefix_, info.kind);
  prefix_ += ',';
}

const std::string& SeriesOutput::fault_names(const std::vector<std::size_t>& faults) {
  if (faults == last_faults_) return last_fault_names_;
  last_faults_ = faults;
  last_fault_names_.clear();
  std::string joined;
  for (std::size_t i = 0; i < faults.size(); ++i) {
    if (i) joined += ';';
    joined += log_.faults[faults[i]].name;
  }
  append_csv_field(last_fault_names_, joined);
  return last_fault_names_;
}

void SeriesOutput::row(double t, const double* value_c) {
  labeller_.at(sensor_, t, truth_);
  const double epoch = epoch0_ + t;
  ++info_.labels[static_cast<std::size_t>(truth_.label)];
  // Samples file: every instant.
  std::string& s = samples_.text;
  append_dataset_timestamp(s, epoch, false);
  s += ',';
  append_shortest(s, t);
  s += prefix_;
  if (value_c) append_fixed(s, *value_c, 4);
  s += value_c ? ",1," : ",0,";
  s += label_name(truth_.label);
  s += truth_.product_out_of_range ? ",1," : ",0,";
  s += fault_names(truth_.faults);
  s += '\n';
  if (!value_c) return;
  // NAB data file and windows: readings only.
  append_dataset_timestamp(nab_.text, epoch, false);
  nab_.text += ',';
  append_fixed(nab_.text, *value_c, 4);
  nab_.text += '\n';
  if (truth_.label != SampleLabel::kNormal) {
    if (!window_open_) window_open_ = true, window_start_ = t;
    window_last_ = t;
  } else if (window_open_) {
    info_.windows.emplace_back(window_start_, window_last_);
    window_open_ = false;
  }
}

bool SeriesOutput::fill_missing(double before_t, std::string* error) {
  const double dt = info_.sample_interval_s;
  if (!(dt > 0)) return true;
  const double tolerance = 1e-6 * dt;
  for (;;) {
    const double expected = static_cast<double>(next_k_) * dt;
    if (expected >= before_t - tolerance) break;
    ++info_.missing;
    row(expected, nullptr);
    ++next_k_;
  }
  return flush(samples_, false, error) && flush(nab_, false, error);
}

bool SeriesOutput::reading(double t, double value_c, std::string* error) {
  if (!fill_missing(t, error)) return false;
  const double dt = info_.sample_interval_s;
  if (dt > 0 && std::abs(static_cast<double>(next_k_) * dt - t) <= 1e-6 * dt) ++next_k_;
  ++info_.readings;
  row(t, &value_c);
  return flush(samples_, false, error) && flush(nab_, false, error);
}

bool SeriesOutput::finish(double end_s, std::string* error) {
  if (!fill_missing(end_s, error)) return false;
  if (window_open_) {
    info_.windows.emplace_back(window_start_, window_last_);
    window_open_ = false;
  }
  return flush(samples_, true, error) && flush(nab_, true, error);
}

bool SeriesOutput::flush(Buffered& b, bool force, std::string* error) {
  if (!force && b.text.size() < kFlushBytes) return true;
  std::FILE* f = std::fopen(b.path.c_str(), b.created ? "ab" : "wb");
  if (!f) {
    *error = b.path.string() + ": cannot write: " + std::strerror(errno);
    return false;
  }
  b.created = true;
  const bool ok = std::fwrite(b.text.data(), 1, b.text.size(), f) == b.text.size();
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) {
    *error = b.path.string() + ": write failed: " + std::strerror(errno);
    return false;
  }
  b.text.clear();
  return true;
}

}  // namespace pharmatwin::experiments
