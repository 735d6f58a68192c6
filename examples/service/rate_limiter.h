// Per-client token-bucket rate limiting for incoming requests.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace notes {

class RateLimiter {
public:
  using Clock = std::chrono::steady_clock;

  struct Admission {
    bool allowed;
    std::chrono::seconds retry_after; // meaningful only when !allowed
  };

  // `rate` tokens per second are added to each client's bucket, which holds
  // at most `burst` tokens. Every admitted request consumes one token.
  RateLimiter(double rate, double burst);

  Admission admit(const std::string &client);

  std::size_t tracked_clients() const;

private:
  struct Bucket {
    double tokens;
    Clock::time_point last_refill;
  };

  void refill(Bucket &bucket, Clock::time_point now) const;
  std::chrono::seconds retry_after(const Bucket &bucket) const;

  const double rate_;
  const double burst_;

  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

} // namespace notes
