// A mailer of a service: the member a per-mail task takes a snapshot of is
// declared here, its functions are defined in the main file.
#pragma once
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

using Bodies = std::map<std::string, std::string>;

class Mailer {
public:
  explicit Mailer(Bodies bodies);
  void queue(const std::string &to, const std::string &kind);
  void reload(Bodies bodies);

private:
  std::mutex mu_;
  Bodies bodies_;
  std::vector<std::function<void()>> outbox_;
};
