// Fix-rate cases for leak-manual-lock: a connection registry, a rate
// limiter, a metrics sink and a job queue, locked by hand.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

struct Bucket {
  double tokens = 10.0;
  int64_t refilled_at = 0;
};

int64_t now_ms();
void log_line(const std::string &line);
void refill(Bucket &bucket, int64_t now);

class RateLimiter {
public:
  // An early return in the middle of the locked region.
  bool admit(const std::string &client) {
    mu_.lock(); // FINDING: leak-manual-lock
    Bucket &bucket = buckets_[client];
    refill(bucket, now_ms());
    if (bucket.tokens < 1.0)
      return false;
    bucket.tokens -= 1.0;
    mu_.unlock();
    return true;
  }

  // Statements after the unlock that must run without the lock.
  void reset(const std::string &client) {
    mu_.lock(); // FINDING: leak-manual-lock
    auto it = buckets_.find(client);
    if (it == buckets_.end())
      return;
    it->second.tokens = 10.0;
    mu_.unlock();
    log_line("reset " + client);
  }

  // A throwing call inside the region.
  double tokens(const std::string &client) {
    mu_.lock(); // FINDING: leak-manual-lock
    double left = buckets_.at(client).tokens;
    mu_.unlock();
    return left;
  }

private:
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

class ConfigStore {
public:
  // A reader lock with an early return.
  std::string get(const std::string &key) {
    mu_.lock_shared(); // FINDING: leak-manual-lock
    auto it = values_.find(key);
    if (it == values_.end())
      return std::string();
    std::string value = it->second;
    mu_.unlock_shared();
    return value;
  }

  // A writer lock, early return with a log line after the region.
  bool set(const std::string &key, const std::string &value) {
    mu_.lock(); // FINDING: leak-manual-lock
    if (value.size() > 4096)
      return false;
    values_[key] = value;
    version_++;
    mu_.unlock();
    log_line("config changed: " + key);
    return true;
  }

private:
  std::shared_mutex mu_;
  std::map<std::string, std::string> values_;
  uint64_t version_ = 0;
};

struct Job {
  int id;
  std::string payload;
};

class JobQueue {
public:
  // Waits on a condition variable with the mutex held.
  Job pop() {
    mu_.lock(); // FINDING: leak-manual-lock
    while (jobs_.empty())
      cv_.wait(mu_);
    Job job = jobs_.front();
    jobs_.pop_front();
    mu_.unlock();
    return job;
  }

  // A throw inside the region.
  void push(Job job) {
    mu_.lock(); // FINDING: leak-manual-lock
    if (jobs_.size() > 1000)
      throw std::runtime_error("queue full");
    jobs_.push_back(std::move(job));
    mu_.unlock();
    cv_.notify_one();
  }

  // A loop with a continue that leaves the lock held.
  int drain(std::vector<Job> &out, int max) {
    int taken = 0;
    for (int i = 0; i < max; ++i) {
      mu_.lock(); // FINDING: leak-manual-lock
      if (jobs_.empty())
        continue;
      out.push_back(jobs_.front());
      jobs_.pop_front();
      mu_.unlock();
      ++taken;
    }
    return taken;
  }

private:
  std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<Job> jobs_;
};

class Metrics {
public:
  // A return from a loop under the lock, then work after the region.
  void record(const std::vector<std::pair<std::string, double>> &samples) {
    mu_.lock(); // FINDING: leak-manual-lock
    for (const auto &sample : samples) {
      if (sample.second < 0)
        return;
      sums_[sample.first] += sample.second;
    }
    mu_.unlock();
    log_line("recorded");
  }

  // A declaration in the region used after the unlock.
  void flush() {
    mu_.lock(); // FINDING: leak-manual-lock
    std::map<std::string, double> snapshot = sums_;
    if (snapshot.empty())
      return;
    sums_.clear();
    mu_.unlock();
    for (const auto &entry : snapshot)
      log_line(entry.first);
  }

private:
  std::mutex mu_;
  std::map<std::string, double> sums_;
};

class SessionTable {
public:
  // Early unlock in a nested block with a side-effect return.
  int touch(int id) {
    mu_.lock(); // FINDING: leak-manual-lock
    auto it = last_seen_.find(id);
    if (it == last_seen_.end()) {
      mu_.unlock();
      log_line("unknown session");
      return -1;
    }
    it->second = now_ms();
    mu_.unlock();
    return 0;
  }

private:
  std::recursive_mutex mu_;
  std::unordered_map<int, int64_t> last_seen_;
};
