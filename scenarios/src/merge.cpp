#include "merge.hpp"

#include <memory>
#include <string>
#include <vector>

#include "locations.hpp"

namespace pharmatwin::scenarios {

namespace gpb = google::protobuf;

namespace {

void set_scalar(const gpb::Message& overlay, gpb::Message& base,
                const gpb::FieldDescriptor* field) {
  const auto* from = overlay.GetReflection();
  auto* to = base.GetReflection();
  switch (field->cpp_type()) {
    case gpb::FieldDescriptor::CPPTYPE_INT32:
      to->SetInt32(&base, field, from->GetInt32(overlay, field));
      break;
    case gpb::FieldDescriptor::CPPTYPE_INT64:
      to->SetInt64(&base, field, from->GetInt64(overlay, field));
      break;
    case gpb::FieldDescriptor::CPPTYPE_UINT32:
      to->SetUInt32(&base, field, from->GetUInt32(overlay, field));
      break;
    case gpb::FieldDescriptor::CPPTYPE_UINT64:
      to->SetUInt64(&base, field, from->GetUInt64(overlay, field));
      break;
    case gpb::FieldDescriptor::CPPTYPE_DOUBLE:
      to->SetDouble(&base, field, from->GetDouble(overlay, field));
      break;
    case gpb::FieldDescriptor::CPPTYPE_FLOAT:
      to->SetFloat(&base, field, from->GetFloat(overlay, field));
      break;
    case gpb::FieldDescriptor::CPPTYPE_BOOL:
      to->SetBool(&base, field, from->GetBool(overlay, field));
      break;
    case gpb::FieldDescriptor::CPPTYPE_ENUM:
      to->SetEnumValue(&base, field, from->GetEnumValue(overlay, field));
      break;
    case gpb::FieldDescriptor::CPPTYPE_STRING:
      to->SetString(&base, field, from->GetString(overlay, field));
      break;
    case gpb::FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
}

void merge_repeated(const gpb::Message& overlay, gpb::Message& base,
                    const gpb::FieldDescriptor* field, const LocationMap* written,
                    const std::string& path) {
  const auto* from = overlay.GetReflection();
  auto* to = base.GetReflection();
  if (field->cpp_type() != gpb::FieldDescriptor::CPPTYPE_MESSAGE) {
    // Repeated scalars are replaced: a list given again is the whole new list.
    // Merge a copy of the overlay that holds only this field: MergeFrom appends it.
    to->ClearField(&base, field);
    std::unique_ptr<gpb::Message> only(overlay.New());
    only->CopyFrom(overlay);
    std::vector<const gpb::FieldDescriptor*> others;
    only->GetReflection()->ListFields(*only, &others);
    for (const auto* other : others) {
      if (other != field) only->GetReflection()->ClearField(only.get(), other);
    }
    base.MergeFrom(*only);
    return;
  }
  const int count = from->FieldSize(overlay, field);
  for (int i = 0; i < count; ++i) {
    const auto& element = from->GetRepeatedMessage(overlay, field, i);
    gpb::Message* target = nullptr;
    if (const std::string key = element_name(element); !key.empty()) {
      for (int j = 0; j < to->FieldSize(base, field); ++j) {
        auto* candidate = to->MutableRepeatedMessage(&base, field, j);
        if (element_name(*candidate) == key) {
          target = candidate;
          break;
        }
      }
    }
    if (target) {
      merge_by_name(element, *target, written,
                    path + field->name() + "[" + element_name(element) + "].");
    } else {
      to->AddMessage(&base, field)->CopyFrom(element);
    }
  }
}

}  // namespace

void merge_by_name(const gpb::Message& overlay, gpb::Message& base, const LocationMap* written,
                   const std::string& path) {
  const auto* from = overlay.GetReflection();
  auto* to = base.GetReflection();
  std::vector<const gpb::FieldDescriptor*> fields;
  from->ListFields(overlay, &fields);
  for (const auto* field : fields) {
    if (field->is_repeated()) {
      merge_repeated(overlay, base, field, written, path);
    } else if (field->cpp_type() == gpb::FieldDescriptor::CPPTYPE_MESSAGE) {
      // A oneof switching to another case drops the base's case, as a fresh setting would.
      merge_by_name(from->GetMessage(overlay, field), *to->MutableMessage(&base, field), written,
                    path + field->name() + ".");
    } else {
      set_scalar(overlay, base, field);
    }
  }
  if (!written) return;
  // Scalars written with their default value: not listed above, but given all the same.
  const auto* descriptor = overlay.GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    if (field->is_repeated() || field->cpp_type() == gpb::FieldDescriptor::CPPTYPE_MESSAGE)
      continue;
    if (from->HasField(overlay, field)) continue;  // set, or not default: merged above
    if (written->written(path + field->name())) set_scalar(overlay, base, field);
  }
}

}  // namespace pharmatwin::scenarios
