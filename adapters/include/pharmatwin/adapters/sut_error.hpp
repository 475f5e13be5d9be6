// The error an external system under test causes: it could not be started or reached, it
// crashed, hung past its timeout, broke the protocol or reported an error itself.
//
// Ports have no error return (they are called from the simulation's hot loop), so bindings to
// external systems throw SutError. The world calls every port through a guard that catches it
// (errors never cross a SimGrid actor), stops the simulation at that instant and closes the
// event log with a RunEnd saying why; `run` then prints the error and exits with kExitFailed.
#pragma once

#include <stdexcept>
#include <string>

namespace pharmatwin::adapters {

enum class SutErrorKind {
  kStartFailed,  // the program could not be started / the address not reached
  kCrashed,      // the program exited or closed the connection
  kTimeout,      // no answer within the timeout
  kMalformed,    // a frame that does not parse or a message with invalid fields
  kProtocol,     // a well-formed message out of place (wrong type, wrong seq, version)
  kReported,     // the system sent an Error message
};

inline const char* to_string(SutErrorKind kind) {
  switch (kind) {
    case SutErrorKind::kStartFailed:
      return "start_failed";
    case SutErrorKind::kCrashed:
      return "crashed";
    case SutErrorKind::kTimeout:
      return "timeout";
    case SutErrorKind::kMalformed:
      return "malformed";
    case SutErrorKind::kProtocol:
      return "protocol";
    case SutErrorKind::kReported:
      return "reported";
  }
  return "unknown";
}

class SutError : public std::runtime_error {
 public:
  SutError(SutErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  SutErrorKind kind() const { return kind_; }

 private:
  SutErrorKind kind_;
};

}  // namespace pharmatwin::adapters
