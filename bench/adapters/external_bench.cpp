// Readings per second through the external-process binding in lock-step: the world sends a
// batch of readings (framed 8192 per message) and one Advance, and waits for the Ack.
#include <benchmark/benchmark.h>

#include "pharmatwin/adapters/external_ports.hpp"
#include "pharmatwin/adapters/framing.hpp"
#include "pharmatwin/adapters/sut_convert.hpp"

namespace pa = pharmatwin::adapters;

namespace {

pa::SiteLayout layout(int sensors) {
  pa::SiteLayout l;
  l.site_name = "bench";
  l.start_epoch_s = 1767225600;
  l.zones = {{"cold1", 2, 8, 5}};
  for (int i = 0; i < sensors; ++i)
    l.sensors.push_back({"s" + std::to_string(i), 0, pa::SensorKind::kAir, 60});
  return l;
}

void lock_step(benchmark::State& state, const std::vector<std::string>& argv) {
  const int per_advance = static_cast<int>(state.range(0));
  const int sensors = 100;
  pa::ExternalDetectionPort port(pa::SutSession::spawn(argv, {}, "bench"));
  port.bind(layout(sensors));
  std::vector<pa::SensorReading> batch(per_advance);
  double t = 0;
  pa::PortOutput out;
  for (auto _ : state) {
    for (int i = 0; i < per_advance; ++i) {
      if (i % sensors == 0) t += 60;
      batch[i] = {t, 5.0 + 0.01 * (i % 7), static_cast<std::uint32_t>(i % sensors), 0};
    }
    port.on_readings(batch);
    port.advance_to(t, out);
    out.clear();
  }
  port.finish(t, out);
  state.SetItemsProcessed(state.iterations() * per_advance);
}

void BM_ExternalLockStep(benchmark::State& state) { lock_step(state, {PHARMATWIN_SINK_SUT}); }
BENCHMARK(BM_ExternalLockStep)->Arg(1'500)->Arg(15'000)->Arg(150'000)->UseRealTime();

// The project's detection engine behind the protocol: protocol plus detection work.
void BM_PharmatwinSutLockStep(benchmark::State& state) { lock_step(state, {PHARMATWIN_SUT}); }
BENCHMARK(BM_PharmatwinSutLockStep)->Arg(15'000)->UseRealTime();

void BM_EncodeReadingsFrame(benchmark::State& state) {
  std::vector<pa::SensorReading> batch(8192);
  for (int i = 0; i < 8192; ++i)
    batch[i] = {60.0 * (i / 100), 5.0, static_cast<std::uint32_t>(i % 100), 0};
  pharmatwin::sut::ToSut message;
  std::string bytes;
  for (auto _ : state) {
    message.mutable_readings()->Clear();
    pa::append_to_wire(batch, *message.mutable_readings());
    bytes.clear();
    pa::append_frame(bytes, message);
    benchmark::DoNotOptimize(bytes.data());
  }
  state.SetItemsProcessed(state.iterations() * 8192);
}
BENCHMARK(BM_EncodeReadingsFrame);

}  // namespace
