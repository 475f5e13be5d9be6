// What the string fields of the scenario schema hold (durations, date-times, dates, times of
// day, GS1 identifiers), so a value of the wrong JSON or text type gets an error that says how
// to write it.
//
//   string_hint(string_kind(Fault.duration))  ->  "durations are strings like \"30min\", ..."
#pragma once

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>

namespace pharmatwin::scenarios {

enum class StringKind { kText, kDuration, kDateTime, kDate, kTimeOfDay, kDigits };

// What `field` (a string field of the scenario schema) holds.
StringKind string_kind(const google::protobuf::FieldDescriptor* field);

// The same by field name alone (text-format parse errors name no message): the kind every
// string field of that name shares in the schema, kText when they differ or there is none.
StringKind string_kind(std::string_view field_name);

// How such a value is written, e.g. "durations are strings like \"30min\", \"90s\", \"2h\"".
std::string string_hint(StringKind kind);

}  // namespace pharmatwin::scenarios
