// RUN: %check_clang_tidy %s leak-large-capture %t -- -- -std=c++17 -I %S/Inputs/large-capture
// The header for std::move is added once.
// CHECK-FIXES: #include <utility>

#include "httplib.h"
#include <algorithm>
#include <array>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using Config = std::map<std::string, std::string>;
Config load_config();
void use(const Config &);
void use_text(std::string_view);

// A router of the file: add() keeps its handler in a member container.
class Router {
public:
  void add(const std::string &path, std::function<void()> handler) {
    routes_.emplace(path, std::move(handler));
  }

private:
  std::map<std::string, std::function<void()>> routes_;
};
Router router;

// A copied map, not used afterwards: moved into the capture.
void routes_once() {
  Config config = load_config();
  router.add("/once", [config] { use(config); });
// CHECK-NOTES: :[[@LINE-1]]:24: warning: 'config' of type 'Config' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; move it into the capture [leak-large-capture]
// CHECK-FIXES: router.add("/once", [config = std::move(config)] { use(config); });
}

// Used again after the lambda: no fix.
void routes_twice() {
  Config config = load_config();
  router.add("/first", [config] { use(config); });
// CHECK-NOTES: :[[@LINE-1]]:25: warning: 'config' of type 'Config' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
// (the shared fix leaves no note here)
// (the shared fix leaves no note here)
// CHECK-FIXES: auto config_shared = std::make_shared<const Config>(config);
// CHECK-FIXES-NEXT: router.add("/first", [config_shared] { use(*config_shared); });
  use(config);
}

// [=] copies it too; the fix adds an explicit capture.
void routes_implicit() {
  Config config = load_config();
  router.add("/implicit", [=] { use(config); });
// CHECK-NOTES: :[[@LINE-1]]:37: warning: 'config' of type 'Config' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; move it into the capture [leak-large-capture]
// CHECK-FIXES: router.add("/implicit", [=, config = std::move(config)] { use(config); });
}

// An init-capture that copies.
void routes_init_capture() {
  Config config = load_config();
  router.add("/init", [copy = config] { use(copy); });
// CHECK-NOTES: :[[@LINE-1]]:24: warning: 'config' of type 'Config' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; move it into the capture [leak-large-capture]
// CHECK-FIXES: router.add("/init", [copy = std::move(config)] { use(copy); });
}

// A parameter taken by value is the function's own.
void routes_parameter(Config config) {
  router.add("/param", [config] { use(config); });
// CHECK-NOTES: :[[@LINE-1]]:25: warning: 'config' of type 'Config' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; move it into the capture [leak-large-capture]
// CHECK-FIXES: router.add("/param", [config = std::move(config)] { use(config); });
}

// A const-reference parameter: a copy is the only way.
void routes_reference(const Config &config) {
  router.add("/ref", [config] { use(config); });
// CHECK-NOTES: :[[@LINE-1]]:23: warning: 'config' of type 'Config' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
// (the shared fix leaves no note here)
// CHECK-FIXES: auto config_shared = std::make_shared<const Config>(config);
// CHECK-FIXES-NEXT: router.add("/ref", [config_shared] { use(*config_shared); });
}

// A const local cannot be moved from.
void routes_const() {
  const Config config = load_config();
  router.add("/const", [config] { use(config); });
// CHECK-NOTES: :[[@LINE-1]]:25: warning: 'config' of type 'Config' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
// (the shared fix leaves no note here)
}

// Declared outside the loop that creates the lambda.
void routes_loop(const std::vector<std::string> &paths) {
  Config config = load_config();
  for (const std::string &path : paths)
    router.add(path, [config] { use(config); });
// CHECK-NOTES: :[[@LINE-1]]:23: warning: 'config' of type 'Config' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
// (the shared fix leaves no note here)
// (the shared fix leaves no note here)
}

// A thread: the lambda lives as long as the thread.
void start_worker() {
  std::vector<std::string> jobs(1000);
  std::thread([jobs] {
// CHECK-NOTES: :[[@LINE-1]]:16: warning: 'jobs' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that runs on a 'std::thread'; move it into the capture [leak-large-capture]
// CHECK-FIXES: std::thread([jobs = std::move(jobs)] {
    for (const std::string &job : jobs)
      use_text(job);
  }).detach();
}

// std::async: the task keeps its copy until it has run.
int count_lines(const std::vector<std::string> &);
std::future<int> count_later() {
  std::vector<std::string> lines(500);
  return std::async(std::launch::async, [lines] { return count_lines(lines); });
// CHECK-NOTES: :[[@LINE-1]]:42: warning: 'lines' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that runs in 'std::async'; move it into the capture [leak-large-capture]
// CHECK-FIXES: return std::async(std::launch::async, [lines = std::move(lines)] { return count_lines(lines); });
}

// A configured sink (cpp-httplib's routes), through a generic lambda.
void serve(httplib::Server &server) {
  std::string banner(4096, '=');
  server.Get("/banner", [banner](const auto &, auto &res) { res.body = banner; });
// CHECK-NOTES: :[[@LINE-1]]:26: warning: 'banner' of type 'std::string' (owns a heap buffer) is copied into a lambda that is registered with 'httplib::Server::Get'; move it into the capture [leak-large-capture]
// CHECK-FIXES: server.Get("/banner", [banner = std::move(banner)](const auto &, auto &res) { res.body = banner; });
}

