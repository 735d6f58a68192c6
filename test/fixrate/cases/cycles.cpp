// Fix-rate cases for leak-self-capture-cycle: objects that hold callbacks
// holding themselves.
#include <functional>
#include <memory>
#include <string>

class Timer {
public:
  void on_fire(std::function<void()> cb) { cb_ = std::move(cb); }

private:
  std::function<void()> cb_;
};

// A connection whose timeout callback holds a shared_ptr to itself.
class Connection : public std::enable_shared_from_this<Connection> {
public:
  void arm() {
    on_timeout_ = [self = shared_from_this()] { self->close(); }; // FINDING: leak-self-capture-cycle
  }
  void close() { open_ = false; }

private:
  std::function<void()> on_timeout_;
  bool open_ = true;
};

// A session whose read handler holds itself through a copy.
class Session : public std::enable_shared_from_this<Session> {
public:
  void start() {
    auto self = shared_from_this();
    on_read_ = [self](const std::string &data) { self->handle(data); }; // FINDING: leak-self-capture-cycle
  }
  void handle(const std::string &data) { last_ = data; }

private:
  std::function<void(const std::string &)> on_read_;
  std::string last_;
};

// A client whose retry callback returns a value.
class Client : public std::enable_shared_from_this<Client> {
public:
  void arm() {
    retry_ = [self = shared_from_this()]() -> bool { return self->retry(); }; // FINDING: leak-self-capture-cycle
  }
  bool retry() { return ++attempts_ < 3; }

private:
  std::function<bool()> retry_;
  int attempts_ = 0;
};

// Two objects holding each other through shared_ptr members.
struct Child;
struct Parent {
  std::shared_ptr<Child> child;
};
struct Child {
  std::shared_ptr<Parent> parent; // FINDING: leak-self-capture-cycle
};
