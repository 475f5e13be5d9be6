// Parsing speed of the GS1 front end (scanner strings, EPC URIs).
#include <benchmark/benchmark.h>

#include "pharmatwin/serialization/digital_link.hpp"
#include "pharmatwin/serialization/epc_uri.hpp"
#include "pharmatwin/serialization/gs1_element_string.hpp"

namespace {

using namespace pharmatwin::serialization;

void BM_ParseDataMatrix(benchmark::State& state) {
  const Gs1ParseOptions options{2026};
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        parse_element_string("]d2010950600013435217271231109AB12^21XYZ123", options));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseDataMatrix);

void BM_ParseSgtinUri(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_epc_uri("urn:epc:id:sgtin:0614141.812345.6789"));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseSgtinUri);

void BM_ParseDigitalLink(benchmark::State& state) {
  const Gs1ParseOptions options{2026};
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_digital_link(
        "https://id.gs1.org/01/09506000134352/10/9AB12/21/XYZ?17=271231", options));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseDigitalLink);

}  // namespace
