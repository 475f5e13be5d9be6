// A located finding about an EPCIS document: which file, which JSON value (JSON pointer and,
// inside the event list, the event index), which line and column, and what is wrong.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pharmatwin::serialization {

enum class IssueSeverity { kError, kWarning };

struct EpcisIssue {
  IssueSeverity severity = IssueSeverity::kError;
  std::string file;
  std::string pointer;     // JSON pointer, "/epcisBody/eventList/3/eventTime"; "" = whole text
  int event_index = -1;    // index in epcisBody.eventList, -1 outside any event
  std::size_t line = 0;    // 1-based; 0 when unknown
  std::size_t column = 0;  // 1-based, in bytes
  std::string rule;        // short rule id: "json-syntax", "schema", "cbv-unknown", ...
  std::string message;

  // "doc.jsonld:12:9: error: event 3 (/epcisBody/eventList/3/eventTime): ... [event-time]"
  std::string to_string() const;
};

bool has_errors(const std::vector<EpcisIssue>& issues);

// Byte offset of the value a JSON pointer names inside `json_text`, found by a light structural
// scan (no allocation per value); npos when the text does not contain it.
std::size_t locate_json_pointer(std::string_view json_text, std::string_view pointer);

// 1-based line and column of a byte offset.
void line_column_at(std::string_view text, std::size_t offset, std::size_t& line,
                    std::size_t& column);

// Fills line/column of the first `max_issues` issues that have a pointer but no line yet.
void locate_issues(std::string_view json_text, std::vector<EpcisIssue>& issues,
                   std::size_t max_issues = 500);

}  // namespace pharmatwin::serialization
