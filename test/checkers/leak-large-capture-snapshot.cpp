// A lambda kept per call (a pending task, a timer) that captures a snapshot
// of a member: moving the snapshot into the capture still leaves one copy of
// the member's data per kept lambda. The member becomes one
// std::shared_ptr<const T> that every snapshot shares; it is only ever
// replaced whole, so a snapshot still sees the value of its moment.
// RUN: %check_clang_tidy -std=c++11,c++14,c++17 %s leak-large-capture %t

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>
// CHECK-FIXES: #include <map>
// CHECK-FIXES-NEXT: #include <memory>
// CHECK-FIXES-NEXT: #include <mutex>

using Templates = std::map<std::string, std::string>;
using Clock = std::chrono::steady_clock;

std::string render(const Templates &templates, const std::string &locale);
void deliver(const std::string &user, const std::string &text);

// The reminders of a notes service: every pending reminder keeps its
// callback until it is due, and reads the templates of the moment it was
// scheduled.
class Reminders {
public:
  explicit Reminders(Templates templates);
  bool remind(const std::string &user, const std::string &locale,
              Clock::time_point due);
  void reload(Templates templates);
  void digest(const std::string &user);
  Templates with(const std::string &key, const std::string &text);
  std::size_t size() const;
  // Not const, but only compares what 'find' gives: the const overload does.
  bool known(const std::string &key) {
    return templates_.find(key) != templates_.end();
    // CHECK-FIXES: return templates_->find(key) != templates_->end();
  }
  std::size_t lines() const {
    std::size_t n = 0;
    for (const auto &entry : templates_)
      // CHECK-FIXES: for (const auto &entry : *templates_)
      n += entry.second.size();
    return n;
  }

private:
  void schedule(Clock::time_point due, std::function<void()> task);

  mutable std::mutex mu_;
  Templates templates_;
  // CHECK-FIXES: std::shared_ptr<const Templates> templates_;
  std::multimap<Clock::time_point, std::function<void()>> pending_;
};

Reminders::Reminders(Templates templates)
    : templates_(std::move(templates)) {}
// CHECK-FIXES: : templates_(std::make_shared<const Templates>(std::move(templates))) {}

bool Reminders::remind(const std::string &user, const std::string &locale,
                       Clock::time_point due) {
  Templates templates;
  // CHECK-FIXES: std::shared_ptr<const Templates> templates;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (templates_.count(locale + "/reminder") == 0)
      return false;
    // CHECK-FIXES: if (templates_->count(locale + "/reminder") == 0)
    templates = templates_;
    // CHECK-FIXES: templates = templates_;
  }
  schedule(due, [templates, user, locale] {
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'templates' of type 'Templates' (owns a heap buffer) is copied into a lambda that is kept by 'Reminders::schedule'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
    deliver(user, render(templates, locale));
    // CHECK-FIXES: deliver(user, render(*templates, locale));
  });
  return true;
}

// A second snapshot, in another member function, shares the same pointer
// (the first fix makes it so); a copy that is changed stays a copy.
void Reminders::digest(const std::string &user) {
  Templates snapshot = templates_;
  // CHECK-FIXES: std::shared_ptr<const Templates> snapshot = templates_;
  schedule(Clock::now(), [snapshot, user] {
    // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'snapshot' of type 'Templates' (owns a heap buffer) is copied into a lambda that is kept by 'Reminders::schedule'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
    deliver(user, render(snapshot, "en"));
    // CHECK-FIXES: deliver(user, render(*snapshot, "en"));
  });
}

Templates Reminders::with(const std::string &key, const std::string &text) {
  Templates copy = templates_;
  // CHECK-FIXES: Templates copy = *templates_;
  copy[key] = text;
  return copy;
}

void Reminders::reload(Templates templates) {
  std::lock_guard<std::mutex> lock(mu_);
  templates_ = std::move(templates);
  // CHECK-FIXES: templates_ = std::make_shared<const Templates>(std::move(templates));
}

std::size_t Reminders::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return templates_.size();
  // CHECK-FIXES: return templates_->size();
}

void Reminders::schedule(Clock::time_point due, std::function<void()> task) {
  std::lock_guard<std::mutex> lock(mu_);
  pending_.emplace(due, std::move(task));
}

// A snapshot taken by initialization, read through a field and by [=]; the
// member is also copied out whole.
void use(int);
struct Limits {
  std::map<std::string, int> per_route;
  int fallback = 10;
};

class Throttle {
public:
  Throttle(Limits limits) : limits_(limits) {}
  // CHECK-FIXES: Throttle(Limits limits) : limits_(std::make_shared<const Limits>(limits)) {}
  void later(const std::string &route) {
    Limits limits = limits_;
    // CHECK-FIXES: std::shared_ptr<const Limits> limits = limits_;
    timers_.push_back([=] {
      auto it = limits.per_route.find(route);
      // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'limits' of type 'Limits' (holds a heap buffer in 'per_route') is copied into a lambda that is stored in member 'timers_'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
      // CHECK-FIXES: auto it = limits->per_route.find(route);
      use(it == limits.per_route.end() ? limits.fallback : it->second);
      // CHECK-FIXES: use(it == limits->per_route.end() ? limits->fallback : it->second);
    });
  }
  Limits current() const { return limits_; }
  // CHECK-FIXES: Limits current() const { return *limits_; }
  int fallback() const { return limits_.fallback; }
  // CHECK-FIXES: int fallback() const { return limits_->fallback; }

private:
  Limits limits_;
  // CHECK-FIXES: std::shared_ptr<const Limits> limits_;
  std::vector<std::function<void()>> timers_;
};
