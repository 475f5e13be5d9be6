// Test helpers for the operations half: SimGrid allows one engine per process, so every test that
// runs one does it in a forked child and gets its numbers back through a pipe.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <memory>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>
#include <string>
#include <vector>

namespace pharmatwin::sim::testing {

// What the operations tests' sites share: a hub with one refrigerated room, one vaccine (10 units
// per case, 4 cases per pallet, 48 h stability budget) and its maker. Tests put a `run` before it
// and their lanes, staff, stock and traffic after it (text format merges the parts).
inline constexpr const char* kHubColdRoomVaccine = R"pb(
  site { name: "hub" gln: "0614141000005" company_prefix: "0614141" }
  zones { name: "cold" storage_class: REFRIGERATED }
  products {
    name: "vaccine"
    gtin: "09506000134352"
    storage_class: REFRIGERATED
    stability_budget: "48h"
    units_per_case: 10
    cases_per_pallet: 4
  }
  suppliers { name: "maker" gln: "4006381000009" company_prefix: "4006381" }
)pb";

// Runs `body` in a child process; returns what it returned, or nullopt-like empty + ok=false.
inline bool run_in_child(const std::function<std::vector<double>()>& body,
                         std::vector<double>& out) {
  int fds[2];
  if (pipe(fds) != 0) return false;
  pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) {
    close(fds[0]);
    std::vector<double> values = body();
    std::size_t n = values.size();
    bool ok = write(fds[1], &n, sizeof n) == ssize_t(sizeof n);
    if (n > 0)
      ok = ok && write(fds[1], values.data(), n * sizeof(double)) == ssize_t(n * sizeof(double));
    _exit(ok ? 0 : 3);
  }
  close(fds[1]);
  std::size_t n = 0;
  bool ok = read(fds[0], &n, sizeof n) == ssize_t(sizeof n);
  out.assign(ok ? n : 0, 0.0);
  std::size_t got = 0;
  while (ok && got < n * sizeof(double)) {
    ssize_t r = read(fds[0], reinterpret_cast<char*>(out.data()) + got, n * sizeof(double) - got);
    if (r <= 0)
      ok = false;
    else
      got += std::size_t(r);
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// A SimGrid engine with one host, for use inside run_in_child.
struct OneHostEngine {
  std::unique_ptr<simgrid::s4u::Engine> engine;
  simgrid::s4u::Host* host = nullptr;
  OneHostEngine() {
    int argc = 2;
    const char* argv_const[] = {"operations_test", "--log=root.thresh:critical", nullptr};
    char** argv = const_cast<char**>(argv_const);
    engine = std::make_unique<simgrid::s4u::Engine>(&argc, argv);
    auto* zone = simgrid::s4u::create_full_zone("site");
    host = zone->create_host("site-host", 1e9)->seal();
    zone->seal();
  }
};

}  // namespace pharmatwin::sim::testing
