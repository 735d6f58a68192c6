// Cycles through a stored callback: a lambda that captures a std::shared_ptr
// to another object that holds this one, and std::bind of
// shared_from_this() stored in the object's own member.
// RUN: %check_clang_tidy %s leak-self-capture-cycle %t -- -- -std=c++17

#include <functional>
#include <memory>
#include <vector>

// ---- Two objects: the callback of one holds the other, which holds it

struct Peer;
class Proxy {
public:
  void link(std::shared_ptr<Peer> peer) {
    on_data_ = [peer](int n) { forward(*peer, n); };
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: lambda stored in member 'on_data_' captures 'peer', a 'std::shared_ptr' to 'Peer', which holds this 'Proxy' through 'proxy': the two objects keep each other alive and are never freed; capture a 'std::weak_ptr' and lock it in the body [leak-self-capture-cycle]
    // CHECK-NOTES: :[[@LINE+9]]:26: note: 'Peer' holds 'Proxy' through 'proxy'
  }
  static void forward(Peer &, int);

private:
  std::function<void(int)> on_data_;
};
struct Peer {
  // The peer holds its proxy.
  std::shared_ptr<Proxy> proxy;
};

// Held in a local, stored in a container member.
struct Socket;
class Session {
public:
  void attach(int fd) {
    auto socket = open_socket(fd);
    handlers_.push_back([socket] { poll(*socket); });
    // CHECK-NOTES: :[[@LINE-1]]:26: warning: lambda stored in member 'handlers_' captures 'socket', a 'std::shared_ptr' to 'Socket', which holds this 'Session' through 'owner': the two objects keep each other alive and are never freed; capture a 'std::weak_ptr' and lock it in the body [leak-self-capture-cycle]
    // CHECK-NOTES: :[[@LINE+9]]:28: note: 'Socket' holds 'Session' through 'owner'
  }
  static std::shared_ptr<Socket> open_socket(int fd);
  static void poll(Socket &);

private:
  std::vector<std::function<void()>> handlers_;
};
struct Socket {
  std::shared_ptr<Session> owner;
};

// Through a member of the other object: the tunnel holds its channel,
// which holds the proxy.
struct Channel;
struct Tunnel;
class Relay {
public:
  void link(std::shared_ptr<Tunnel> tunnel) {
    on_close_ = [tunnel] { shut(*tunnel); };
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: lambda stored in member 'on_close_' captures 'tunnel', a 'std::shared_ptr' to 'Tunnel', which holds this 'Relay' through 'channel': the two objects keep each other alive and are never freed; capture a 'std::weak_ptr' and lock it in the body [leak-self-capture-cycle]
    // CHECK-NOTES: :[[@LINE+12]]:28: note: 'Tunnel' holds 'Channel' through 'channel'
    // CHECK-NOTES: :[[@LINE+8]]:26: note: 'Channel' holds 'Relay' through 'relay'
  }
  static void shut(Tunnel &);

private:
  std::function<void()> on_close_;
};
struct Channel {
  std::shared_ptr<Relay> relay;
};
struct Tunnel {
  std::shared_ptr<Channel> channel;
};

// ---- Negatives: the link is broken

// A weak back pointer.
struct WeakPeer;
class WeakProxy {
public:
  void link(std::shared_ptr<WeakPeer> peer) {
    on_data_ = [peer] { use(*peer); };
  }
  static void use(WeakPeer &);

private:
  std::function<void()> on_data_;
};
struct WeakPeer {
  std::weak_ptr<WeakProxy> proxy;
};

// The callback is reset on close.
struct ClosingPeer;
class ClosingProxy {
public:
  void link(std::shared_ptr<ClosingPeer> peer) {
    on_data_ = [peer] { use(*peer); };
  }
  void close() { on_data_ = nullptr; }
  static void use(ClosingPeer &);

private:
  std::function<void()> on_data_;
};
struct ClosingPeer {
  std::shared_ptr<ClosingProxy> proxy;
};

// The other object does not hold this one.
struct Logger {
  int level;
};
class Client {
public:
  void set_logger(std::shared_ptr<Logger> logger) {
    on_log_ = [logger] { (void)logger->level; };
  }

private:
  std::function<void()> on_log_;
};

// ---- std::bind of shared_from_this() stored in the object's own member

class Timer : public std::enable_shared_from_this<Timer> {
public:
  void start() {
    on_tick_ = std::bind(&Timer::tick, shared_from_this());
    // CHECK-NOTES: :[[@LINE-1]]:40: warning: 'std::bind' result stored in member 'on_tick_' holds 'shared_from_this()', a 'std::shared_ptr' to its own 'Timer': the object and the callable keep each other alive and are never freed; store a lambda that captures 'weak_from_this()' and locks it instead [leak-self-capture-cycle]
  }
  void tick();

private:
  std::function<void()> on_tick_;
};

// Negatives: cleared on stop; bound to this; used on the spot.
class StoppingTimer : public std::enable_shared_from_this<StoppingTimer> {
public:
  void start() {
    on_tick_ = std::bind(&StoppingTimer::tick, shared_from_this());
    on_raw_ = std::bind(&StoppingTimer::tick, this);
    auto once = std::bind(&StoppingTimer::tick, shared_from_this());
    once();
  }
  void stop() { on_tick_ = nullptr; }
  void tick();

private:
  std::function<void()> on_tick_;
  std::function<void()> on_raw_;
};
