// notes-service: a small HTTP API for per-user notes behind login sessions.
//
//   POST   /sessions      form or query param user=<name>  -> 201 {"token":...}
//   DELETE /sessions      Authorization: Bearer <token>    -> 204
//   GET    /notes?limit=N Authorization: Bearer <token>    -> 200 {"notes":[...]}
//   POST   /notes         Authorization: Bearer <token>,
//                         body = note text                 -> 202
//   POST   /admin/flush   write queued notes to SQLite now -> 200 | 409 | 500
//   GET    /stats         counters and latencies           -> 200
//   GET    /healthz                                        -> 200
//
// Usage: notes-service [port] [database]   (defaults: 8080 and ":memory:")
// The server listens on 127.0.0.1 only.

#include "http_util.h"
#include "rate_limiter.h"
#include "session_store.h"
#include "stats.h"
#include "storage.h"
#include "webhook.h"

#include <httplib.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

namespace {

using namespace std::chrono_literals;
using httplib::Request;
using httplib::Response;
using httplib::Server;

constexpr const char *kHost = "127.0.0.1";
constexpr int kDefaultPort = 8080;
constexpr std::size_t kMaxNoteBytes = 4096;
constexpr std::size_t kMaxPayloadBytes = std::size_t{64} * 1024;
constexpr std::size_t kDefaultListLimit = 50;
constexpr std::size_t kMaxListLimit = 500;

struct Service {
  notes::Storage &storage;
  notes::SessionStore &sessions;
  notes::RateLimiter &limiter;
  notes::Stats &stats;
};

bool parse_port(const char *text, int &port) {
  errno = 0;
  char *end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < 1 ||
      value > 65535) {
    return false;
  }
  port = static_cast<int>(value);
  return true;
}

std::optional<std::size_t> parse_limit(const std::string &text) {
  if (text.empty()) {
    return kDefaultListLimit;
  }
  errno = 0;
  char *end = nullptr;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || text[0] == '-' || value == 0 ||
      value > kMaxListLimit) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(value);
}

bool valid_user_name(const std::string &user) {
  if (user.empty() || user.size() > 64) {
    return false;
  }
  for (const char c : user) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                    c == '-';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Wraps a handler so that its status and latency end up in /stats.
Server::Handler timed(notes::Stats &stats, std::string route,
                      Server::Handler handler) {
  return [&stats, route = std::move(route),
          handler = std::move(handler)](const Request &req, Response &res) {
    const auto start = std::chrono::steady_clock::now();
    handler(req, res);
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - start);
    stats.record(route, res.status == -1 ? 200 : res.status, elapsed);
  };
}

// Resolves the bearer token to a user, or answers 401 and returns nullopt.
std::optional<std::string> authenticated_user(notes::SessionStore &sessions,
                                              const Request &req,
                                              Response &res) {
  auto user = sessions.authenticate(notes::bearer_token(req));
  if (!user) {
    res.set_header("WWW-Authenticate", "Bearer");
    notes::reply_error(res, 401, "missing or invalid session token");
  }
  return user;
}

std::string notes_to_json(const std::vector<notes::Note> &list) {
  std::ostringstream out;
  out << "{\"notes\":[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    const notes::Note &n = list[i];
    out << (i ? "," : "") << "{\"id\":";
    if (n.id != 0) {
      out << n.id;
    } else {
      out << "null";
    }
    out << ",\"body\":" << notes::json_string(n.body)
        << ",\"created_at\":" << n.created_at
        << ",\"queued\":" << (n.id == 0 ? "true" : "false") << "}";
  }
  out << "]}";
  return out.str();
}

