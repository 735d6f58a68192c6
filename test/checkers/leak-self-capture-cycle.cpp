// RUN: %check_clang_tidy %s leak-self-capture-cycle %t -- -- -std=c++17 -I %S/Inputs/self-capture-cycle

#include "frameworks.h"
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

// A member that stores its callback: found by reading its body.
class Timer {
public:
  void on_expire(std::function<void()> cb) { cb_ = std::move(cb); }
  void every(int seconds, std::function<void()> cb) { add(seconds, cb); }

private:
  void add(int seconds, std::function<void()> cb) { jobs_[seconds] = cb; }
  std::function<void()> cb_;
  std::map<int, std::function<void()>> jobs_;
};

// A member that only calls its callback.
class Once {
public:
  void run(const std::function<void()> &cb) { cb(); }
};

class Session : public std::enable_shared_from_this<Session> {
public:
  // Assigned to a member of the same object.
  void start() {
    on_idle_ = [self = shared_from_this()] { self->close(); };
// CHECK-NOTES: :[[@LINE-1]]:17: warning: lambda stored in member 'on_idle_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: on_idle_ = [weak = weak_from_this()] { auto self = weak.lock(); if (!self) return; self->close(); };
  }

  // Through a member whose method stores the callback; the body spans lines.
  void arm() {
    timer_.on_expire([self = shared_from_this()]() {
// CHECK-NOTES: :[[@LINE-1]]:23: warning: lambda stored in member 'timer_' (through 'Timer::on_expire') captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: timer_.on_expire([weak = weak_from_this()]() {
// CHECK-FIXES-NEXT: auto self = weak.lock();
// CHECK-FIXES-NEXT: if (!self)
// CHECK-FIXES-NEXT:   return;
// CHECK-FIXES-NEXT: self->close();
      self->close();
      self->log("expired");
    });
  }

  // Through two member functions of the member.
  void heartbeat() {
    timer_.every(30, [self = shared_from_this()] { self->log("beat"); });
// CHECK-NOTES: :[[@LINE-1]]:23: warning: lambda stored in member 'timer_' (through 'Timer::every') captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: timer_.every(30, [weak = weak_from_this()] { auto self = weak.lock(); if (!self) return; self->log("beat"); });
  }

  // A local copy of shared_from_this(), captured by name.
  void watch() {
    auto self = shared_from_this();
    handlers_.push_back([self](int code) { self->log(std::to_string(code)); });
// CHECK-NOTES: :[[@LINE-1]]:26: warning: lambda stored in member 'handlers_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture a 'std::weak_ptr' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: handlers_.push_back([weak = std::weak_ptr<Session>(self)](int code) { auto self = weak.lock(); if (!self) return; self->log(std::to_string(code)); });
  }

  // [=] captures the local implicitly.
  void implicit() {
    auto self = shared_from_this();
    on_idle_ = [=] { self->close(); };
// CHECK-NOTES: :[[@LINE-1]]:22: warning: lambda stored in member 'on_idle_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture a 'std::weak_ptr' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: on_idle_ = [=, weak = std::weak_ptr<Session>(self)] { auto self = weak.lock(); if (!self) return; self->close(); };
  }

  // A generic lambda that returns nothing.
  void generic() {
    handlers_.emplace_back([self = shared_from_this()](auto code) {
// CHECK-NOTES: :[[@LINE-1]]:29: warning: lambda stored in member 'handlers_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: handlers_.emplace_back([weak = weak_from_this()](auto code) {
// CHECK-FIXES-NEXT: auto self = weak.lock();
// CHECK-FIXES-NEXT: if (!self)
// CHECK-FIXES-NEXT:   return;
// CHECK-FIXES-NEXT: self->log(std::to_string(code));
      self->log(std::to_string(code));
    });
  }

  // Returning a value: a note, no fix.
  void predicate() {
    ready_ = [self = shared_from_this()] { return self->ready(); };
// CHECK-NOTES: :[[@LINE-1]]:15: warning: lambda stored in member 'ready_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-NOTES: :[[@LINE-2]]:15: note: no automatic fix (the lambda returns a value): capture 'weak = weak_from_this()' and begin the body with 'auto self = weak.lock(); if (!self) return ...;'
// CHECK-FIXES: ready_ = [self = shared_from_this()] { return self->ready(); };
  }

