// Fuzzes the EPCIS 2.0 reader, the business rules and the event hash over arbitrary bytes.
// Bounded: input capped at 256 KiB and nesting at 32 levels, so neither memory nor time can run
// away; every outcome must be a result, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pharmatwin/serialization/epcis_hash.hpp"
#include "pharmatwin/serialization/epcis_reader.hpp"
#include "pharmatwin/serialization/epcis_rules.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pharmatwin::serialization;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  EpcisReadOptions options;
  options.max_bytes = 256 * 1024;
  options.max_depth = 32;
  options.max_events = 10000;
  const EpcisReadResult result = read_epcis_document(text, "fuzz", options);
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
