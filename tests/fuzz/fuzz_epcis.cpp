// Fuzzes the EPCIS 2.0 reader, the business rules and the event hash over arbitrary bytes.
// Bounded: input capped at 256 KiB and nesting at 32 levels, so neither memory nor time can run
// away; every outcome must be a result, never a crash.
//
// Differential: every input is read by the fast path (simdjson), streamed event by event, and
// read by the located-diagnostics path (nlohmann, keep_document); all must give the same events
// and issues.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

#include "pharmatwin/serialization/epcis_hash.hpp"
#include "pharmatwin/serialization/epcis_reader.hpp"
#include "pharmatwin/serialization/epcis_rules.hpp"

namespace {

using namespace pharmatwin::serialization;

bool same_issues(const std::vector<EpcisIssue>& a, const std::vector<EpcisIssue>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].to_string() != b[i].to_string()) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  EpcisReadOptions options;
  options.max_bytes = 256 * 1024;
  options.max_depth = 32;
  options.max_events = 10000;
  const EpcisReadResult fast = read_epcis_document(text, "fuzz", options);
  std::vector<Event> streamed;
  std::vector<std::size_t> streamed_index;
  const EpcisReadResult stream = read_epcis_events(
      text, "fuzz",
      [&](const Event& event, std::size_t index) {
        streamed.push_back(event);
        streamed_index.push_back(index);
      },
      options);
  options.keep_document = true;
  const EpcisReadResult result = read_epcis_document(text, "fuzz", options);
  if (streamed != fast.events || streamed_index != fast.event_index ||
      !same_issues(stream.issues, fast.issues) || !stream.events.empty()) {
    std::fprintf(stderr, "streamed and read EPCIS events disagree\n");
    __builtin_trap();
  }
  if (fast.is_json != result.is_json || fast.events != result.events ||
      fast.event_index != result.event_index ||
      fast.event_list_pointer != result.event_list_pointer ||
      !same_issues(fast.issues, result.issues)) {
    std::fprintf(stderr, "fast and located EPCIS readers disagree (json %d/%d, events %zu/%zu)\n",
                 fast.is_json, result.is_json, fast.events.size(), result.events.size());
    for (const auto& issue : fast.issues)
      std::fprintf(stderr, "fast: %s\n", issue.to_string().c_str());
    for (const auto& issue : result.issues)
      std::fprintf(stderr, "located: %s\n", issue.to_string().c_str());
    __builtin_trap();
  }
  check_epcis_rules(result.events, result.event_index, "fuzz", result.event_list_pointer);
  if (result.document.is_object()) {
    const auto namespaces =
        namespaces_from_context(result.document.value("@context", nlohmann::json()));
    const auto body = result.document.find("epcisBody");
    if (body != result.document.end() && body->is_object()) {
      const auto list = body->find("eventList");
      if (list != body->end() && list->is_array()) {
        for (const auto& event : *list) event_hash_id(event, namespaces);
      }
    }
  }
  for (const auto& event : result.events) event_hash_id(event);
  for (const auto& issue : result.issues) (void)issue.to_string();
  return 0;
}
