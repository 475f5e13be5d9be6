#include "pharmatwin/experiments/run_log.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <unordered_map>

#include "mapped_file.hpp"
#include "wire_cursor.hpp"

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

OperationsLog::OperationsLog() {
  google::protobuf::ArenaOptions options;
  options.start_block_size = 64 * 1024;
  options.max_block_size = 1024 * 1024;
  arena_ = std::make_unique<google::protobuf::Arena>(options);
}

sim::OperationsRecord* OperationsLog::add() {
  items_.push_back(google::protobuf::Arena::CreateMessage<sim::OperationsRecord>(arena_.get()));
  return items_.back();
}

void ChartThinner::add(double t, double v) {
  if (!std::isfinite(t)) return;
  const double k = std::floor((t - t0_) / bucket_s_);
  // A crafted log's far-off time still gives a valid index.
  const auto bucket = static_cast<std::int64_t>(std::clamp(k, -9.0e18, 9.0e18));
  const Kept p{seq_++, t, v};
  if (open_ && bucket == bucket_) {
    if (v < low_.v) low_ = p;
    if (v > high_.v) high_ = p;
    return;
  }
  flush();
  open_ = true;
  bucket_ = bucket;
  low_ = high_ = p;
}

void ChartThinner::flush() {
  if (!open_) return;
  const Kept& a = low_.seq <= high_.seq ? low_ : high_;
  const Kept& b = low_.seq <= high_.seq ? high_ : low_;
  out_.emplace_back(a.t, a.v);
  if (b.seq != a.seq) out_.emplace_back(b.t, b.v);
  open_ = false;
}

Series ChartThinner::finish() {
  flush();
  Series out = std::move(out_);
  out_.clear();
  return out;
}

Series thin_for_chart(const Series& points, double t0, double bucket_s) {
  ChartThinner thinner(t0, bucket_s);
  for (const auto& [t, v] : points) thinner.add(t, v);
  return thinner.finish();
}

namespace {

// A readings batch whose processing waits until every alert is known (their evidence needs them).
struct DeferredReadings {
  std::uint64_t record = 0;             // 1-based record number, for errors
  const std::uint8_t* bytes = nullptr;  // serialized ReadingBatch, or
  std::size_t size = 0;
  const sim::ReadingBatch* batch = nullptr;  // an already parsed one
};

// Folds records one by one; shared by the file and in-memory readers.
class Builder {
 public:
  explicit Builder(bool keep_readings) : keep_readings_(keep_readings) {}

  // Counts a record and checks that the first one is the header.
  std::string begin(double t, bool is_header) {
    ++out_.records;
    out_.end_s = std::max(out_.end_s, t);
    if (!is_header) last_record_s_ = std::max(last_record_s_, t);
    if (out_.records == 1 && !is_header) return "record #1 is not a header";
    if (out_.records != 1 && is_header)
      return "record #" + std::to_string(out_.records) + ": second header";
    return {};
  }

