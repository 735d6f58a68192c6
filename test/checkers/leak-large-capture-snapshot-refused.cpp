// A snapshot of a member that the fix cannot share: the member is changed in
// place, a member function it cannot see may use it, a constructor leaves it
// empty, a lambda changes its copy. A note says why; the copy is moved into
// the capture where it can be.
// RUN: %check_clang_tidy %s leak-large-capture %t -- -- -std=c++17

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

using Templates = std::map<std::string, std::string>;
void send(const Templates &, const std::string &);

// Changed in place: a snapshot shared with the member would change with it.
class Editable {
public:
  explicit Editable(Templates templates) : templates_(std::move(templates)) {}
  void set(const std::string &key, const std::string &value) {
    templates_[key] = value;
  }
  void later(const std::string &user) {
    Templates templates = templates_;
    tasks_.push_back([templates, user] { send(templates, user); });
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'templates' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'tasks_'; move it into the capture [leak-large-capture]
    // CHECK-NOTES: :[[@LINE-6]]:5: note: 'templates' copies 'templates_' for each lambda; sharing 'templates_' is not possible: 'templates_' is changed here{{$}}
    // CHECK-FIXES: tasks_.push_back([templates = std::move(templates), user] { send(templates, user); });
  }

private:
  Templates templates_;
  std::vector<std::function<void()>> tasks_;
};

// An entry changed through the iterator 'find' gives.
class Iterated {
public:
  explicit Iterated(Templates templates) : templates_(std::move(templates)) {}
  void rename(const std::string &key) {
    auto it = templates_.find(key);
    if (it != templates_.end())
      it->second += "!";
  }
  void later(const std::string &user) {
    Templates templates = templates_;
    tasks_.push_back([templates, user] { send(templates, user); });
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'templates' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'tasks_'; move it into the capture [leak-large-capture]
    // CHECK-NOTES: :[[@LINE-8]]:15: note: 'templates' copies 'templates_' for each lambda; sharing 'templates_' is not possible: 'templates_' is changed here by 'find'{{$}}
  }

private:
  Templates templates_;
  std::vector<std::function<void()>> tasks_;
};

// Read before the snapshot is taken: the pointer would still be empty.
class Early {
public:
  explicit Early(Templates templates) : templates_(std::move(templates)) {}
  void later(const std::string &user) {
    Templates templates;
    send(templates, "empty");
    templates = templates_;
    tasks_.push_back([templates, user] { send(templates, user); });
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'templates' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'tasks_'; move it into the capture [leak-large-capture]
    // CHECK-NOTES: :[[@LINE-4]]:10: note: 'templates' copies 'templates_' for each lambda; sharing 'templates_' is not possible: 'templates' is used here before it is given 'templates_'{{$}}
  }

private:
  Templates templates_;
  std::vector<std::function<void()>> tasks_;
};

// A member function defined in another file may use the member.
class Elsewhere {
public:
  explicit Elsewhere(Templates templates) : templates_(std::move(templates)) {}
  void save() const;
  void later(const std::string &user) {
    Templates templates;
    templates = templates_;
    tasks_.push_back([templates, user] { send(templates, user); });
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'templates' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'tasks_'; move it into the capture [leak-large-capture]
    // CHECK-NOTES: :[[@LINE-6]]:8: note: 'templates' copies 'templates_' for each lambda; sharing 'templates_' is not possible: 'Elsewhere::save' is not defined in this file and may use 'templates_'{{$}}
  }

private:
  Templates templates_;
  std::vector<std::function<void()>> tasks_;
};

// A constructor that leaves the member empty: the pointer would be null.
class Empty {
public:
  Empty() {}
  explicit Empty(Templates templates) : templates_(std::move(templates)) {}
  void later(const std::string &user) {
    Templates templates = templates_;
    tasks_.push_back([templates, user] { send(templates, user); });
    // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'templates' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'tasks_'; move it into the capture [leak-large-capture]
    // CHECK-NOTES: :[[@LINE-6]]:3: note: 'templates' copies 'templates_' for each lambda; sharing 'templates_' is not possible: this constructor leaves 'templates_' empty{{$}}
  }

private:
  Templates templates_;
  std::vector<std::function<void()>> tasks_;
};

// The lambda changes its copy: it needs one of its own.
class Mutating {
public:
  explicit Mutating(Templates templates) : templates_(std::move(templates)) {}
  void later(const std::string &user) {
    Templates templates = templates_;
    tasks_.push_back([templates, user]() mutable {
      // CHECK-NOTES: :[[@LINE-1]]:23: warning: 'templates' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in member 'tasks_'; move it into the capture [leak-large-capture]
      templates["user"] = user;
      send(templates, user);
    });
  }

private:
  Templates templates_;
  std::vector<std::function<void()>> tasks_;
};

// Not a snapshot, and no move (a const reference): the shared copy is
// refused where a use cannot read through the pointer, and a note says so.
#define SEND(t) send(t, "macro")
void register_macro(std::vector<std::function<void()>> &routes,
                    const Templates &templates);
std::vector<std::function<void()>> all_routes;
void register_macro(const Templates &templates) {
  all_routes.push_back([templates] { SEND(templates); });
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: 'templates' of type 'Templates' (owns a heap buffer) is copied into a lambda that is stored in the global 'all_routes'; capture only what the lambda needs, or share it read-only [leak-large-capture]
  // CHECK-NOTES: :[[@LINE-2]]:43: note: 'templates' is not shared through a 'std::shared_ptr<const Templates>': it is spelled by a macro here{{$}}
}
