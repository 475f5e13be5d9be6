#include "pharmatwin/experiments/run_log.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "pharmatwin/sim/event_log.hpp"

namespace pharmatwin::experiments {

int RunLog::zone_index(const std::string& name) const {
  for (int i = 0; i < header.zones_size(); ++i)
    if (header.zones(i).name() == name) return i;
  return -1;
}

int RunLog::sensor_index(const std::string& name) const {
  for (int i = 0; i < header.sensors_size(); ++i)
    if (header.sensors(i).name() == name) return i;
  return -1;
}

int RunLog::sensor_zone(int sensor) const {
  if (sensor < 0 || sensor >= header.sensors_size()) return -1;
  return static_cast<int>(header.sensors(sensor).zone());
}

namespace {

// Folds records one by one; shared by the file and in-memory readers.
class Builder {
 public:
  explicit Builder(bool keep_readings) : keep_readings_(keep_readings) {}

  // Takes what it keeps out of `r` (operations records are moved, not copied).
  std::string add(sim::LogRecord& r) {
    ++out_.records;
    const double t = r.t_s();
    out_.end_s = std::max(out_.end_s, t);
    if (out_.records == 1 && !r.has_header()) return "record #1 is not a header";
    switch (r.record_case()) {
      case sim::LogRecord::kHeader:
        if (out_.records != 1) return "record #" + std::to_string(out_.records) + ": second header";
        out_.header = r.header();
        out_.end_s = std::max(out_.end_s, r.header().horizon_s());
        break;
      case sim::LogRecord::kFaultStarted: {
        const auto& f = r.fault_started();
        LoggedFault lf;
        lf.fault_id = f.fault_id();
        lf.name = f.name();
        lf.kind = f.kind();
        lf.zone = f.zone();
        lf.sensor = f.sensor();
        lf.injected = f.injected();
        lf.start_s = t;
        fault_by_id_[f.fault_id()] = out_.faults.size();
        out_.faults.push_back(std::move(lf));
        break;
      }
      case sim::LogRecord::kFaultEnded: {
        auto it = fault_by_id_.find(r.fault_ended().fault_id());
        if (it != fault_by_id_.end()) out_.faults[it->second].end_s = t;
        break;
      }
      case sim::LogRecord::kZoneTruth: {
        TruthSample s;
        s.t_s = t;
        s.air_c.assign(r.zone_truth().air_c().begin(), r.zone_truth().air_c().end());
        s.product_c.assign(r.zone_truth().product_c().begin(), r.zone_truth().product_c().end());
        out_.truth.push_back(std::move(s));
        break;
      }
      case sim::LogRecord::kProductLeftRange:
        out_.product_left_range.emplace_back(t, r.product_left_range().zone());
        break;
      case sim::LogRecord::kReadings:
        if (keep_readings_) {
          const auto& b = r.readings();
          const int n = std::min({b.time_s_size(), b.sensor_size(), b.value_c_size()});
          for (int i = 0; i < n; ++i) out_.readings.push_back({b.time_s(i), b.sensor(i), b.value_c(i)});
        }
        break;
      case sim::LogRecord::kAlert: {
        const auto& a = r.alert();
        auto it = alert_by_id_.find(a.id());
        if (it == alert_by_id_.end()) {
          LoggedAlert la;
          la.id = a.id();
          la.kind = a.kind();
          la.zone = a.zone();
          la.sensor = a.sensor();
          la.raised_at_s = a.raised_at_s();
          la.received_s = t;
          la.severity = a.severity();
          la.lots.assign(a.lots().begin(), a.lots().end());
          la.message = a.message();
          la.cleared = a.cleared();
          la.cleared_at_s = a.cleared_at_s();
          alert_by_id_[a.id()] = out_.alerts.size();
          out_.alerts.push_back(std::move(la));
        } else {
          LoggedAlert& la = out_.alerts[it->second];
          la.severity = std::max(la.severity, a.severity());
          if (a.cleared() && !la.cleared) {
            la.cleared = true;
            la.cleared_at_s = a.cleared_at_s();
          }
        }
        break;
      }
      case sim::LogRecord::kDecision:
        out_.decisions.push_back({t, r.decision()});
        break;
      case sim::LogRecord::kRunEnd:
        out_.run_end = r.run_end();
        break;
      case sim::LogRecord::kOperations:
        out_.operations.emplace_back();
        out_.operations.back().Swap(r.mutable_operations());
        break;
      default:
        break;
    }
    return {};
  }

