// A million serialized packs: building the stock, FEFO picks, budget queries, pack lookups,
// and a 30-day operations run on SimGrid holding them.
#include <benchmark/benchmark.h>
#include <google/protobuf/text_format.h>

#include <fstream>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <string>

#include "pharmatwin/sim/operations.hpp"

namespace pharmatwin::sim {
namespace {

// Resident and peak resident set of this process, MiB.
double status_mib(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(std::string(key).size())) / 1024.0;
  return 0;
}

class FlatExposure : public ExposureSource {
 public:
  double cumulative_out_of_range_s(std::uint32_t zone, double, double, double t_s) override {
    return zone == 0 ? 0 : 0.01 * t_s;
  }
};

constexpr std::uint32_t kPacks = 1'000'000;
constexpr std::uint32_t kLots = 100;
constexpr std::uint32_t kUnitsPerCase = 20, kCasesPerPallet = 40;

// 1M packs in 100 lots over 2 zones, cased and palletised, each lot one group.
void build(Stock& stock) {
  stock.add_zone("cold");
  stock.add_zone("cool");
  StockProduct p;
  p.name = "vaccine";
  p.gtin = "09506000134352";
  p.min_c = 2;
  p.max_c = 8;
  p.budget_s = 72 * 3600;
  p.units_per_case = kUnitsPerCase;
  p.cases_per_pallet = kCasesPerPallet;
  std::uint32_t product = stock.add_product(p);
  stock.reserve_packs(kPacks);
  const std::uint32_t per_lot = kPacks / kLots;
  std::vector<std::uint32_t> packs;
  std::uint64_t sscc = 0;
  for (std::uint32_t l = 0; l < kLots; ++l) {
    std::uint32_t lot =
        stock.lot_index(product, "L" + std::to_string(l), "2028-01-01", 1e7 + 86400.0 * l);
    packs.clear();
    std::uint32_t c = kNone, pallet = kNone;
    for (std::uint32_t i = 0; i < per_lot; ++i) {
      if (i % (kUnitsPerCase * kCasesPerPallet) == 0) pallet = stock.add_pallet(++sscc);
      if (i % kUnitsPerCase == 0) c = stock.add_case(++sscc, pallet);
      packs.push_back(
          stock.add_pack(lot, stock.commission_serial(product), c, PackState::kInTransit));
    }
    stock.put_away(packs, l % 2, 0, 0, GroupStatus::kAvailable);
  }
}

void BM_BuildMillionPacks(benchmark::State& state) {
  FlatExposure exposure;
  for (auto _ : state) {
    Stock stock(&exposure);
    build(stock);
    benchmark::DoNotOptimize(stock.pack_count());
    state.counters["stock_MiB"] = double(stock.memory_bytes()) / (1024.0 * 1024.0);
    state.counters["bytes_per_pack"] = double(stock.memory_bytes()) / kPacks;
  }
}
BENCHMARK(BM_BuildMillionPacks)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_PickFefo10Units(benchmark::State& state) {
  FlatExposure exposure;
  Stock stock(&exposure);
  build(stock);
  std::uint64_t picked = 0;
  for (auto _ : state) {
    if (stock.units_on_hand() < 10) {
      state.PauseTiming();
      stock = Stock(&exposure);
      build(stock);
      state.ResumeTiming();
    }
    picked += stock.pick_fefo(0, 10, 1000).packs.size();
  }
  state.SetItemsProcessed(std::int64_t(picked));
}
BENCHMARK(BM_PickFefo10Units);

void BM_ConsumedBudgetAllGroups(benchmark::State& state) {
  FlatExposure exposure;
  Stock stock(&exposure);
  build(stock);
  double t = 0;
  for (auto _ : state) {
    double sum = 0;
    for (std::uint32_t g = 0; g < stock.group_count(); ++g) sum += stock.consumed_budget_s(g, t);
    benchmark::DoNotOptimize(sum);
    t += 1;
  }
  state.counters["groups"] = double(stock.group_count());
}
BENCHMARK(BM_ConsumedBudgetAllGroups);

void BM_FindPacksBySerialAmongMillion(benchmark::State& state) {
  FlatExposure exposure;
  Stock stock(&exposure);
  build(stock);
  std::vector<std::string> keys;
  for (std::uint32_t i = 0; i < 10; ++i) keys.push_back(stock.pack_key(i * 99991));
  for (auto _ : state) benchmark::DoNotOptimize(stock.find_packs_in_stock(keys));
}
BENCHMARK(BM_FindPacksBySerialAmongMillion)->Unit(benchmark::kMillisecond);

// A whole site: 1M packs on hand, 20 pharmacies ordering, daily deliveries, 30 days on SimGrid.
// SimGrid runs once per process, so this benchmark runs one iteration.
void BM_ThirtyDaysWithMillionPacks(benchmark::State& state) {
  std::string text = R"pb(
    run { start: "2026-01-05T00:00:00Z" seed: 3 horizon: "30d" }
    site { name: "hub" gln: "0614141000005" company_prefix: "0614141" }
    zones { name: "cold" storage_class: REFRIGERATED }
    products {
      name: "vaccine"
      gtin: "09506000134352"
      storage_class: REFRIGERATED
      stability_budget: "72h"
      units_per_case: 20
      cases_per_pallet: 40
    }
    suppliers { name: "maker" gln: "4006381000009" company_prefix: "4006381" }
    lanes {
      name: "road"
      supplier: "maker"
      transit_time { shape: TRIANGULAR min: "12h" mode: "1d" max: "2d" }
      exposure_mean_c: 5
      exposure_sigma_c: 1.5
    }
    inbound {
      name: "daily"
      lane: "road"
      departs: "0s"
      repeat_every: "1d"
      lines { product: "vaccine" lot: "N1" expiry: "2029-01-31" pallets: 10 }
    }
    staff {
      receivers {
        count: 4
        shifts { start: "06:00" end: "14:00" }
        shifts { start: "14:00" end: "22:00" }
        task_time { shape: EXPONENTIAL mean: "20m" }
      }
      pickers {
        count: 10
        shifts { start: "06:00" end: "22:00" }
        task_time { shape: EXPONENTIAL mean: "4m" }
      }
      qa_reviewers {
        count: 2
        shifts {
          start: "08:00"
          end: "17:00"
          days: [ 1, 2, 3, 4, 5 ]
        }
      }
    }
  )pb";
  for (int l = 0; l < 50; ++l)
    text += "stock { product: \"vaccine\" lot: \"A" + std::to_string(l) + "\" expiry: \"2028-0" +
            std::to_string(1 + l % 9) + "-15\" zone: \"cold\" quantity: 20000 }\n";
  for (int p = 0; p < 20; ++p)
    text += "pharmacies { name: \"ph" + std::to_string(p) +
            "\" gln: \"0614141000012\" due_within: \"1d\" demand { product: \"vaccine\" "
            "orders_per_day: 60 order_units { shape: GEOMETRIC mean: 12 } } }\n";
  scenario::Scenario s;
  google::protobuf::TextFormat::ParseFromString(text, &s);
  for (auto _ : state) {
    int argc = 2;
    const char* argv_const[] = {"bench", "--log=root.thresh:critical", nullptr};
    simgrid::s4u::Engine engine(&argc, const_cast<char**>(argv_const));
    auto* zone = simgrid::s4u::create_full_zone("site");
    auto* host = zone->create_host("h", 1e9)->seal();
    zone->seal();
    RandomStreams streams(3);
    WorldServices services;
    services.random = &streams;
    services.host = host;
    Operations ops(s, services);
    ops.start();
    engine.run();
    OperationsStats st = ops.stats();
    state.counters["packs"] = double(ops.stock().pack_count());
    state.counters["orders"] = double(st.lines_ordered);
    state.counters["units_shipped"] = double(st.units_shipped);
    state.counters["fill_rate"] = st.fill_rate();
    state.counters["stock_MiB"] = double(ops.stock().memory_bytes()) / (1024.0 * 1024.0);
    state.counters["peak_rss_MiB"] = status_mib("VmHWM:");
  }
}
BENCHMARK(BM_ThirtyDaysWithMillionPacks)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace pharmatwin::sim