  // Takes what it keeps out of `r` (operations records and decisions are moved, not copied).
  // A readings batch is only referred to: `r` must outlive finish() when it holds one.
  std::string add(sim::LogRecord& r) {
    const double t = r.t_s();
    auto error = begin(t, r.has_header());
    if (!error.empty()) return error;
    switch (r.record_case()) {
      case sim::LogRecord::kHeader:
        out_.header.Swap(r.mutable_header());
        out_.end_s = std::max(out_.end_s, out_.header.horizon_s());
        break;
      case sim::LogRecord::kFaultStarted: {
        const auto& f = r.fault_started();
        LoggedFault lf;
        lf.fault_id = f.fault_id();
        lf.name = f.name();
        lf.kind = f.kind();
        lf.zone = f.zone();
        lf.zones.assign(f.zones().begin(), f.zones().end());
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
      case sim::LogRecord::kZoneTruth:
        add_truth(t, r.zone_truth());
        break;
      case sim::LogRecord::kProductLeftRange:
        out_.product_left_range.emplace_back(t, r.product_left_range().zone());
        break;
      case sim::LogRecord::kReadings:
        if (keep_readings_) deferred_.push_back({out_.records, nullptr, 0, &r.readings()});
        break;
      case sim::LogRecord::kAlert:
        add_alert(t, r.alert());
        break;
      case sim::LogRecord::kDecision:
        out_.decisions.push_back({t, {}});
        out_.decisions.back().record.Swap(r.mutable_decision());
        break;
      case sim::LogRecord::kRunEnd:
        out_.run_end.emplace();
        out_.run_end->Swap(r.mutable_run_end());
        // A run stopped by a failing system under test covers only its span: rates are over it.
        if (out_.run_end->stopped()) out_.end_s = out_.run_end->stopped_at_s();
        break;
      case sim::LogRecord::kOperations:
        out_.operations.add()->Swap(r.mutable_operations());
        break;
      case sim::LogRecord::kLiveCommand:
        out_.live_commands.emplace_back(t, r.live_command().line());
        break;
      case sim::LogRecord::kTelemetry:
        if (keep_telemetry_) add_telemetry(t, r.telemetry());
        break;
      default:
        break;
    }
    return {};
  }

  // Fast paths of the file reader: the record's payload as serialized bytes.
  bool add_truth_bytes(double t, const std::uint8_t* p, std::size_t n) {
    if (!truth_msg_.ParseFromArray(p, static_cast<int>(n))) return false;
    add_truth(t, truth_msg_);
    return true;
  }
  bool add_telemetry_bytes(double t, const std::uint8_t* p, std::size_t n) {
    if (!telemetry_msg_.ParseFromArray(p, static_cast<int>(n))) return false;
    add_telemetry(t, telemetry_msg_);
    return true;
  }
  void add_telemetry(double t, const sim::TelemetryBatch& b) {
    const std::size_t zones = static_cast<std::size_t>(out_.header.zones_size());
    out_.telemetry_t.push_back(t);
    out_.telemetry.resize(out_.telemetry.size() + zones, 2);
    std::uint8_t* row = out_.telemetry.data() + out_.telemetry.size() - zones;
    for (const auto& z : b.zones()) {
      if (z.zone() >= zones) continue;
      row[z.zone()] =
          static_cast<std::uint8_t>((z.hvac_running() ? 1 : 0) | (z.hvac_powered() ? 2 : 0) |
                                    (std::min<std::uint32_t>(z.doors_open(), 63) << 2));
    }
  }
  bool keep_telemetry_ = false;
  bool add_operations_bytes(const std::uint8_t* p, std::size_t n) {
    return out_.operations.add()->ParseFromArray(p, static_cast<int>(n));
  }
  void defer_readings_bytes(const std::uint8_t* p, std::size_t n) {
    if (keep_readings_) deferred_.push_back({out_.records, p, n, nullptr});
  }
  // A batch that came parsed (an unusually encoded record): kept here until finish().
  void defer_readings(sim::ReadingBatch&& batch) {
    if (!keep_readings_) return;
    owned_batches_.push_back(std::move(batch));
    deferred_.push_back({out_.records, nullptr, 0, &owned_batches_.back()});
  }

  void set_truncated() { out_.truncated = true; }

  RunLogResult finish(std::string error) {
    if (error.empty() && out_.records == 0) error = "empty event log";
    // Without a RunEnd nothing says the run reached its horizon: it covers what it recorded.
    if (!out_.run_end) out_.end_s = last_record_s_;
    if (error.empty()) error = process_readings();
    std::stable_sort(
        out_.faults.begin(), out_.faults.end(),
        [](const LoggedFault& a, const LoggedFault& b) { return a.start_s < b.start_s; });
    return {std::move(out_), std::move(error)};
  }

 private:
  double last_record_s_ = 0;

  void add_truth(double t, const sim::ZoneTruthSample& s) {
    const int zones = s.air_c_size();
    if (static_cast<int>(out_.truth.size()) < zones) out_.truth.resize(zones);
    for (int z = 0; z < zones; ++z) {
      const bool has_product = z < s.product_c_size();
      out_.truth[z].push_back({t, s.air_c(z), has_product ? s.product_c(z) : 0.0, has_product});
    }
  }

  void add_alert(double t, const sim::AlertRecord& a) {
    ++out_.alert_records;
    // Two systems under test may use the same ids.
    const std::string key = a.source() + '\n' + a.id();
    auto it = alert_by_id_.find(key);
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
      la.packs.assign(a.packs().begin(), a.packs().end());
      la.source = a.source();
      la.message = a.message();
      la.cleared = a.cleared();
      la.cleared_at_s = a.cleared_at_s();
      alert_by_id_.emplace(key, out_.alerts.size());
      out_.alerts.push_back(std::move(la));
    } else {
      LoggedAlert& la = out_.alerts[it->second];
      la.severity = std::max(la.severity, a.severity());
      if (a.cleared() && !la.cleared) {
        la.cleared = true;
        la.cleared_at_s = a.cleared_at_s();
      }
    }
  }

