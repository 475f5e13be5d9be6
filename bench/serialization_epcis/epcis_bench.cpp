// Throughput of the EPCIS 2.0 code in events per second (items_per_second).
//   BM_ReadDocument     JSON text -> Events (parse + conversion), the ingestion front end, on
//                       the fast (simdjson) and the located (nlohmann) path
//   BM_StreamDocument   JSON text -> each Event to a consumer (read_epcis_events), no vector
//   BM_WriteDocument    Events -> JSON text, with CBV 2.0 hash ids assigned
//   BM_EventHashId      one event's hash id from an Event
//   BM_BusinessRules    the document-level rules over read Events
//   BM_SchemaValidate   GS1 JSON Schema validation (only when the schema file is found)
//   BM_FindDuplicateKey the duplicate-key scan every read makes (json_keys.hpp), on its own
#include <benchmark/benchmark.h>

#include "pharmatwin/serialization/epcis_hash.hpp"
#include "pharmatwin/serialization/epcis_reader.hpp"
#include "pharmatwin/serialization/epcis_rules.hpp"
#include "pharmatwin/serialization/epcis_sample.hpp"
#include "pharmatwin/serialization/epcis_schema.hpp"
#include "pharmatwin/serialization/epcis_writer.hpp"
#include "pharmatwin/serialization/json_keys.hpp"

namespace {

using namespace pharmatwin::serialization;

std::vector<Event> sample(std::size_t cases) {
  EpcisSampleSpec spec;
  spec.cases = cases;
  spec.packs_per_case = 12;
  return epcis_sample_events(spec);
}

// Args: cases (18 events each at 12 packs per case; 5556 cases = 100 008 events), indent of the
// text (0 = compact, 2 = as `pharmatwin epcis sample` writes it), path (0 = fast simdjson path,
// 1 = located nlohmann path that keeps the document), free_untimed (1 = the events are freed
// outside the timed region).
void BM_ReadDocument(benchmark::State& state) {
  const auto events = sample(static_cast<std::size_t>(state.range(0)));
  const int indent = state.range(1) != 0 ? static_cast<int>(state.range(1)) : -1;
  const std::string text = to_epcis_document(events, 0).dump(indent);
  EpcisReadOptions options;
  options.keep_document = state.range(2) != 0;
  const bool free_untimed = state.range(3) != 0;
  for (auto _ : state) {
    auto result = read_epcis_document(text, "bench", options);
    if (result.events.size() != events.size()) state.SkipWithError("events lost");
    benchmark::DoNotOptimize(result.events.data());
    if (free_untimed) {
      state.PauseTiming();  // freeing the events is the consumer's cost, not reading
      result = EpcisReadResult();
      state.ResumeTiming();
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
  state.counters["bytes_per_event"] = static_cast<double>(text.size()) / events.size();
}
BENCHMARK(BM_ReadDocument)
    ->ArgNames({"cases", "indent", "located", "free_untimed"})
    ->Args({5556, 0, 0, 0})
    ->Args({5556, 2, 0, 0})
    ->Args({5556, 0, 0, 1})
    ->Args({100, 0, 0, 0})
    ->Args({5556, 0, 1, 0})
    ->Unit(benchmark::kMillisecond);

// The duplicate-key scan alone, on the document of BM_ReadDocument/5556 (compact).
void BM_FindDuplicateKey(benchmark::State& state) {
  const std::string text = to_epcis_document(sample(5556), 0).dump();
  for (auto _ : state) benchmark::DoNotOptimize(find_duplicate_key(text));
  state.SetItemsProcessed(state.iterations() * 100008);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_FindDuplicateKey)->Unit(benchmark::kMillisecond);

// The ingestion front end: JSON text -> each Event handed to a consumer, no event vector kept.
// Args: cases, indent (as BM_ReadDocument).
void BM_StreamDocument(benchmark::State& state) {
  const auto events = sample(static_cast<std::size_t>(state.range(0)));
  const int indent = state.range(1) != 0 ? static_cast<int>(state.range(1)) : -1;
  const std::string text = to_epcis_document(events, 0).dump(indent);
  for (auto _ : state) {
    std::size_t seen = 0, epcs = 0;
    read_epcis_events(text, "bench", [&](const Event& event, std::size_t) {
      ++seen;
      epcs += event.epcs.size();
    });
    if (seen != events.size()) state.SkipWithError("events lost");
    benchmark::DoNotOptimize(epcs);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}
BENCHMARK(BM_StreamDocument)
    ->ArgNames({"cases", "indent"})
    ->Args({5556, 0})
    ->Args({5556, 2})
    ->Unit(benchmark::kMillisecond);

void BM_WriteDocument(benchmark::State& state) {
  const auto events = sample(static_cast<std::size_t>(state.range(0)));
  EpcisWriteOptions options;
  options.assign_hash_ids = state.range(1) != 0;
  for (auto _ : state) {
    const std::string text = to_epcis_document(events, 0, options).dump();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_WriteDocument)->Args({2000, 1})->Args({2000, 0})->Unit(benchmark::kMillisecond);

void BM_EventHashId(benchmark::State& state) {
  const auto events = sample(10);
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(event_hash_id(events[i]));
    i = (i + 1) % events.size();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventHashId);

void BM_BusinessRules(benchmark::State& state) {
  const auto events = sample(2000);
  std::vector<std::size_t> index(events.size());
  for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
  for (auto _ : state) {
    auto issues = check_epcis_rules(events, index, "bench");
    benchmark::DoNotOptimize(issues.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_BusinessRules)->Unit(benchmark::kMillisecond);

void BM_SchemaValidate(benchmark::State& state) {
  const auto path = find_epcis_schema(std::nullopt);
  std::string error;
  const auto schema = path ? EpcisSchema::load(*path, error) : std::nullopt;
  if (!schema) {
    state.SkipWithError("EPCIS JSON Schema not found (run from the repository)");
    return;
  }
  const auto events = sample(100);
  const nlohmann::json doc = to_epcis_document(events, 0);
  for (auto _ : state) {
    auto issues = schema->validate(doc, "bench");
    benchmark::DoNotOptimize(issues.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events.size()));
}
BENCHMARK(BM_SchemaValidate)->Unit(benchmark::kMillisecond);

}  // namespace
