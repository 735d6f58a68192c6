#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

inline std::vector<std::function<void()>> &handlers() {
  static std::vector<std::function<void()>> all;
  return all;
}

inline void add_handler(std::map<std::string, int> limits) {
  handlers().push_back([limits] { (void)limits.size(); });
}

class Poller : public std::enable_shared_from_this<Poller> {
public:
  void start() {
    on_tick_ = [self = shared_from_this()] { self->poll(); };
  }
  void poll() {}

private:
  std::function<void()> on_tick_;
};