  // Readings go to per-sensor chart thinners and answer the alerts' evidence queries: an alert
  // raised at R gets the last three readings of its sensor before that sensor's first reading
  // later than R.
  std::string process_readings() {
    if (deferred_.empty()) return {};
    const int sensors = out_.header.sensors_size();
    const double bucket_s = std::max(out_.header.horizon_s(), 1.0) / kChartPixels;
    std::vector<ChartThinner> thinners(sensors, ChartThinner(0, bucket_s));
    out_.reading_mkt.assign(sensors, MktAccumulator{});

    struct Query {
      double raised_s;
      std::size_t alert;
    };
    struct SensorQueries {
      std::vector<Query> queries;  // by raised time
      std::size_t next = 0;
      Series ring;  // last readings, at most three
    };
    std::vector<SensorQueries> by_sensor;
    for (std::size_t i = 0; i < out_.alerts.size(); ++i) {
      const int s = out_.alerts[i].sensor;
      if (s < 0) continue;
      if (static_cast<std::size_t>(s) >= by_sensor.size()) by_sensor.resize(s + 1);
      const double r = out_.alerts[i].raised_at_s;
      by_sensor[s].queries.push_back(
          {std::isnan(r) ? std::numeric_limits<double>::infinity() : r, i});
    }
    for (auto& q : by_sensor)
      std::stable_sort(q.queries.begin(), q.queries.end(),
                       [](const Query& a, const Query& b) { return a.raised_s < b.raised_s; });
    auto answer = [&](SensorQueries& q, double before) {
      while (q.next < q.queries.size() && q.queries[q.next].raised_s < before)
        out_.alerts[q.queries[q.next++].alert].last_readings = q.ring;
    };

    sim::ReadingBatch parsed;
    for (const auto& d : deferred_) {
      const sim::ReadingBatch* b = d.batch;
      if (!b) {
        if (!parsed.ParseFromArray(d.bytes, static_cast<int>(d.size)))
          return "damaged record #" + std::to_string(d.record);
        b = &parsed;
      }
      const int n = std::min({b->time_s_size(), b->sensor_size(), b->value_c_size()});
      const double* time = b->time_s().data();
      const std::uint32_t* sensor = b->sensor().data();
      const double* value = b->value_c().data();
      for (int i = 0; i < n; ++i) {
        const std::uint32_t s = sensor[i];
        if (s < static_cast<std::uint32_t>(sensors)) {
          thinners[s].add(time[i], value[i]);
          out_.reading_mkt[s].add(value[i]);
        }
        if (s < by_sensor.size()) {
          auto& q = by_sensor[s];
          if (q.queries.empty()) continue;
          answer(q, time[i]);
          if (q.ring.size() == 3) q.ring.erase(q.ring.begin());
          q.ring.emplace_back(time[i], value[i]);
        }
      }
      out_.readings += static_cast<std::uint64_t>(n);
    }
    for (auto& q : by_sensor) answer(q, std::numeric_limits<double>::infinity());
    out_.reading_traces.reserve(sensors);
    for (auto& t : thinners) out_.reading_traces.push_back(t.finish());
    return {};
  }

