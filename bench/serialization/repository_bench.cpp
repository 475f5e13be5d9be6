// Repository throughput on ten million packs: DSCSA / FMD verifications and event ingestion
// on one core, plus the memory the repository takes.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/gs1_check_digit.hpp"
#include "pharmatwin/serialization/repository.hpp"

namespace {

using namespace pharmatwin::serialization;

constexpr std::size_t kPacks = 10'000'000;
constexpr std::size_t kGtins = 100;
constexpr std::size_t kPacksPerLot = 100'000;
constexpr std::int64_t kT0 = 1'767'225'600'000;  // 2026-01-01
constexpr const char* kMaker = "urn:epc:id:sgln:0614141.00001.0";
constexpr const char* kWholesaler = "urn:epc:id:sgln:0614141.00002.0";

// GTIN-14 of item reference `i` under company prefix 0614141, indicator 0.
std::string gtin_of(std::size_t i) {
  char body[14];
  std::snprintf(body, sizeof body, "0061414%06zu", i);
  const std::string digits(body, 13);
  return digits + static_cast<char>('0' + *gs1_check_digit(digits));
}

// Pack n: GTIN n % kGtins, 12-digit serial, lot by blocks of kPacksPerLot.
std::string serial_of(std::size_t n) {
  return std::to_string(100'000'000'000ULL + n * 7919 % 899'999'999'999ULL);
}
std::string lot_of(std::size_t n) { return "L" + std::to_string(n / kPacksPerLot); }

// A "VmRSS:" (resident now) or "VmHWM:" (peak resident) figure of this process.
long status_kib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
  }
  return 0;
}
long rss_kib() { return status_kib("VmRSS:"); }

struct World {
  std::unique_ptr<Repository> repo;
  std::vector<std::string> gtins;
  double build_s = 0;
  long rss_before_kib = 0, rss_after_kib = 0;
};

World& world() {
  static World w = [] {
    World out;
    out.rss_before_kib = rss_kib();
    RepositoryOptions options;
    options.expected_packs = kPacks;
    options.reference_year = 2026;
    out.repo = std::make_unique<Repository>(options);
    for (std::size_t g = 0; g < kGtins; ++g) out.gtins.push_back(gtin_of(g));
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t n = 0; n < kPacks; ++n) {
      out.repo->commission(out.gtins[n % kGtins], serial_of(n), lot_of(n), {2028, 6, 30}, kMaker,
                           kT0);
    }
    out.build_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.rss_after_kib = rss_kib();
    return out;
  }();
  return w;
}

void report_repository(benchmark::State& state) {
  World& w = world();
  const auto stats = w.repo->stats();
  state.counters["packs"] = static_cast<double>(stats.packs);
  state.counters["repo_MiB"] = static_cast<double>(stats.memory_bytes) / (1 << 20);
  state.counters["rss_MiB"] = static_cast<double>(w.rss_after_kib) / 1024;
  state.counters["peak_rss_MiB"] = static_cast<double>(status_kib("VmHWM:")) / 1024;
  state.counters["build_s"] = w.build_s;
}

// One request in twenty names a serial nobody commissioned (mistyped, or a counterfeit's):
// same GTIN, lot and serial format, but an offset no commissioned serial has.
constexpr std::size_t kMissEvery = 20;
constexpr std::size_t kQueries = std::size_t{1} << 20;

struct Query {
  std::string gtin, serial, lot;
};

std::vector<Query> random_queries() {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::size_t> pick(0, kPacks - 1);
  std::vector<Query> out;
  out.reserve(kQueries);
  for (std::size_t i = 0; i < kQueries; ++i) {
    const std::size_t n = pick(rng);
    std::string serial = serial_of(n);
    if (i % kMissEvery == kMissEvery - 1) serial.back() = serial.back() == '9' ? '0' : '9';
    out.push_back({world().gtins[n % kGtins], std::move(serial), lot_of(n)});
  }
  return out;
}

// Requests of one trading partner, one call each: `ask` returns whether the pack verified.
template <typename Ask>
void run_single_verifications(benchmark::State& state, const Ask& ask) {
  const auto queries = random_queries();
  std::size_t i = 0, ok = 0;
  for (auto _ : state) {
    const Query& q = queries[i++ & (kQueries - 1)];
    ok += ask(ProductIdentifier{q.gtin, q.serial, q.lot, {2028, 6, 30}});
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["verified_share"] =
      static_cast<double>(ok) / static_cast<double>(state.iterations());
  report_repository(state);
}

void BM_VerifyDscsa(benchmark::State& state) {
  Repository& repo = *world().repo;
  run_single_verifications(state, [&](const ProductIdentifier& id) {
    return repo.verify_dscsa(id, kT0, kWholesaler).status == DscsaStatus::kVerified;
  });
}
BENCHMARK(BM_VerifyDscsa)->Unit(benchmark::kNanosecond);

void BM_VerifyFmd(benchmark::State& state) {
  Repository& repo = *world().repo;
  run_single_verifications(state, [&](const ProductIdentifier& id) {
    return repo.verify_fmd(id, kT0, kWholesaler).code == NmvsCode::kOk;
  });
}
BENCHMARK(BM_VerifyFmd)->Unit(benchmark::kNanosecond);

void BM_VerifyDscsaBatch(benchmark::State& state) {
  Repository& repo = *world().repo;
  const auto queries = random_queries();
  std::vector<ProductIdentifier> ids;
  for (const Query& q : queries) ids.push_back({q.gtin, q.serial, q.lot, {2028, 6, 30}});
  const std::size_t batch = static_cast<std::size_t>(state.range(0));
  std::vector<DscsaAnswer> answers(batch);
  std::size_t at = 0, verified = 0;
  for (auto _ : state) {
    if (at + batch > ids.size()) at = 0;
    repo.verify_dscsa_batch(std::span(ids).subspan(at, batch), kT0, kWholesaler, answers);
    for (const auto& a : answers) verified += a.status == DscsaStatus::kVerified;
    at += batch;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * batch));
  state.counters["verified_share"] =
      static_cast<double>(verified) / static_cast<double>(state.iterations() * batch);
}
BENCHMARK(BM_VerifyDscsaBatch)->Arg(256)->Unit(benchmark::kMicrosecond);

