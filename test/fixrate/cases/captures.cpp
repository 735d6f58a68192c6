// Fix-rate cases for leak-large-capture: configuration and request data
// copied into callbacks that live as long as the server.
#include <functional>
#include <map>
#include <mutex>
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

// Per-request work queued on a long-lived scheduler, each task reading a
// snapshot of the service's settings: a move of the snapshot still keeps
// one copy per pending task; the settings member is shared instead.
class Scheduler {
public:
  void at(long when, std::function<void()> task) {
    tasks_.emplace(when, std::move(task));
  }

private:
  std::multimap<long, std::function<void()>> tasks_;
};

class Mailer {
public:
  Mailer(Scheduler &scheduler, std::map<std::string, std::string> templates)
      : scheduler_(scheduler), templates_(std::move(templates)) {}

  bool queue(const std::string &to, const std::string &kind, long when) {
    std::map<std::string, std::string> templates;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (templates_.find(kind) == templates_.end())
        return false;
      templates = templates_;
    }
    scheduler_.at(when, [templates, to, kind] { // FINDING: leak-large-capture
      log_line(to + ": " + templates.at(kind));
    });
    return true;
  }

  void reload(std::map<std::string, std::string> templates) {
    std::lock_guard<std::mutex> lock(mu_);
    templates_ = std::move(templates);
  }

private:
  Scheduler &scheduler_;
  std::mutex mu_;
  std::map<std::string, std::string> templates_;
};

// A retry policy copied per failed upload into a timer list: the snapshot
// is taken by initialization and read through its fields.
struct RetryPolicy {
  std::vector<int> backoff_ms;
  int max_attempts = 5;
};

class Uploader {
public:
  explicit Uploader(RetryPolicy policy) : policy_(std::move(policy)) {}

  void on_failure(const std::string &object, int attempt) {
    RetryPolicy policy = policy_;
    retries_.push_back([=] {
      if (attempt < policy.max_attempts) // FINDING: leak-large-capture
        log_line("retry " + object + " in " +
                 std::to_string(policy.backoff_ms.at(attempt)));
    });
  }
  int attempts() const { return policy_.max_attempts; }

private:
  RetryPolicy policy_;
  std::vector<std::function<void()>> retries_;
};

// A snapshot of a member that is changed in place (a per-tenant override is
// written into it): the snapshots cannot share it, the copy is moved.
class Tenants {
public:
  explicit Tenants(std::map<std::string, int> quotas)
      : quotas_(std::move(quotas)) {}
  void set_quota(const std::string &tenant, int quota) {
    quotas_[tenant] = quota;
  }
  void report_later(Router &router, const std::string &path) {
    std::map<std::string, int> quotas = quotas_;
    router.route(path, [quotas](const Request &, Response &res) { // FINDING: leak-large-capture
      res.body = std::to_string(quotas.size());
    });
  }

private:
  std::map<std::string, int> quotas_;
};

// One status route per tenant, each reading the same feature flags loaded
// once: one copy made before the loop serves every route.
std::map<std::string, std::string> load_flags(const std::string &file);
void register_tenants(Router &router, const std::vector<std::string> &tenants,
                      const std::string &file) {
  std::map<std::string, std::string> flags = load_flags(file);
  for (const std::string &tenant : tenants) {
    log_line("tenant " + tenant);
    router.route("/" + tenant + "/flags", [flags](const Request &req, Response &res) { // FINDING: leak-large-capture
      auto it = flags.find(req.params.at("flag"));
      res.body = it == flags.end() ? "off" : it->second;
    });
  }
}

// A webhook dispatcher: each event queues a delivery that keeps the
// subscriber list of its moment, copied by an init-capture of the member.
struct Subscriber {
  std::string url;
  std::string secret;
};

class Dispatcher {
public:
  Dispatcher(Scheduler &scheduler, std::vector<Subscriber> subscribers)
      : scheduler_(scheduler), subscribers_(std::move(subscribers)) {}

  void publish(const std::string &event, long when) {
    scheduler_.at(when, [subs = subscribers_, event] { // FINDING: leak-large-capture
      for (const Subscriber &s : subs)
        log_line("POST " + s.url + " " + event);
    });
  }

  void replace(std::vector<Subscriber> subscribers) {
    subscribers_ = std::move(subscribers);
  }
  std::size_t count() const { return subscribers_.size(); }

private:
  Scheduler &scheduler_;
  std::vector<Subscriber> subscribers_;
};
