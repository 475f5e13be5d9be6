// The GS1 front end beyond single parses: loading the Barcode Syntax Dictionary, a long multi-AI
// element string, Digital Link generation, EPC URN <-> element string / Digital Link, and the
// company prefix table lookup.
#include <benchmark/benchmark.h>

#include <string>

#include "pharmatwin/serialization/digital_link.hpp"
#include "pharmatwin/serialization/epc_gs1.hpp"
#include "pharmatwin/serialization/gs1_company_prefix.hpp"
#include "pharmatwin/serialization/gs1_dictionary.hpp"
#include "pharmatwin/serialization/gs1_element_string.hpp"

namespace {

using namespace pharmatwin::serialization;

const Gs1ParseOptions kOptions{2026};

void BM_LoadDictionary(benchmark::State& state) {
  const auto path = find_gs1_dictionary();
  if (!path) {
    state.SkipWithError("no gs1-syntax-dictionary.txt");
    return;
  }
  for (auto _ : state) {
    auto dict = Gs1Dictionary::load(*path);
    if (!dict) state.SkipWithError(dict.error().to_string().c_str());
    benchmark::DoNotOptimize(dict);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_LoadDictionary)->Unit(benchmark::kMillisecond);

// Twelve AIs: GTIN, dates, a date range, weight, count, variant, lot, serial, ship-to, price,
// origin.
void BM_ParseLongElementString(benchmark::State& state) {
  const std::string data =
      "]C1010950600013435211260115"
      "17271231"
      "3103000195"
      "30120^"
      "24212^"
      "7007260101260131^"
      "10LOT-2026-ABCDEF^"
      "21SERIAL0123456789^"
      "4100614141000012"
      "3922199"
      "^422250";
  if (!parse_element_string(data, kOptions)) {
    state.SkipWithError(parse_element_string(data, kOptions).error().to_string().c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(parse_element_string(data, kOptions));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseLongElementString);

void BM_MakeDigitalLink(benchmark::State& state) {
  const auto es =
      parse_element_string("]d2010950600013435217271231109AB12^21XYZ123", kOptions).value();
  for (auto _ : state) benchmark::DoNotOptimize(to_digital_link(es, kCanonicalDigitalLinkDomain));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_MakeDigitalLink);

void BM_ParseDigitalLinkCustomStem(benchmark::State& state) {
  const std::string uri =
      "HTTPS://Example.COM/products/01/09506000134352/10/9AB12/21/A%2FB?3103=000195&17=271231";
  for (auto _ : state) benchmark::DoNotOptimize(parse_digital_link(uri, kOptions));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseDigitalLinkCustomStem);

void BM_EpcUrnToDigitalLink(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(epc_to_digital_link("urn:epc:id:sgtin:0614141.812345.6789",
                                                 kCanonicalDigitalLinkDomain, kOptions));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_EpcUrnToDigitalLink);

void BM_ElementStringToEpcUrn(benchmark::State& state) {
  const auto es = parse_element_string("(01)80614141123458(21)6789", kOptions).value();
  for (auto _ : state) benchmark::DoNotOptimize(element_string_to_epc(es, 7, kOptions));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ElementStringToEpcUrn);

// The same through a table of 100 000 ranges (seven- to ten-digit prefixes).
void BM_ElementStringToEpcUrnWithTable(benchmark::State& state) {
  std::string text = "0614141 7\n";
  for (int i = 0; i < 100000; ++i) {
    const int digits = 7 + i % 4;
    std::string prefix = std::to_string(1000000000LL + i * 7919LL).substr(0, digits);
    prefix[0] = '5';
    text += prefix + " " + std::to_string(digits) + "\n";
  }
  const auto table = CompanyPrefixTable::parse(text);
  if (!table) {
    state.SkipWithError(table.error().to_string().c_str());
    return;
  }
  const auto es = parse_element_string("(01)80614141123458(21)6789", kOptions).value();
  for (auto _ : state) benchmark::DoNotOptimize(element_string_to_epc(es, *table, kOptions));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ElementStringToEpcUrnWithTable);

}  // namespace