  // A built-in sink on a member: boost::signals2::signal::connect.
  void subscribe() {
    closed_.connect([self = shared_from_this()] { self->log("closed"); });
// CHECK-NOTES: :[[@LINE-1]]:22: warning: lambda stored in member 'closed_' (through 'boost::signals2::signal::connect') captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: closed_.connect([weak = weak_from_this()] { auto self = weak.lock(); if (!self) return; self->log("closed"); });
  }

  // Negative: a sink that is not configured (see the -options test).
  void listen() {
    bus_.subscribe([self = shared_from_this()](int) { self->close(); });
  }

  // A lambda in a lambda: the inner one is stored in this object.
  void nested() {
    asio::post([this] {
      on_idle_ = [self = shared_from_this()] { self->close(); };
// CHECK-NOTES: :[[@LINE-1]]:19: warning: lambda stored in member 'on_idle_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: on_idle_ = [weak = weak_from_this()] { auto self = weak.lock(); if (!self) return; self->close(); };
    });
  }

  // Keyed by name in a member map.
  void route(const std::string &name) {
    routes_[name] = [self = shared_from_this()] { self->close(); };
// CHECK-NOTES: :[[@LINE-1]]:22: warning: lambda stored in member 'routes_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-FIXES: routes_[name] = [weak = weak_from_this()] { auto self = weak.lock(); if (!self) return; self->close(); };
  }

  // Negative: Asio's one-shot completion handler keeps the object alive for
  // one operation only.
  void wait() {
    wait_timer_.async_wait([self = shared_from_this()](int) { self->close(); });
  }

  // Negative: weak_from_this() is already the fix.
  void weak() {
    on_idle_ = [weak = weak_from_this()] {
      if (auto self = weak.lock())
        self->close();
    };
  }

  // Negative: [this] alone does not own the object.
  void raw() { on_idle_ = [this] { close(); }; }

  // Negative: used on the spot, or by a member that only calls it.
  void now() {
    [self = shared_from_this()] { self->close(); }();
    once_.run([self = shared_from_this()] { self->close(); });
    std::vector<int> v{1, 2};
    std::for_each(v.begin(), v.end(),
                  [self = shared_from_this()](int) { self->close(); });
  }

  // Negative: kept in a local, or in another object.
  void elsewhere(Session &other) {
    std::function<void()> local = [self = shared_from_this()] { self->close(); };
    local();
    other.on_idle_ = [self = shared_from_this()] { self->close(); };
  }

  void close();
  void log(const std::string &);
  bool ready() const;

private:
  std::function<void()> on_idle_;
  std::function<bool()> ready_;
  std::vector<std::function<void(int)>> handlers_;
  std::map<std::string, std::function<void()>> routes_;
  Timer timer_;
  Once once_;
  boost::signals2::signal<void()> closed_;
  app::Bus bus_;
  asio::steady_timer wait_timer_;
};

// Negative: the class breaks the cycle itself, by clearing the member when
// it closes, or by taking a one-shot callback out before running it.
class Closing : public std::enable_shared_from_this<Closing> {
public:
  void start() {
    on_idle_ = [self = shared_from_this()] { self->close(); };
    retry_ = [self = shared_from_this()] { self->start(); };
    pending_.push_back([self = shared_from_this()] { self->close(); });
  }
  void close() {
    on_idle_ = nullptr;
    pending_.clear();
  }
  void retry() {
    auto callback = std::move(retry_);
    if (callback)
      callback();
  }

private:
  std::function<void()> on_idle_;
  std::function<void()> retry_;
  std::vector<std::function<void()>> pending_;
};

// Negative: a timer the server shares, held by reference (from Crow's
// connections and their deadline timer).
class Connection : public std::enable_shared_from_this<Connection> {
public:
  explicit Connection(Timer &timer) : timer_(timer) {}
  void start_deadline() {
    auto self = shared_from_this();
    timer_.on_expire([self] { self->close(); });
  }
  void close();

private:
  Timer &timer_;
};

// Negative: stored in a global registry, not in the object itself (a long
// life, but no cycle of its own).
std::vector<std::function<void()>> registry;
class Client : public std::enable_shared_from_this<Client> {
public:
  void enroll() {
    registry.push_back([self = shared_from_this()] { self->ping(); });
  }
  void ping();
};

