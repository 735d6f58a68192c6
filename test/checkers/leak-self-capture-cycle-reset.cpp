// A callback stored, through a setter, in an object this one owns, and
// reset by that object's Close(): the holder breaks the cycle when the work
// completes. The same shape without the reset is a cycle.
// RUN: %check_clang_tidy %s leak-self-capture-cycle %t -- -- -std=c++17

#include <functional>
#include <memory>

class Channel {
public:
  void SetWriteCallback(std::function<void()> cb) { write_fn_ = std::move(cb); }
  void Close() { write_fn_ = std::function<void()>(); }

private:
  std::function<void()> write_fn_;
};

class Connector : public std::enable_shared_from_this<Connector> {
public:
  void Connect() {
    chan_->SetWriteCallback(
        std::bind(&Connector::HandleWrite, shared_from_this()));
  }
  void HandleWrite() { chan_->Close(); }

private:
  std::unique_ptr<Channel> chan_ = std::make_unique<Channel>();
};

class Sink {
public:
  void SetHandler(std::function<void()> cb) { handler_ = std::move(cb); }

private:
  std::function<void()> handler_;
};

class Listener : public std::enable_shared_from_this<Listener> {
public:
  void Start() {
    sink_->SetHandler(std::bind(&Listener::OnEvent, shared_from_this()));
    // CHECK-MESSAGES: :[[@LINE-1]]:53: warning: 'std::bind' result stored in {{.*}} [leak-self-capture-cycle]
  }
  void OnEvent() {}

private:
  std::unique_ptr<Sink> sink_ = std::make_unique<Sink>();
};
