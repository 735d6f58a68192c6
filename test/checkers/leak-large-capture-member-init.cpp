// An init-capture that copies a member of 'this' ('[t = templates_]') into a
// kept lambda copies the member's data once per lambda, as a snapshot local
// captured by name does ('Templates t = templates_; keep([t] {...})'). It is
// reported the same way: where the member can be shared, it becomes one
// std::shared_ptr<const T> and the init-capture a copy of the pointer;
// otherwise a note says why. Moves, small or short-lived copies, and other
// objects' members are left alone.
// RUN: %check_clang_tidy %s leak-large-capture %t -- -- -std=c++17

#include <functional>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>
// CHECK-FIXES: #include <map>
// CHECK-FIXES-NEXT: #include <memory>
// CHECK-FIXES-NEXT: #include <string>

using Templates = std::map<std::string, std::string>;
std::string render(const Templates &templates, const std::string &locale);
void deliver(const std::string &user, const std::string &text);

// Every pending mail keeps its callback, and with it a copy of the
// templates: shared instead, as the templates are only read or replaced.
class Mailer {
public:
  explicit Mailer(Templates templates) : templates_(std::move(templates)) {}
  // CHECK-FIXES: explicit Mailer(Templates templates) : templates_(std::make_shared<const Templates>(std::move(templates))) {}
  void reload(Templates templates) { templates_ = std::move(templates); }
  // CHECK-FIXES: void reload(Templates templates) { templates_ = std::make_shared<const Templates>(std::move(templates)); }
  void queue(const std::string &user, const std::string &locale) {
    pending_.push_back([t = templates_, user, locale] {
      // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'templates_' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'pending_'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
      // CHECK-NOTES: :[[@LINE+18]]:13: note: 'templates_' becomes a 'std::shared_ptr<const Templates>' that every copy shares
      deliver(user, render(t, locale));
      // CHECK-FIXES: deliver(user, render(*t, locale));
    });
  }
  // Spelled with 'this->', and read through a member function.
  void digest(const std::string &user) {
    pending_.push_back([all = this->templates_, user] {
      // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'templates_' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'pending_'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
      // CHECK-NOTES: :[[@LINE-2]]:25: note: 'all' becomes a copy of the pointer by the fix that shares 'templates_'
      deliver(user, std::to_string(all.size()));
      // CHECK-FIXES: deliver(user, std::to_string(all->size()));
    });
  }
  std::size_t size() const { return templates_.size(); }
  // CHECK-FIXES: std::size_t size() const { return templates_->size(); }

private:
  Templates templates_;
  // CHECK-FIXES: std::shared_ptr<const Templates> templates_;
  std::vector<std::function<void()>> pending_;
};

// A member the fix cannot share (public: other files may use it): reported,
// with the reason and the advice.
struct Router {
  Templates pages;
  std::vector<std::function<void()>> routes;
  void add(const std::string &user) {
    routes.push_back([p = pages, user] { deliver(user, render(p, "en")); });
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'pages' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'routes'; capture only what the lambda needs, or share it read-only [leak-large-capture]
    // CHECK-NOTES: :[[@LINE-5]]:13: note: 'p' copies 'pages' for each lambda; sharing 'pages' is not possible: 'pages' is not private: code in other files may use it{{$}}
    // CHECK-NOTES: :[[@LINE-3]]:23: note: if 'pages' is read-only data shared by its users, hold it in a 'std::shared_ptr<const Templates>' and capture the pointer{{$}}
  }
};

// A mutable lambda may change its copy: not shared, a note says why.
class Counter {
public:
  explicit Counter(Templates seen) : seen_(std::move(seen)) {}
  void watch() {
    hooks_.push_back([seen = seen_](const std::string &key) mutable {
      // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'seen_' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'hooks_'; capture only what the lambda needs, or share it read-only [leak-large-capture]
      // CHECK-NOTES: :[[@LINE-2]]:23: note: the lambda is 'mutable' and may change its copy of 'seen_'; a shared copy would be read-only{{$}}
      seen[key] = "seen";
    });
  }

private:
  Templates seen_;
  std::vector<std::function<void(const std::string &)>> hooks_;
};

// Left alone.
class Quiet {
public:
  explicit Quiet(Templates templates) : templates_(std::move(templates)) {}
  void moved(const std::string &user) {
    // Moved, not copied.
    pending_.push_back(
        [t = std::move(templates_), user] { deliver(user, render(t, "en")); });
  }
  void small(const std::string &user) {
    // Small.
    pending_.push_back([n = count_, user] { deliver(user, std::to_string(n)); });
  }
  void now(const std::string &user) {
    // Not kept: called at once.
    auto send = [t = templates_, user] { deliver(user, render(t, "en")); };
    send();
  }
  void other(const Quiet &q, const std::string &user) {
    // Another object's member.
    pending_.push_back(
        [t = q.templates_, user] { deliver(user, render(t, "en")); });
  }
  void refresh() {
    // A string member (a token): short, not worth sharing, even for a
    // thread that runs until the process ends.
    std::thread([token = name_] {
      for (;;)
        deliver(token, "refresh");
    }).detach();
  }
  void briefly(const std::string &user) {
    // A thread that ends with its work and is joined.
    std::thread worker([t = name_, user] { deliver(user, t); });
    worker.join();
  }

private:
  Templates templates_;
  std::string name_;
  int count_ = 0;
  std::vector<std::function<void()>> pending_;
};