  RunLogResult finish(std::string error) {
    if (error.empty() && out_.records == 0) error = "empty event log";
    std::stable_sort(out_.faults.begin(), out_.faults.end(),
                     [](const LoggedFault& a, const LoggedFault& b) { return a.start_s < b.start_s; });
    return {std::move(out_), std::move(error)};
  }

 private:
  bool keep_readings_;
  RunLog out_;
  std::unordered_map<std::uint32_t, std::size_t> fault_by_id_;
  std::unordered_map<std::string, std::size_t> alert_by_id_;
};

}  // namespace

RunLogResult read_run_log(const std::filesystem::path& path, bool keep_readings) {
  std::string error;
  auto reader = sim::EventLogReader::open(path, &error);
  if (!reader) return {RunLog{}, error};
  Builder builder(keep_readings);
  sim::LogRecord record;
  while (reader->next(record)) {
    error = builder.add(record);
    if (!error.empty()) return builder.finish(path.string() + ": " + error);
  }
  if (!reader->error().empty()) return builder.finish(path.string() + ": " + reader->error());
  auto result = builder.finish({});
  if (!result.ok()) result.error = path.string() + ": " + result.error;
  return result;
}

RunLogResult read_operations_log(const std::filesystem::path& path) {
  using google::protobuf::internal::WireFormatLite;
  std::ifstream in(path, std::ios::binary);
  if (!in) return {RunLog{}, path.string() + ": cannot open the event log"};
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  google::protobuf::io::CodedInputStream coded(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                               static_cast<int>(bytes.size()));
  coded.SetTotalBytesLimit(INT32_MAX);
  Builder builder(false);
  sim::LogRecord record;
  std::uint64_t index = 0;
  auto damaged = [&] { return builder.finish(path.string() + ": damaged record #" + std::to_string(index)); };
  std::uint32_t size = 0;
  while (coded.ReadVarint32(&size)) {
    ++index;
    const int start = coded.CurrentPosition();
    if (size > bytes.size() - static_cast<std::size_t>(start)) return damaged();
    // Only the header, the run end and operations records are parsed; the rest is skipped.
    bool wanted = index == 1;
    if (!wanted) {
      const auto limit = coded.PushLimit(static_cast<int>(size));
      for (std::uint32_t tag; (tag = coded.ReadTag()) != 0;) {
        const int field = WireFormatLite::GetTagFieldNumber(tag);
        if (field == sim::LogRecord::kOperationsFieldNumber || field == sim::LogRecord::kRunEndFieldNumber) {
          wanted = true;
          break;
        }
        if (!WireFormatLite::SkipField(&coded, tag)) return damaged();
      }
      coded.PopLimit(limit);
    }
    if (!coded.Skip(static_cast<int>(size) - (coded.CurrentPosition() - start))) return damaged();
    if (!wanted) continue;
    if (!record.ParseFromArray(bytes.data() + start, static_cast<int>(size))) return damaged();
    auto error = builder.add(record);
    if (!error.empty()) return builder.finish(path.string() + ": " + error);
  }
  if (coded.CurrentPosition() != static_cast<int>(bytes.size())) return damaged();
  return builder.finish({});
}

RunLogResult run_log_from_records(const std::vector<sim::LogRecord>& records, bool keep_readings) {
  Builder builder(keep_readings);
  for (const auto& record : records) {
    sim::LogRecord r = record;
    auto error = builder.add(r);
    if (!error.empty()) return builder.finish(error);
  }
  return builder.finish({});
}

}  // namespace pharmatwin::experiments
