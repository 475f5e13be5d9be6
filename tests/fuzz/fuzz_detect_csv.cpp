// Fuzz target: the first byte picks the mode, the rest is the document.
//   bit 7 set: the rest is a policy file for parse_policy().
//   otherwise: the rest is a readings CSV replayed through an engine whose policy has short
//   delays and timeouts (so that every rule can fire), with bits 0-1 choosing skip/reject and
//   CSV/JSONL output; the clock is then advanced a day so that every timeout runs.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "pharmatwin/detection/alert_writer.hpp"
#include "pharmatwin/detection/engine.hpp"
#include "pharmatwin/detection/policy.hpp"
#include "pharmatwin/detection/replay.hpp"

using namespace pharmatwin::detection;

namespace {

Policy fuzz_policy() {
  PolicyLoad load = parse_policy(
      R"({"version": "fuzz-1", "storage_class": "refrigerated",
          "range_c": {"min": 2, "max": 8}, "zone_period_s": 10,
          "temperature": {"lolo": {"limit": 0, "delay_s": 0}, "lo": {"limit": 2, "delay_s": 30},
                          "hi": {"limit": 8, "delay_s": 30}, "hihi": {"limit": 12, "delay_s": 10},
                          "delay_mode": "cumulative", "cumulative_reset_s": 120},
          "humidity": {"hi": {"limit": 70, "delay_s": 0}},
          "rate_of_change": {"window_s": 60},
          "hvac": {"warming_for_s": 60, "telemetry_off_max_s": 30},
          "door": {"spike_window_s": 20, "recovery_s": 60, "max_open_s": 30},
          "mkt": {"window_h": 1, "limit_c": 8, "min_coverage": 0.1,
                  "allowed_excursion": {"max_c": 15, "spike_max_c": 25, "spike_max_h": 0.1}},
          "sensor_health": {"comm_timeout_s": 60, "stuck": {"for_h": 0.05},
                            "redundancy": {"aggregate_periods": 1, "learn_samples": 2},
                            "calibration_warn_days": 1},
          "baseline": {"learn_days": 0.01, "min_periods": 1},
          "data_quality": {"late_after_s": 10, "backfill_gap_s": 20}})",
      "fuzz");
  return load.policy;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (mode & 0x80) {
    const PolicyLoad load = parse_policy(text, "fuzz.json");
    for (const auto& e : load.errors) (void)e.to_string();
    if (load.ok()) {
      Engine engine;
      engine.add_policy(load.policy);
    }
    return 0;
  }
  static const Policy policy = fuzz_policy();
  Engine engine;
  engine.add_policy(policy);
  ReplayOptions options;
  options.on_bad_row = (mode & 1) ? BadRowPolicy::kReject : BadRowPolicy::kSkip;
  options.max_backwards_ms = 10 * kMsPerMinute;
  options.source = "fuzz.csv";
  Replay replay(engine, policy.storage_class, options);
  std::vector<std::string> errors;
  if (mode & 4) {
    std::istringstream lots("dc,z1,LOT-1,0.01\ndc,z1,LOT-2,1,2,15\n");
    replay.load_lots(lots, "lots.csv", errors);
  }
  std::ostringstream out;
  AlertWriter writer(out, (mode & 2) ? AlertFormat::kJsonl : AlertFormat::kCsv, engine);
  std::uint64_t acknowledged = 0;
  engine.set_sink([&](const AlertEvent& e) {
    writer.write(e);
    if (e.lifecycle == Lifecycle::kRaised && (e.id % 3 == 0) && acknowledged < 16) ++acknowledged;
  });
  std::istringstream in(text);
  const ReplayResult result = replay.run(in);
  if (!result.rejected && result.last_time_ms != kNoTime) {
    for (AlertId id = 1; id <= acknowledged; ++id)
      engine.acknowledge(id * 3, Decision::kFalseAlarm);
    engine.advance_to(result.last_time_ms + kMsPerDay);
  }
  return 0;
}
