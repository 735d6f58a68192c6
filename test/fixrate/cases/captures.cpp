// Fix-rate cases for leak-large-capture: configuration and request data
// copied into callbacks that live as long as the server.
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

struct Request {
  std::map<std::string, std::string> params;
};
struct Response {
  std::string body;
};
using Handler = std::function<void(const Request &, Response &)>;

class Router {
public:
  void route(const std::string &path, Handler handler) {
    routes_.emplace_back(path, std::move(handler));
  }

private:
  std::vector<std::pair<std::string, Handler>> routes_;
};

std::map<std::string, std::string> load_settings(const std::string &file);
std::vector<std::string> load_banned(const std::string &file);
void log_line(const std::string &line);

// A settings map copied into a route; not used afterwards.
void register_config(Router &router, const std::string &file) {
  std::map<std::string, std::string> settings = load_settings(file);
  router.route("/config", [settings](const Request &req, Response &res) { // FINDING: leak-large-capture
    res.body = settings.at(req.params.at("key"));
  });
}

// A list copied into two routes: the second copy cannot be a move.
void register_filters(Router &router, const std::string &file) {
  std::vector<std::string> banned = load_banned(file);
  router.route("/check", [banned](const Request &req, Response &res) { // FINDING: leak-large-capture
    for (const std::string &word : banned)
      if (req.params.count(word))
        res.body = "banned";
  });
  router.route("/banned", [banned](const Request &, Response &res) { // FINDING: leak-large-capture
    res.body = std::to_string(banned.size());
  });
}

// A template body copied by [=] into a route, used again after.
void register_pages(Router &router, const std::string &file) {
  std::map<std::string, std::string> pages = load_settings(file);
  router.route("/page", [=](const Request &req, Response &res) {
    res.body = pages.at(req.params.at("name")); // FINDING: leak-large-capture
  });
  log_line("pages: " + std::to_string(pages.size()));
}

// A const reference parameter copied into a route.
void register_motd(Router &router, const std::vector<std::string> &lines) {
  router.route("/motd", [lines](const Request &, Response &res) { // FINDING: leak-large-capture
    for (const std::string &line : lines)
      res.body += line + "\n";
  });
}

// A large object copied into a thread.
void start_indexer(std::vector<std::string> documents) {
  std::thread([documents] { // FINDING: leak-large-capture
    for (const std::string &doc : documents)
      log_line(doc);
  }).detach();
}

// One member used: the note says to capture it alone.
struct Limits {
  std::map<std::string, int> per_route;
  std::string owner;
};
void register_limits(Router &router, const Limits &limits) {
  router.route("/limit", [limits](const Request &, Response &res) { // FINDING: leak-large-capture
    res.body = limits.owner;
  });
}

// A mutable lambda that changes its copy.
void register_counter(Router &router, const std::string &file) {
  std::vector<std::string> names = load_banned(file);
  router.route("/next", [names](const Request &, Response &res) mutable { // FINDING: leak-large-capture
    names.push_back("x");
    res.body = names.back();
  });
  log_line(std::to_string(names.size()));
}
