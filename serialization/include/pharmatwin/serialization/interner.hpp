// Maps strings (lots, locations, long serials) to small dense ids and back. Id 0 is never
// handed out, so 0 can mean "none" in packed records.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pharmatwin::serialization {

class Interner {
 public:
  Interner() { strings_.emplace_back(); }

  std::uint32_t intern(std::string_view text) {
    if (auto it = ids_.find(text); it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(strings_.size());
    strings_.emplace_back(text);
    ids_.emplace(std::string_view(strings_.back()), id);
    return id;
  }
  // 0 when unknown.
  std::uint32_t find(std::string_view text) const {
    const auto it = ids_.find(text);
    return it == ids_.end() ? 0 : it->second;
  }
  const std::string& text(std::uint32_t id) const { return strings_[id]; }
  std::size_t size() const { return strings_.size() - 1; }

 private:
  std::deque<std::string> strings_;  // stable addresses for the string_view keys
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

}  // namespace pharmatwin::serialization