  bool keep_readings_;
  RunLog out_;
  std::unordered_map<std::uint32_t, std::size_t> fault_by_id_;
  std::unordered_map<std::string, std::size_t> alert_by_id_;
  std::vector<DeferredReadings> deferred_;
  std::deque<sim::ReadingBatch> owned_batches_;
  sim::ZoneTruthSample truth_msg_;
  sim::TelemetryBatch telemetry_msg_;
};

enum class Mode { kFull, kOperationsOnly, kReplay };

// A cut-off last record is at most one write buffer of the event log; a "record" that claims
// more than the rest of a file and is longer than this is damage, not a truncated tail.
constexpr std::ptrdiff_t kMaxTruncatedTail = 64 << 20;

RunLogResult read_log(const std::filesystem::path& path, Mode mode, bool keep_readings) {
  const std::string where = path.string() + ": ";
  MappedFile file;
  std::string error;
  if (!file.open(path, &error)) return {RunLog{}, error};
  Builder builder(keep_readings && mode != Mode::kOperationsOnly);
  builder.keep_telemetry_ = mode == Mode::kReplay;
  sim::LogRecord record;  // reused by the records that are parsed whole
  WireCursor in{file.data(), file.data() + file.size()};
  std::uint64_t index = 0;
  auto damaged = [&] { return builder.finish(where + "damaged record #" + std::to_string(index)); };
  while (in.p < in.end) {
    ++index;
    std::uint64_t size = 0;
    const std::uint8_t* record_start = in.p;
    const bool sized = in.varint(size);
    if (sized && size > static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
      return damaged();
    if (!sized || size > static_cast<std::uint64_t>(in.end - in.p)) {
      // The file ends inside this record: a run killed while writing. Keep what came before.
      if (index == 1 || in.end - record_start > kMaxTruncatedTail) return damaged();
      builder.set_truncated();
      break;
    }
    const std::uint8_t* start = in.p;
    WireCursor rec{start, start + size};
    in.p += size;
    // Find the time and the one payload field; anything unusual is parsed by protobuf instead.
    double t = 0;
    int payload = 0, payloads = 0;
    WireCursor body{nullptr, nullptr};
    bool plain = true;
    while (rec.p < rec.end && plain) {
      std::uint64_t tag = 0;
      if (!rec.varint(tag)) return damaged();
      const int field = static_cast<int>(tag >> 3), wire = static_cast<int>(tag & 7);
      if (field == sim::LogRecord::kTSFieldNumber && wire == 1 && rec.end - rec.p >= 8) {
        std::memcpy(&t, rec.p, 8);
        rec.p += 8;
      } else if (field >= sim::LogRecord::kHeaderFieldNumber &&
                 field <= sim::LogRecord::kOperationsFieldNumber) {
        std::uint64_t n = 0;
        if (wire != 2 || !rec.varint(n) || n > static_cast<std::uint64_t>(rec.end - rec.p)) {
          plain = false;
          break;
        }
        payload = field;
        ++payloads;
        body = {rec.p, rec.p + n};
        rec.p += n;
      } else if (!rec.skip(wire)) {
        plain = false;
      }
    }
    plain = plain && payloads <= 1;
    const bool wanted = mode != Mode::kOperationsOnly || !plain ||
                        payload == sim::LogRecord::kHeaderFieldNumber ||
                        payload == sim::LogRecord::kRunEndFieldNumber ||
                        payload == sim::LogRecord::kOperationsFieldNumber || index == 1;
    if (plain && !wanted) {
      error = builder.begin(t, false);
      if (!error.empty()) return builder.finish(where + error);
      continue;
    }
    const std::size_t body_size = static_cast<std::size_t>(body.end - body.p);
    if (plain && payload == sim::LogRecord::kTelemetryFieldNumber) {
      error = builder.begin(t, false);
      if (error.empty() && mode == Mode::kReplay &&
          !builder.add_telemetry_bytes(t, body.p, body_size))
        return damaged();
    } else if (plain && payload == sim::LogRecord::kOperationsFieldNumber) {
      error = builder.begin(t, false);
      if (error.empty() && !builder.add_operations_bytes(body.p, body_size)) return damaged();
    } else if (plain && payload == sim::LogRecord::kZoneTruthFieldNumber) {
      error = builder.begin(t, false);
      if (error.empty() && !builder.add_truth_bytes(t, body.p, body_size)) return damaged();
    } else if (plain && payload == sim::LogRecord::kReadingsFieldNumber) {
      error = builder.begin(t, false);
      builder.defer_readings_bytes(body.p, body_size);
    } else {
      if (!record.ParseFromArray(start, static_cast<int>(size))) return damaged();
      const bool kept = record.has_header() || record.has_run_end() || record.has_operations();
      if (record.has_readings()) {
        error = builder.begin(record.t_s(), false);
        builder.defer_readings(std::move(*record.mutable_readings()));
      } else if (mode != Mode::kOperationsOnly || kept) {
        error = builder.add(record);
      } else {
        error = builder.begin(record.t_s(), false);
      }
    }
    if (!error.empty()) return builder.finish(where + error);
  }
  auto result = builder.finish({});
  if (!result.ok()) result.error = where + result.error;
  return result;
}

}  // namespace

std::string RunLog::incomplete_reason() const {
  if (complete()) return {};
  if (!run_end)
    return truncated ? "no end record, last record cut off (the run was killed)"
                     : "no end record (the run was killed)";
  if (run_end->stop_kind() == "interrupted") return "interrupted";
  return "stopped: the " + run_end->stop_system() + " system failed (" + run_end->stop_kind() + ")";
}

RunLogResult read_run_log(const std::filesystem::path& path, bool keep_readings) {
  return read_log(path, Mode::kFull, keep_readings);
}

RunLogResult read_replay_log(const std::filesystem::path& path) {
  return read_log(path, Mode::kReplay, true);
}

RunLogResult read_operations_log(const std::filesystem::path& path) {
  return read_log(path, Mode::kOperationsOnly, false);
}

RunLogResult run_log_from_records(const std::vector<sim::LogRecord>& records, bool keep_readings) {
  // The builder moves out of what it is given and refers to readings batches until finish().
  std::vector<sim::LogRecord> copy = records;
  Builder builder(keep_readings);
  for (auto& r : copy) {
    auto error = builder.add(r);
    if (!error.empty()) return builder.finish(error);
  }
  return builder.finish({});
}

}  // namespace pharmatwin::experiments
