// The two closure leaks of a service, written as a production service
// writes them (the shapes of the example service's closure routes): a route
// registered with a copy of the start-up configuration, and a session whose
// idle callback, kept in the session itself, holds shared_from_this().
// RUN: %check_clang_tidy %s leak-large-capture,leak-self-capture-cycle %t -- -- -std=c++17

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
// CHECK-FIXES: #include <utility>
#include <vector>

namespace notes {

struct Request {
  std::string path;
  std::map<std::string, std::string> params;
};
struct Response {
  int status = 200;
  std::string body;
};
using Handler = std::function<void(const Request &, Response &)>;

// The HTTP layer: routes are registered once and kept as long as the server.
class HttpServer {
public:
  void route(const std::string &path, Handler handler) {
    routes_.push_back({path, std::move(handler)});
  }
  bool dispatch(const Request &req, Response &res) const {
    for (const Route &r : routes_)
      if (r.path == req.path) {
        r.handler(req, res);
        return true;
      }
    return false;
  }

private:
  struct Route {
    std::string path;
    Handler handler;
  };
  std::vector<Route> routes_;
};

std::map<std::string, std::string> load_settings(const std::string &file);

// Each registration keeps its own copy of the whole settings map.
void register_config_route(HttpServer &server, const std::string &file) {
  std::map<std::string, std::string> settings = load_settings(file);
  server.route("/config", [settings](const Request &req, Response &res) {
// CHECK-NOTES: :[[@LINE-1]]:28: warning: 'settings' of type 'std::map<std::string, std::string>' (owns a heap buffer) is copied into a lambda that is kept by 'notes::HttpServer::route'; move it into the capture [leak-large-capture]
  // CHECK-FIXES: server.route("/config", [settings = std::move(settings)](const Request &req, Response &res) {
    auto it = settings.find(req.params.at("key"));
    if (it == settings.end()) {
      res.status = 404;
      return;
    }
    res.body = it->second;
  });
}

// A session owns its idle callback, and the callback owns the session.
class Session : public std::enable_shared_from_this<Session> {
public:
  explicit Session(std::string token) : token_(std::move(token)) {}

  void arm(std::chrono::seconds idle) {
    idle_ = idle;
    on_idle_ = [self = shared_from_this()] { self->expire(); };
// CHECK-NOTES: :[[@LINE-1]]:17: warning: lambda stored in member 'on_idle_' captures 'self', a 'std::shared_ptr' to its own 'Session': the object and the lambda keep each other alive and are never freed; capture 'weak_from_this()' and lock it in the body [leak-self-capture-cycle]
    // CHECK-FIXES: on_idle_ = [weak = weak_from_this()] { auto self = weak.lock(); if (!self) return; self->expire(); };
  }
  void touch() { last_seen_ = std::chrono::steady_clock::now(); }
  void check_idle() {
    if (std::chrono::steady_clock::now() - last_seen_ > idle_ && on_idle_)
      on_idle_();
  }
  void expire();

private:
  std::string token_;
  std::chrono::seconds idle_{300};
  std::chrono::steady_clock::time_point last_seen_ =
      std::chrono::steady_clock::now();
  std::function<void()> on_idle_;
};

class SessionStore {
public:
  std::shared_ptr<Session> open(std::string token) {
    auto session = std::make_shared<Session>(std::move(token));
    session->arm(std::chrono::seconds(300));
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.push_back(session);
    return session;
  }

private:
  std::mutex mu_;
  std::vector<std::shared_ptr<Session>> sessions_;
};

} // namespace notes
