// A callback stored, through a setter, in an object that a smart pointer
// member owns: the class lets go of that object (reset(), '= nullptr',
// '= {}', a swap or a move out of the member) in one of its member
// functions, and the holder goes with the callables it keeps. A reset that
// only the destructor or a constructor does breaks nothing: the destructor
// never runs while the object owns itself.
// RUN: %check_clang_tidy %s leak-self-capture-cycle %t -- -- -std=c++17

#include <functional>
#include <memory>
#include <utility>

// The holder keeps its callbacks until it is destroyed: nothing of its own
// empties them.
class Channel {
public:
  void setWriteCallback(std::function<void()> cb) { write_ = std::move(cb); }
  void setErrorCallback(std::function<void()> cb) { error_ = std::move(cb); }
  void disableAll();

private:
  std::function<void()> write_;
  std::function<void()> error_;
};

// ---- The owning member let go of on completion: quiet

// The in-flight connect: every outcome resets the channel, through a helper.
class Connector : public std::enable_shared_from_this<Connector> {
public:
  void connecting() {
    channel_.reset(new Channel);
    channel_->setWriteCallback(
        std::bind(&Connector::handleWrite, shared_from_this()));
    channel_->setErrorCallback([self = shared_from_this()] {
      self->handleError();
    });
  }
  void stop() { removeChannel(); }

private:
  void handleWrite() { removeChannel(); }
  void handleError() { removeChannel(); }
  void removeChannel() {
    if (!channel_)
      return;
    channel_->disableAll();
    channel_.reset();
  }
  std::shared_ptr<Channel> channel_;
};

// A unique_ptr member assigned nullptr when the work completes.
class Probe : public std::enable_shared_from_this<Probe> {
public:
  void start() {
    channel_ = std::make_unique<Channel>();
    channel_->setWriteCallback(
        std::bind(&Probe::done, shared_from_this()));
  }

private:
  void done() { channel_ = nullptr; }
  std::unique_ptr<Channel> channel_;
};

// Moved out of the member (the callback's holder is handed on and dropped).
class Dialer : public std::enable_shared_from_this<Dialer> {
public:
  void dial() {
    channel_ = std::make_shared<Channel>();
    channel_->setWriteCallback([self = shared_from_this()] { self->done(); });
  }

private:
  void done() { auto finished = std::move(channel_); }
  std::shared_ptr<Channel> channel_;
};

// ---- Nothing lets go of the holder while the object lives: cycles

// Never reset.
class Watcher : public std::enable_shared_from_this<Watcher> {
public:
  void watch() {
    channel_ = std::make_shared<Channel>();
    channel_->setWriteCallback(
        std::bind(&Watcher::onWrite, shared_from_this()));
    // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'std::bind' result stored in member 'channel_' (through 'Channel::setWriteCallback') holds 'shared_from_this()', a 'std::shared_ptr' to its own 'Watcher': the object and the callable keep each other alive and are never freed; store a lambda that captures 'weak_from_this()' and locks it instead [leak-self-capture-cycle]
  }

private:
  void onWrite() {}
  std::shared_ptr<Channel> channel_;
};

// Reset only by the destructor, which the cycle keeps from ever running.
class Session : public std::enable_shared_from_this<Session> {
public:
  ~Session() { channel_.reset(); }
  void open() {
    channel_->setErrorCallback([self = shared_from_this()] {
      // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: lambda stored in member 'channel_' (through 'Channel::setErrorCallback') captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
      self->onError();
    });
    // CHECK-FIXES: channel_->setErrorCallback([weak = weak_from_this()] {
    // CHECK-FIXES-NEXT: auto self = weak.lock();
  }

private:
  void onError() {}
  std::unique_ptr<Channel> channel_ = std::make_unique<Channel>();
};

// Reset only by a constructor, before any callback is stored.
class Poller : public std::enable_shared_from_this<Poller> {
public:
  Poller() { channel_.reset(new Channel); }
  void poll() {
    channel_->setWriteCallback(std::bind(&Poller::ready, shared_from_this()));
    // CHECK-MESSAGES: :[[@LINE-1]]:58: warning: 'std::bind' result stored in member 'channel_' (through 'Channel::setWriteCallback') holds 'shared_from_this()', a 'std::shared_ptr' to its own 'Poller': the object and the callable keep each other alive and are never freed; store a lambda that captures 'weak_from_this()' and locks it instead [leak-self-capture-cycle]
  }

private:
  void ready() {}
  std::unique_ptr<Channel> channel_;
};

// Replaced by reset(p) on every dial, never emptied: the newest channel
// and its callback keep the object.
class Redialer : public std::enable_shared_from_this<Redialer> {
public:
  void dial() {
    channel_.reset(new Channel);
    channel_->setWriteCallback(std::bind(&Redialer::ready, shared_from_this()));
    // CHECK-MESSAGES: :[[@LINE-1]]:60: warning: 'std::bind' result stored in member 'channel_' (through 'Channel::setWriteCallback') holds 'shared_from_this()', a 'std::shared_ptr' to its own 'Redialer': the object and the callable keep each other alive and are never freed; store a lambda that captures 'weak_from_this()' and locks it instead [leak-self-capture-cycle]
  }

private:
  void ready() {}
  std::unique_ptr<Channel> channel_;
};

// A member held by value: a method of its own named 'reset' says nothing
// about the callbacks it keeps.
class Line {
public:
  void setWriteCallback(std::function<void()> cb) { write_ = std::move(cb); }
  void reset();

private:
  std::function<void()> write_;
};

class Modem : public std::enable_shared_from_this<Modem> {
public:
  void dial() {
    line_.setWriteCallback(std::bind(&Modem::ready, shared_from_this()));
    // CHECK-MESSAGES: :[[@LINE-1]]:53: warning: 'std::bind' result stored in member 'line_' (through 'Line::setWriteCallback') holds 'shared_from_this()', a 'std::shared_ptr' to its own 'Modem': the object and the callable keep each other alive and are never freed; store a lambda that captures 'weak_from_this()' and locks it instead [leak-self-capture-cycle]
  }
  void hangUp() { line_.reset(); }

private:
  void ready() {}
  Line line_;
};

// A callback member emptied only by the destructor is a cycle too.
class Timer : public std::enable_shared_from_this<Timer> {
public:
  ~Timer() { on_fire_ = nullptr; }
  void arm() {
    on_fire_ = [self = shared_from_this()] { self->fire(); };
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: lambda stored in member 'on_fire_' captures 'self', a 'std::shared_ptr' to its own 'Timer': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
    // CHECK-FIXES: on_fire_ = [weak = weak_from_this()] { auto self = weak.lock(); if (!self) return; self->fire(); };
  }

private:
  void fire() {}
  std::function<void()> on_fire_;
};
