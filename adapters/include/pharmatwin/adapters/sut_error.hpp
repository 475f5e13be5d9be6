// The error an external system under test causes: it could not be started or reached, it
// crashed, hung past its timeout, broke the protocol or reported an error itself.
//
// Ports have no error return (they are called from the simulation's hot loop), so bindings to
// external systems throw SutError. The run command catches it after flushing what the run
// already recorded (event log, outputs), prints what() and exits with kExitFailed.
#pragma once

#include <stdexcept>
#include <string>

namespace pharmatwin::adapters {

enum class SutErrorKind {
  kStartFailed,    // the program could not be started / the address not reached
  kCrashed,        // the program exited or closed the connection
  kTimeout,        // no answer within the timeout
  kMalformed,      // a frame that does not parse or a message with invalid fields
  kProtocol,       // a well-formed message out of place (wrong type, wrong seq, version)
  kReported,       // the system sent an Error message
};

const char* to_string(SutErrorKind kind);

class SutError : public std::runtime_error {
 public:
  SutError(SutErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  SutErrorKind kind() const { return kind_; }

 private:
  SutErrorKind kind_;
};

}  // namespace pharmatwin::adapters
