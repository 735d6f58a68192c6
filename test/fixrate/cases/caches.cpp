// Fix-rate cases for leak-unbounded-cache: request data kept in containers
// of program lifetime that only grow.
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

struct Profile {
  std::string name;
  int64_t quota = 0;
};

Profile load_profile(const std::string &user);
void send(const std::string &text);

namespace {
std::mutex cache_mu;
// A lookup cache keyed by the caller's user name.
std::unordered_map<std::string, Profile> profiles; // FINDING: leak-unbounded-cache
} // namespace

const Profile &profile_of(const std::string &user) {
  std::lock_guard<std::mutex> lock(cache_mu);
  auto it = profiles.find(user);
  if (it != profiles.end())
    return it->second;
  return profiles.emplace(user, load_profile(user)).first->second;
}

// An ordered map used as a cache, never iterated.
int64_t quota_of(const std::string &user) {
  static std::map<std::string, int64_t> quotas; // FINDING: leak-unbounded-cache
  auto it = quotas.find(user);
  if (it != quotas.end())
    return it->second;
  int64_t quota = load_profile(user).quota;
  quotas[user] = quota;
  return quota;
}

// A map keyed by integers, with count() and operator[].
int hits_for(int route) {
  static std::map<int, int> hits; // FINDING: leak-unbounded-cache
  return ++hits[route];
}

// The tokens seen, to refuse a replay.
bool first_use(const std::string &token) {
  static std::unordered_set<std::string> seen; // FINDING: leak-unbounded-cache
  if (seen.count(token))
    return false;
  seen.insert(token);
  return true;
}

// An ordered set of request ids.
bool mark_done(uint64_t request_id) {
  static std::set<uint64_t> done; // FINDING: leak-unbounded-cache
  return done.insert(request_id).second;
}

// An audit log that only grows.
void audit(const std::string &user, const std::string &action) {
  static std::vector<std::string> log; // FINDING: leak-unbounded-cache
  log.push_back(user + ": " + action);
}

// A deque of recent latencies.
void record_latency(double ms) {
  static std::deque<double> latencies; // FINDING: leak-unbounded-cache
  latencies.push_back(ms);
}

// A list of events, appended with emplace_back.
struct Event {
  int64_t at;
  std::string what;
};
void on_event(int64_t at, const std::string &what) {
  static std::list<Event> events; // FINDING: leak-unbounded-cache
  events.push_back(Event{at, what});
}

// A debug transcript appended to a string.
void trace(const std::string &line) {
  static std::string transcript; // FINDING: leak-unbounded-cache
  transcript += line;
  transcript += '\n';
}

// A singleton's member map.
class Registry {
public:
  static Registry &instance() {
    static Registry registry;
    return registry;
  }
  void remember(const std::string &key, int value) { values_[key] = value; }
  int lookup(const std::string &key) {
    auto it = values_.find(key);
    return it == values_.end() ? 0 : it->second;
  }

private:
  Registry() = default;
  std::unordered_map<std::string, int> values_; // FINDING: leak-unbounded-cache
};

// A vector read back by index and size.
std::string last_error(const std::string &error) {
  static std::vector<std::string> errors; // FINDING: leak-unbounded-cache
  errors.push_back(error);
  return errors.size() > 1 ? errors[errors.size() - 2] : std::string();
}

// A map that is iterated in key order to build a report.
std::string report_visit(const std::string &page) {
  static std::map<std::string, int> visits; // FINDING: leak-unbounded-cache
  visits[page]++;
  std::string out;
  for (const auto &entry : visits)
    out += entry.first + "=" + std::to_string(entry.second) + "\n";
  return out;
}
