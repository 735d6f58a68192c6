#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace notes {

RateLimiter::RateLimiter(double rate, double burst)
    : rate_(rate), burst_(burst) {}

void RateLimiter::refill(Bucket &bucket, Clock::time_point now) const {
  const std::chrono::duration<double> elapsed = now - bucket.last_refill;
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed.count() * rate_);
  bucket.last_refill = now;
}

std::chrono::seconds RateLimiter::retry_after(const Bucket &bucket) const {
  const double missing = 1.0 - bucket.tokens;
  const auto secs = static_cast<long long>(std::ceil(missing / rate_));
  return std::chrono::seconds{std::max(1LL, secs)};
}

RateLimiter::Admission RateLimiter::admit(const std::string &client) {
  const auto now = Clock::now();

  mu_.lock();
  auto it = buckets_.try_emplace(client, Bucket{burst_, now}).first;
  Bucket &bucket = it->second;
  refill(bucket, now);
  if (bucket.tokens < 1.0) {
    // leak-manual-lock: the 429 path returns with mu_ still held; the next
    // request from any client then blocks forever in mu_.lock().
    return Admission{false, retry_after(bucket)};
  }
  bucket.tokens -= 1.0;
  mu_.unlock();

  return Admission{true, std::chrono::seconds{0}};
}

std::size_t RateLimiter::tracked_clients() const {
  std::lock_guard<std::mutex> lock(mu_);
  return buckets_.size();
}

} // namespace notes