void register_routes(Server &svr, Service &svc) {
  svr.set_payload_max_length(kMaxPayloadBytes);

  svr.set_pre_routing_handler([&svc](const Request &req, Response &res) {
    if (req.path == "/healthz") {
      return Server::HandlerResponse::Unhandled;
    }
    const auto admission = svc.limiter.admit(req.remote_addr);
    if (admission.allowed) {
      return Server::HandlerResponse::Unhandled;
    }
    svc.stats.record_rejected();
    res.set_header("Retry-After", std::to_string(admission.retry_after.count()));
    notes::reply_error(res, 429, "rate limit exceeded");
    return Server::HandlerResponse::Handled;
  });

  svr.Get("/healthz", [](const Request &, Response &res) {
    res.status = 200;
    res.set_content("ok\n", "text/plain");
  });

  svr.Post("/sessions",
           timed(svc.stats, "POST /sessions",
                 [&svc](const Request &req, Response &res) {
                   const std::string user = req.get_param_value("user");
                   if (!valid_user_name(user)) {
                     notes::reply_error(
                         res, 400,
                         "user must be 1-64 characters of [A-Za-z0-9._-]");
                     return;
                   }
                   const std::string token = svc.sessions.create(user);
                   // leak-uncancellable-thread: one detached keep-alive
                   // thread per login that loops forever. Threads pile up
                   // with every login, each holding its token, and nothing
                   // stops them at shutdown.
                   std::thread([&svc, token] {
                     for (;;) {
                       std::this_thread::sleep_for(std::chrono::seconds(30));
                       svc.sessions.authenticate(token);
                     }
                   }).detach();
                   notes::reply_json(res, 201,
                                     "{\"token\":" + notes::json_string(token) +
                                         "}");
                 }));

  svr.Delete("/sessions", timed(svc.stats, "DELETE /sessions",
                                [&svc](const Request &req, Response &res) {
                                  if (!svc.sessions.revoke(
                                          notes::bearer_token(req))) {
                                    notes::reply_error(res, 401,
                                                       "no such session");
                                    return;
                                  }
                                  res.status = 204;
                                }));

  svr.Get("/notes", timed(svc.stats, "GET /notes",
                          [&svc](const Request &req, Response &res) {
                            const auto user =
                                authenticated_user(svc.sessions, req, res);
                            if (!user) {
                              return;
                            }
                            const auto limit =
                                parse_limit(req.get_param_value("limit"));
                            if (!limit) {
                              notes::reply_error(res, 400,
                                                 "limit must be 1-500");
                              return;
                            }
                            notes::reply_json(
                                res, 200,
                                notes_to_json(
                                    svc.storage.notes_for(*user, *limit)));
                          }));

  svr.Post("/notes", timed(svc.stats, "POST /notes",
                           [&svc](const Request &req, Response &res) {
                             const auto user =
                                 authenticated_user(svc.sessions, req, res);
                             if (!user) {
                               return;
                             }
                             if (req.body.empty()) {
                               notes::reply_error(res, 400, "empty note");
                               return;
                             }
                             if (req.body.size() > kMaxNoteBytes) {
                               notes::reply_error(res, 413, "note too large");
                               return;
                             }
                             svc.storage.enqueue(*user, req.body);
                             notes::reply_json(res, 202, "{\"queued\":true}");
                           }));

  svr.Post("/admin/flush",
           timed(svc.stats, "POST /admin/flush",
                 [&svc](const Request &, Response &res) {
                   const notes::FlushResult result = svc.storage.flush();
                   switch (result.status) {
                   case notes::FlushStatus::kFlushed:
                     notes::reply_json(res, 200,
                                       "{\"written\":" +
                                           std::to_string(result.written) +
                                           "}");
                     return;
                   case notes::FlushStatus::kBusy:
                     notes::reply_error(res, 409, "flush already running");
                     return;
                   case notes::FlushStatus::kFailed:
                     notes::reply_error(res, 500, "flush failed, will retry");
                     return;
                   }
                 }));

  svr.Get("/stats", [&svc](const Request &, Response &res) {
    const std::string extra =
        "\"sessions\":" + std::to_string(svc.sessions.active()) +
        ",\"rate_limited_clients\":" +
        std::to_string(svc.limiter.tracked_clients()) +
        ",\"queued_notes\":" + std::to_string(svc.storage.queued());
    notes::reply_json(res, 200, svc.stats.to_json(extra));
  });
}

} // namespace

int main(int argc, char **argv) {
  if (argc > 3) {
    std::fprintf(stderr, "usage: %s [port] [database]\n", argv[0]);
    return 2;
  }
  int port = kDefaultPort;
  if (argc >= 2 && !parse_port(argv[1], port)) {
    std::fprintf(stderr, "invalid port: %s\n", argv[1]);
    return 2;
  }
  const std::string db_path = argc >= 3 ? argv[2] : ":memory:";

  // Shutdown signals are blocked in every thread (the mask is inherited) and
  // taken synchronously by a dedicated thread with sigwait(). SIGUSR1 is only
  // used to wake that thread when the server ends on its own.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<notes::Storage> storage;
  try {
    storage = std::make_unique<notes::Storage>(db_path, 250ms);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "notes-service: %s\n", e.what());
    return 1;
  }
  notes::SessionStore sessions(std::chrono::hours(1));
  notes::RateLimiter limiter(/*rate=*/10.0, /*burst=*/20.0);
  notes::Stats stats;
  Service svc{*storage, sessions, limiter, stats};

  // An optional webhook hears that the service started.
  if (const char *webhook = std::getenv("NOTES_WEBHOOK_URL"))
    notes::WebhookNotifier(webhook).notify("{\"event\":\"started\"}");

  Server svr;
  register_routes(svr, svc);
  if (!svr.bind_to_port(kHost, port)) {
    std::fprintf(stderr, "notes-service: cannot listen on %s:%d\n", kHost,
                 port);
    return 1;
  }

  std::atomic<bool> listen_done{false};
  std::thread signal_thread([&svr, &listen_done, signals] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0 || listen_done.load()) {
        return;
      }
      if (sig != SIGUSR1) {
        break;
      }
    }
    // stop() does nothing until the accept loop runs; retry until it ended.
    while (!listen_done.load()) {
      svr.stop();
      std::this_thread::sleep_for(50ms);
    }
  });

  std::printf("notes-service listening on http://%s:%d (database %s)\n", kHost,
              port, db_path.c_str());
  std::fflush(stdout);
  const bool ok = svr.listen_after_bind();
  listen_done.store(true);
  pthread_kill(signal_thread.native_handle(), SIGUSR1);
  signal_thread.join();

  storage.reset(); // final flush before exit
  std::printf("notes-service stopped\n");
  return ok ? 0 : 1;
}