// Pack-level EPCIS ObjectEvents: 50,000 random packs are shipped maker -> wholesaler,
// received, shipped back and received again, so the cycle can repeat with times moved
// forward every round. Each benchmark keeps its own cycle in a static (Google Benchmark
// reruns the function, and the packs keep their state and clock between runs).
class EventCycle {
 public:
  EventCycle(std::uint64_t seed, std::int64_t first_offset_ms) : offset_ms_(first_offset_ms) {
    constexpr std::size_t kCyclePacks = 50'000;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, kPacks - 1);
    std::vector<std::size_t> chosen;
    for (std::size_t k = 0; k < kCyclePacks; ++k) chosen.push_back(pick(rng));
    const char* legs[4][3] = {{"shipping", kMaker, kWholesaler},
                              {"receiving", kWholesaler, nullptr},
                              {"shipping", kWholesaler, kMaker},
                              {"receiving", kMaker, nullptr}};
    events_.reserve(kCyclePacks * 4);
    for (int leg = 0; leg < 4; ++leg) {
      for (const std::size_t n : chosen) {
        Event e;
        e.type = EventType::kObject;
        e.action = Action::kObserve;
        e.biz_step = legs[leg][0];
        e.biz_location = legs[leg][1];
        e.read_point = legs[leg][1];
        if (legs[leg][2] != nullptr) e.destinations.push_back({"location", legs[leg][2]});
        e.epcs.push_back(*make_sgtin_uri(world().gtins[n % kGtins], serial_of(n), 7));
        e.event_time_ms = kT0 + (leg + 1) * 3'600'000LL;
        events_.push_back(std::move(e));
      }
    }
  }

  // The next `count` events, shifted to the current round; a new round starts where fewer
  // than `count` are left.
  std::span<Event> take(std::size_t count) {
    if (at_ + count > events_.size()) {
      at_ = 0;
      offset_ms_ += 5 * 3'600'000LL;
    }
    taken_ = std::span(events_).subspan(at_, count);
    for (Event& e : taken_) e.event_time_ms += offset_ms_;
    at_ += count;
    return taken_;
  }
  // Puts the events last taken back to their base times.
  void give_back() {
    for (Event& e : taken_) e.event_time_ms -= offset_ms_;
  }

 private:
  std::vector<Event> events_;
  std::span<Event> taken_;
  std::size_t at_ = 0;
  std::int64_t offset_ms_;
};

void BM_IngestPackEvents(benchmark::State& state) {
  Repository& repo = *world().repo;
  static EventCycle cycle(7, 0);
  CollectingAlertSink alerts;
  repo.set_alert_sink(&alerts);
  for (auto _ : state) {
    benchmark::DoNotOptimize(repo.ingest(cycle.take(1).front()));
    cycle.give_back();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["alerts"] = static_cast<double>(alerts.alerts.size());
  state.counters["custody_entries"] = static_cast<double>(repo.stats().custody_entries);
  repo.set_alert_sink(nullptr);
}
BENCHMARK(BM_IngestPackEvents)->Unit(benchmark::kNanosecond);

// The same kind of event stream through ingest_batch, 256 events a call (other packs, and
// times after BM_IngestPackEvents' rounds).
void BM_IngestPackEventsBatch(benchmark::State& state) {
  Repository& repo = *world().repo;
  static EventCycle cycle(11, 1'000'000'000'000LL);
  CollectingAlertSink alerts;
  repo.set_alert_sink(&alerts);
  constexpr std::size_t kBatch = 256;
  for (auto _ : state) {
    state.PauseTiming();
    const std::span<Event> events = cycle.take(kBatch);
    state.ResumeTiming();
    benchmark::DoNotOptimize(repo.ingest_batch(events));
    state.PauseTiming();
    cycle.give_back();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
  state.counters["alerts"] = static_cast<double>(alerts.alerts.size());
  repo.set_alert_sink(nullptr);
}
BENCHMARK(BM_IngestPackEventsBatch)->Unit(benchmark::kMicrosecond);

}  // namespace
