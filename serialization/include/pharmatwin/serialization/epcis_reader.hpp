// Reads EPCIS 2.0 JSON-LD documents (EPCISDocument, or an EPCISQueryDocument's results) into
// Events, with located errors instead of exceptions.
//
// Two parsers, one conversion: by default the text is parsed with simdjson (about 1 M events/s
// end to end, see docs/performance.md); when that parse fails for any reason (syntax, a number out
// of range, nesting, encoding) or the caller asks to keep the document, nlohmann::json parses it
// and reports the located problem. The JSON -> Event conversion is one template over both, so the
// events and issues are the same whichever parser ran.
//
// Bounded for untrusted input: documents larger than `max_bytes`, nested deeper than `max_depth`
// or holding more than `max_events` events are refused with an error, never a crash.
//
// Example:
//   EpcisReadResult r = read_epcis_document(text, "partner.jsonld");
//   for (const auto& issue : r.issues) std::cerr << issue.to_string() << "\n";
//   for (const auto& event : r.events) repository.ingest(event);
//   // or, streaming, without an event vector:
//   read_epcis_events(text, "partner.jsonld", [&](const Event& e, std::size_t) { ingest(e); });
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "pharmatwin/serialization/epcis_issue.hpp"
#include "pharmatwin/serialization/event.hpp"

namespace pharmatwin::serialization {

struct EpcisReadOptions {
  std::size_t max_bytes = std::size_t{512} << 20;  // 512 MiB
  std::size_t max_depth = 64;
  std::size_t max_events = 10'000'000;
  // Keep the parsed JSON in the result (for schema checks, hashing). Uses the nlohmann parser,
  // about ten times slower than the default.
  bool keep_document = false;
  bool locate_lines = true;  // compute line:column of issues (a scan of the text per issue)
};

struct EpcisReadResult {
  std::vector<Event> events;             // the events that could be read, in document order
  std::vector<std::size_t> event_index;  // for each of `events`, its index in the eventList
  std::string event_list_pointer;        // "/epcisBody/eventList" (or the query results' list)
  std::vector<EpcisIssue> issues;        // errors make the document invalid; warnings do not
  bool is_json = false;                  // the text parsed as JSON (false: see the issues)
  nlohmann::json document;               // with keep_document: the parsed document, else null

  bool ok() const { return !has_errors(issues); }
};

EpcisReadResult read_epcis_document(std::string_view json_text, const std::string& source_name,
                                    const EpcisReadOptions& options = {});

// Receives each event read, with its index in the eventList.
using EpcisEventSink = std::function<void(const Event& event, std::size_t index)>;

// The ingestion front end: reads like read_epcis_document but hands each event to `on_event` as
// soon as it is converted, without keeping them (the Event passed is reused for the next one).
// The result carries the issues, is_json and event_list_pointer; its events stay empty.
EpcisReadResult read_epcis_events(std::string_view json_text, const std::string& source_name,
                                  const EpcisEventSink& on_event,
                                  const EpcisReadOptions& options = {});

// Converts one JSON event object; issues are reported against `pointer` / `event_index`.
// Returns false (and adds errors) when the event cannot be represented.
bool read_epcis_event(const nlohmann::json& object, Event& event, const std::string& source_name,
                      const std::string& pointer, int event_index, std::vector<EpcisIssue>& issues);

}  // namespace pharmatwin::serialization
