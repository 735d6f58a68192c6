// The weak-capture fix only for persistent handlers: a callback kept by a
// function that also starts work may be that work's completion, which the
// strong capture keeps alive until it runs.
// RUN: %check_clang_tidy %s leak-self-capture-cycle %t -- -- -std=c++17

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

class Connection {
public:
  // A setter: the handler stays until replaced.
  void on_message(std::function<void(const std::string &)> cb) {
    on_message_ = std::move(cb);
  }
  // Keeps the completion and sends the request.
  void request(const std::string &body,
               std::function<void(const std::string &)> done) {
    pending_[++next_id_] = std::move(done);
    send(body);
  }

private:
  void send(const std::string &body);
  std::function<void(const std::string &)> on_message_;
  std::map<int, std::function<void(const std::string &)>> pending_;
  int next_id_ = 0;
};

class Client : public std::enable_shared_from_this<Client> {
public:
  void start() {
    conn_.on_message([self = shared_from_this()](const std::string &m) {
      // CHECK-NOTES: :[[@LINE-1]]:23: warning: lambda stored in member 'conn_' (through 'Connection::on_message') captures 'self', a 'std::shared_ptr' to its own 'Client': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
      self->handle(m);
    });
    // CHECK-FIXES: conn_.on_message([weak = weak_from_this()](const std::string &m) {
    // CHECK-FIXES-NEXT: auto self = weak.lock();
  }
  void fetch(const std::string &what) {
    conn_.request(what, [self = shared_from_this()](const std::string &r) {
      // CHECK-NOTES: :[[@LINE-1]]:26: warning: lambda stored in member 'conn_' (through 'Connection::request') captures 'self', a 'std::shared_ptr' to its own 'Client': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
      // CHECK-NOTES: :[[@LINE-2]]:26: note: no automatic fix (the function that keeps it also starts work: a weak capture would let the object go before this callback runs): capture 'weak = weak_from_this()' and begin the body with 'auto self = weak.lock(); if (!self) return;'
      self->handle(r);
    });
    // CHECK-FIXES: conn_.request(what, [self = shared_from_this()](const std::string &r) {
  }
  void handle(const std::string &);

private:
  Connection conn_;
};
