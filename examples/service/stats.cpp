#include "stats.h"

#include "http_util.h"

#include <algorithm>
#include <sstream>

namespace notes {

void Stats::record(const std::string &route, int status,
                   std::chrono::microseconds elapsed) {
  const auto us = static_cast<std::uint64_t>(std::max<long long>(0, elapsed.count()));
  std::lock_guard<std::mutex> lock(mu_);
  Route &r = routes_[route];
  ++r.requests;
  if (status >= 500) {
    ++r.server_errors;
  }
  r.total_us += us;
  r.max_us = std::max(r.max_us, us);
}

void Stats::record_rejected() {
  rejected_.fetch_add(1, std::memory_order_relaxed);
}

std::string Stats::to_json(const std::string &extra) const {
  std::map<std::string, Route> snapshot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    snapshot = routes_;
  }

  std::ostringstream out;
  out << "{\"rejected\":" << rejected_.load(std::memory_order_relaxed);
  if (!extra.empty()) {
    out << "," << extra;
  }
  out << ",\"routes\":{";
  bool first = true;
  for (const auto &[name, r] : snapshot) {
    out << (first ? "" : ",") << json_string(name) << ":{"
        << "\"requests\":" << r.requests
        << ",\"server_errors\":" << r.server_errors
        << ",\"avg_us\":" << (r.requests ? r.total_us / r.requests : 0)
        << ",\"max_us\":" << r.max_us << "}";
    first = false;
  }
  out << "}}";
  return out.str();
}

} // namespace notes
