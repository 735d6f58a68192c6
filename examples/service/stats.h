// Request counters and latencies per route, exported as JSON on /stats.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace notes {

class Stats {
public:
  void record(const std::string &route, int status,
              std::chrono::microseconds elapsed);
  void record_rejected();

  // `extra` is spliced into the top-level object verbatim (already JSON).
  std::string to_json(const std::string &extra) const;

private:
  struct Route {
    std::uint64_t requests = 0;
    std::uint64_t server_errors = 0;
    std::uint64_t total_us = 0;
    std::uint64_t max_us = 0;
  };

  std::atomic<std::uint64_t> rejected_{0};

  mutable std::mutex mu_;
  std::map<std::string, Route> routes_;
};

} // namespace notes