// A large aggregate (no heap buffer): moving would copy it, so no fix; only
// one member is used inside.
struct Limits {
  std::array<char, 2048> motd;
  int max_clients;
};
Limits load_limits();
class Server {
public:
  void configure() {
    Limits limits = load_limits();
    on_connect_ = [this, limits] { accept(limits.max_clients); };
// CHECK-NOTES: :[[@LINE-1]]:26: warning: 'limits' of type 'Limits' (2052 bytes) is copied into a lambda that is stored in member 'on_connect_'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
// (the shared fix leaves no note here)
  }
  void accept(int);

private:
  std::function<void()> on_connect_;
};

// A struct holding a map; one entry is used inside; stored in a static.
struct Settings {
  Config values;
  int port = 0;
};
Settings load_settings();
std::string handle(const std::string &);
std::function<std::string()> &db_route() {
  Settings settings = load_settings();
  static std::function<std::string()> route = [settings] {
// CHECK-NOTES: :[[@LINE-1]]:48: warning: 'settings' of type 'Settings' (holds a heap buffer in 'values') is copied into a lambda that is stored in the static 'route'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
// (the shared fix leaves no note here)
// (the shared fix leaves no note here)
    return handle(settings.values.at("db"));
  };
  use(settings.values);
  return route;
}

// Stored in a global std::function; the lambda is mutable.
std::function<void()> on_reload;
void watch_reload() {
  std::vector<int> history(64);
  on_reload = [history]() mutable { history.push_back(1); };
// CHECK-NOTES: :[[@LINE-1]]:16: warning: 'history' of type 'std::vector<int>' (owns a heap buffer) is copied into a lambda that is stored in the global 'on_reload'; capture only what the lambda needs, or share it read-only [leak-large-capture]
// CHECK-NOTES: :[[@LINE+2]]:3: note: 'history' is used here after the lambda is created, so it cannot be moved into the capture
// CHECK-NOTES: :[[@LINE-3]]:16: note: the lambda is 'mutable' and may change its copy of 'history'; a shared copy would be read-only
  history.clear();
}

// A macro writes the lambda: no fix.
#define ROUTE(path, capture) router.add(path, [capture] { use(capture); })
void routes_macro() {
  Config config = load_config();
  ROUTE("/macro", config);
// CHECK-NOTES: :[[@LINE-1]]:19: warning: 'config' of type 'Config' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; capture only what the lambda needs, or share it read-only [leak-large-capture]
// CHECK-NOTES: :[[@LINE-2]]:19: note: if 'config' is read-only data shared by its users, hold it in a 'std::shared_ptr<const Config>' and capture the pointer
// CHECK-FIXES: ROUTE("/macro", config);
}

// A template: reported once, for the instantiation whose type is expensive,
// without a fix.
template <class T> void route_value(const std::string &path, T value) {
  router.add(path, [value] { (void)value; });
// CHECK-NOTES: :[[@LINE-1]]:21: warning: 'value' of type 'std::vector<int>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; capture only what the lambda needs, or share it read-only [leak-large-capture]
// CHECK-NOTES: :[[@LINE-2]]:21: note: if 'value' is read-only data shared by its users, hold it in a 'std::shared_ptr<const std::vector<int>>' and capture the pointer
}
void routes_template() {
  route_value("/int", 1);
  route_value("/vector", std::vector<int>(100));
  route_value("/vector2", std::vector<int>(200));
}

// Negatives.

// Small captures, moved captures, pointers and views.
void quiet_captures() {
  int port = 8080;
  Config config = load_config();
  auto shared = std::make_shared<const Config>(load_config());
  std::string text = "hello";
  std::string_view view = text;
  router.add("/small", [port] { (void)port; });
  router.add("/moved", [config = std::move(config)] { use(config); });
  router.add("/shared", [shared] { use(*shared); });
  router.add("/view", [view] { use_text(view); });
  router.add("/ref", [&text] { use_text(text); });
  use_text(text);
}

// A thread that needs its own copy: the caller's object (a reference) or a
// local used afterwards. A copy is the safe way to hand data to a thread.
std::thread reply_later(const std::string &response) {
  return std::thread([response] { use_text(response); });
}
void reply_twice() {
  std::string response(100, 'x');
  std::thread([response] { use_text(response); }).detach();
  use_text(response);
}

// A string that cannot be moved (used again, here by the same call): a
// closure's ordinary copy of a short name.
void routes_named(const std::string &prefix) {
  std::string name = prefix + "/status";
  router.add(name, [name] { use_text(name); });
}

// Lambdas used on the spot, or by a function that calls and drops them.
template <class F> void call_now(F f) { f(); }
namespace asio {
template <class Handler> void post(Handler handler) { handler(); }
}
void on_the_spot(const std::vector<Config> &all) {
  Config config = load_config();
  std::for_each(all.begin(), all.end(), [config](const Config &c) { use(c); });
  [config] { use(config); }();
  call_now([config] { use(config); });
  std::function<void()> local = [config] { use(config); };
  local();
  asio::post([config] { use(config); });
  use(config);
}

// A constructor's member initializer: the body could still use the
// parameter, so no fix.
class Poller {
public:
  explicit Poller(std::vector<std::string> hosts)
      : poll_([hosts] { for (const auto &h : hosts) use_text(h); }) {}
// CHECK-NOTES: :[[@LINE-1]]:16: warning: 'hosts' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that is stored in member 'poll_'; capture only what the lambda needs, or share it read-only [leak-large-capture]
// CHECK-NOTES: :[[@LINE-2]]:16: note: if 'hosts' is read-only data shared by its users, hold it in a 'std::shared_ptr<const std::vector<std::string>>' and capture the pointer

private:
  std::function<void()> poll_;
};
