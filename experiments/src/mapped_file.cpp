#include "mapped_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pharmatwin::experiments {

MappedFile::~MappedFile() {
  if (mapping_) munmap(mapping_, size_);
}

bool MappedFile::open(const std::filesystem::path& path, std::string* error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (error) *error = path.string() + ": cannot open the event log";
    return false;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    if (error) *error = path.string() + ": not a regular file";
    return false;
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ > 0) {
    void* p = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      size_ = 0;
      if (error) *error = path.string() + ": cannot map the event log";
      return false;
    }
    madvise(p, size_, MADV_SEQUENTIAL);
    mapping_ = p;
    data_ = static_cast<const std::uint8_t*>(p);
  }
  ::close(fd);
  return true;
}

}  // namespace pharmatwin::experiments
