// A whole file mapped read-only into memory, so that an event log is parsed in place without
// being copied (a year of logged readings is hundreds of MB).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace pharmatwin::experiments {

class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // False with `error` when the file cannot be opened or mapped. An empty file maps to no bytes.
  bool open(const std::filesystem::path& path, std::string* error);
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  void* mapping_ = nullptr;
};

}  // namespace pharmatwin::experiments
