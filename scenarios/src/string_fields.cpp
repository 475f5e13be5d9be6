#include "string_fields.hpp"

#include <map>
#include <optional>
#include <utility>

#include "pharmatwin/scenario.pb.h"

namespace pharmatwin::scenarios {

namespace gpb = google::protobuf;

namespace {

// (message, field) -> kind for every string field that is not free text. Keep in step with
// scenario.proto and validate.cpp.
const std::map<std::pair<std::string, std::string>, StringKind>& kinds() {
  static const std::map<std::pair<std::string, std::string>, StringKind> table = {
      {{"Run", "start"}, StringKind::kDateTime},
      {{"Run", "horizon"}, StringKind::kDuration},
      {{"Site", "gln"}, StringKind::kDigits},
      {{"Site", "company_prefix"}, StringKind::kDigits},
      {{"Door", "open_time"}, StringKind::kDuration},
      {{"Ambient", "daily_peak"}, StringKind::kTimeOfDay},
      {{"BackupPower", "start_delay"}, StringKind::kDuration},
      {{"Sensor", "sample_interval"}, StringKind::kDuration},
      {{"Sensor", "calibration_date"}, StringKind::kDate},
      {{"Sensor", "calibration_interval"}, StringKind::kDuration},
      {{"Product", "gtin"}, StringKind::kDigits},
      {{"Product", "stability_budget"}, StringKind::kDuration},
      {{"Lot", "expiry"}, StringKind::kDate},
      {{"DurationDistribution", "mean"}, StringKind::kDuration},
      {{"DurationDistribution", "min"}, StringKind::kDuration},
      {{"DurationDistribution", "max"}, StringKind::kDuration},
      {{"DurationDistribution", "mode"}, StringKind::kDuration},
      {{"DurationDistribution", "stddev"}, StringKind::kDuration},
      {{"Supplier", "gln"}, StringKind::kDigits},
      {{"Supplier", "company_prefix"}, StringKind::kDigits},
      {{"ShipmentLine", "expiry"}, StringKind::kDate},
      {{"InboundShipment", "departs"}, StringKind::kDuration},
      {{"InboundShipment", "repeat_every"}, StringKind::kDuration},
      {{"Pharmacy", "gln"}, StringKind::kDigits},
      {{"Pharmacy", "due_within"}, StringKind::kDuration},
      {{"Shift", "start"}, StringKind::kTimeOfDay},
      {{"Shift", "end"}, StringKind::kTimeOfDay},
      {{"ChannelFault", "delay"}, StringKind::kDuration},
      {{"ChannelFault", "reorder_window"}, StringKind::kDuration},
      {{"Fault", "start"}, StringKind::kDuration},
      {{"Fault", "duration"}, StringKind::kDuration},
      {{"FaultDetected", "within"}, StringKind::kDuration},
      {{"Recall", "at"}, StringKind::kDuration},
      {{"Expectations", "max_recall_time_to_block"}, StringKind::kDuration},
  };
  return table;
}

}  // namespace

StringKind string_kind(const gpb::FieldDescriptor* field) {
  if (!field || field->type() != gpb::FieldDescriptor::TYPE_STRING) return StringKind::kText;
  auto it = kinds().find({field->containing_type()->name(), field->name()});
  return it == kinds().end() ? StringKind::kText : it->second;
}

StringKind string_kind(std::string_view field_name) {
  // Every string field of that name in the schema, whatever its message.
  const gpb::FileDescriptor* file = scenario::Scenario::descriptor()->file();
  std::optional<StringKind> shared;
  for (int m = 0; m < file->message_type_count(); ++m) {
    const gpb::FieldDescriptor* field =
        file->message_type(m)->FindFieldByName(std::string(field_name));
    if (!field || field->type() != gpb::FieldDescriptor::TYPE_STRING) continue;
    const StringKind kind = string_kind(field);
    if (shared && *shared != kind) return StringKind::kText;
    shared = kind;
  }
  return shared.value_or(StringKind::kText);
}

std::string string_hint(StringKind kind) {
  switch (kind) {
    case StringKind::kDuration:
      return "durations are strings like \"30min\", \"90s\", \"2h\", \"1h30m\" (units ms, s, m or "
             "min, h, d, w)";
    case StringKind::kDateTime:
      return "date-times are RFC 3339 UTC strings like \"2026-01-05T00:00:00Z\"";
    case StringKind::kDate:
      return "dates are strings like \"2027-06-30\"";
    case StringKind::kTimeOfDay:
      return "times of day are strings like \"06:00\"";
    case StringKind::kDigits:
      return "GS1 identifiers are strings of digits in quotes (leading zeros count)";
    case StringKind::kText:
      break;
  }
  return "this field is a string: write it in quotes";
}

}  // namespace pharmatwin::scenarios