// A macro: the warning, no fix.
#define KEEP_ALIVE(member) member = [self = shared_from_this()] { self->ping(); }
class Pinger : public std::enable_shared_from_this<Pinger> {
public:
  void start() { KEEP_ALIVE(on_tick_); }
// CHECK-NOTES: :[[@LINE-1]]:18: warning: lambda stored in member 'on_tick_' captures 'self', a 'std::shared_ptr' to its own 'Pinger': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-NOTES: :[[@LINE-5]]:38: note: expanded from macro 'KEEP_ALIVE'
// CHECK-NOTES: :[[@LINE-3]]:18: note: no automatic fix (the lambda is written in a macro): capture 'weak = weak_from_this()' and begin the body with 'auto self = weak.lock(); if (!self) return;'
// CHECK-NOTES: :[[@LINE-7]]:38: note: expanded from macro 'KEEP_ALIVE'
// CHECK-FIXES: void start() { KEEP_ALIVE(on_tick_); }
  void ping();

private:
  std::function<void()> on_tick_;
};

// A class template: reported once, in the template, without a fix.
template <class T>
class Channel : public std::enable_shared_from_this<Channel<T>> {
public:
  void open() {
    on_data_ = [self = this->shared_from_this()] { self->flush(); };
// CHECK-NOTES: :[[@LINE-1]]:17: warning: lambda stored in member 'on_data_' captures 'self', a 'std::shared_ptr' to its own 'Channel': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
// CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix (the lambda is in a template): capture 'weak = weak_from_this()' and begin the body with 'auto self = weak.lock(); if (!self) return;'
// CHECK-FIXES: on_data_ = [self = this->shared_from_this()] { self->flush(); };
  }
  void flush();

private:
  std::function<void()> on_data_;
};
void open_all(Channel<int> &a, Channel<char> &b) {
  a.open();
  b.open();
}

// shared_ptr members of classes that hold each other.
struct Child;
struct Parent {
  std::vector<std::shared_ptr<Child>> children;
};
struct Child {
  std::shared_ptr<Parent> parent;
// CHECK-NOTES: :[[@LINE-1]]:27: warning: 'std::shared_ptr' member 'parent' closes the ownership cycle 'Child' -> 'Parent' -> 'Child'; objects in it keep each other alive and are never freed; make 'parent' a 'std::weak_ptr' [leak-self-capture-cycle]
// CHECK-NOTES: :[[@LINE-5]]:39: note: 'Parent' holds 'Child' through 'children'
// CHECK-NOTES: :[[@LINE-3]]:27: note: no automatic fix: every use of 'parent' would need '.lock()'; hold a 'std::weak_ptr<Parent>' in it instead
};

// Three classes in a ring.
struct Gamma;
struct Alpha {
  std::shared_ptr<struct Beta> next;
};
struct Beta {
  std::map<int, std::shared_ptr<Gamma>> next;
};
struct Gamma {
  std::shared_ptr<Alpha> back;
// CHECK-NOTES: :[[@LINE-1]]:26: warning: 'std::shared_ptr' member 'back' closes the ownership cycle 'Gamma' -> 'Alpha' -> 'Beta' -> 'Gamma'; objects in it keep each other alive and are never freed; make 'back' a 'std::weak_ptr' [leak-self-capture-cycle]
// CHECK-NOTES: :[[@LINE-8]]:32: note: 'Alpha' holds 'Beta' through 'next'
// CHECK-NOTES: :[[@LINE-6]]:41: note: 'Beta' holds 'Gamma' through 'next'
// CHECK-NOTES: :[[@LINE-4]]:26: note: no automatic fix: every use of 'back' would need '.lock()'; hold a 'std::weak_ptr<Alpha>' in it instead
};

// Negatives: a list (a class holding itself), a weak back pointer, a
// template.
struct Node {
  std::shared_ptr<Node> next;
};
struct Tree;
struct Leaf {
  std::weak_ptr<Tree> tree;
};
struct Tree {
  std::vector<std::shared_ptr<Leaf>> leaves;
};
template <class T> struct Holder {
  std::shared_ptr<T> held;
};
struct Held {
  std::shared_ptr<Holder<Held>> holder;
};
