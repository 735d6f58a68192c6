// notes-service: a small HTTP API for per-user notes behind login sessions.
//
//   POST   /sessions      form or query param user=<name>  -> 201 {"token":...}
//                         (remember=1: kept alive while idle)
//   DELETE /sessions      Authorization: Bearer <token>    -> 204
//   GET    /notes?limit=N Authorization: Bearer <token>    -> 200 {"notes":[...]}
//   POST   /notes         Authorization: Bearer <token>,
//                         body = note text                 -> 202
//   POST   /notes/import  Authorization: Bearer <token>,
//                         body = "<unix-seconds>\t<text>" lines -> 200 | 400
//   GET    /notes/export  Authorization: Bearer <token>    -> 200 text/plain
//                         (the notes in the order stored, as import reads)
//   POST   /reminders?in=S&locale=L  Authorization: Bearer <token>,
//                         body = text, a note in S seconds -> 202
//   POST   /hooks/test    sends a test event to the webhook -> 200 | 404 | 502
//   POST   /admin/flush   write queued notes to SQLite now -> 200 | 409 | 500
//   GET    /stats         counters and latencies           -> 200
//   GET    /healthz                                        -> 200
//
// Usage: notes-service [port] [database]   (defaults: 8080 and ":memory:")
// The server listens on 127.0.0.1 only; port 0 picks a free port, which the
// "listening on" line shows. Environment: NOTES_WEBHOOK_URL (the webhook),
// NOTES_RATE_LIMIT=<per-second>:<burst> (default 10:20).

#include "export_job.h"
#include "http_util.h"
#include "importer.h"
#include "rate_limiter.h"
#include "reminders.h"
#include "session_store.h"
#include "stats.h"
#include "storage.h"
#include "webhook.h"

#include <curl/curl.h>
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
#include <stdexcept>
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
constexpr std::size_t kMaxExportNotes = 10000;
constexpr long long kMaxReminderDelay = 7LL * 24 * 3600;

struct Service {
  notes::Storage &storage;
  notes::SessionStore &sessions;
  notes::RateLimiter &limiter;
  notes::Stats &stats;
  notes::Reminders &reminders;
  std::string webhook_url; // empty: none configured
};

bool parse_port(const char *text, int &port) {
  errno = 0;
  char *end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || value < 0 ||
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

// "<per-second>:<burst>", both positive.
bool parse_rate_limit(const char *text, double &rate, double &burst) {
  char *end = nullptr;
  errno = 0;
  const double r = std::strtod(text, &end);
  if (errno != 0 || end == text || *end != ':' || !(r > 0)) {
    return false;
  }
  const char *rest = end + 1;
  const double b = std::strtod(rest, &end);
  if (errno != 0 || end == rest || *end != '\0' || !(b >= 1)) {
    return false;
  }
  rate = r;
  burst = b;
  return true;
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
  // Headers and body go out in separate writes: without this, Nagle's
  // algorithm holds the body back until the client's delayed ACK (40 ms).
  svr.set_tcp_nodelay(true);

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
                   if (req.get_param_value("remember") == "1") {
                     // Refreshed every 30 seconds until it is revoked (see
                     // SessionStore::KeepAlive for the thread that does it).
                     svc.sessions.keep_alive(token);
                   }
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

  svr.Post("/notes/import",
           timed(svc.stats, "POST /notes/import",
                 [&svc](const Request &req, Response &res) {
                   const auto user = authenticated_user(svc.sessions, req, res);
                   if (!user) {
                     return;
                   }
                   try {
                     const std::size_t n =
                         notes::import_notes(svc.storage, *user, req.body);
                     notes::reply_json(res, 200,
                                       "{\"imported\":" + std::to_string(n) +
                                           "}");
                   } catch (const std::invalid_argument &e) {
                     notes::reply_error(res, 400, e.what());
                   } catch (const std::out_of_range &) {
                     notes::reply_error(res, 400, "time out of range");
                   }
                 }));

  svr.Get("/notes/export",
          timed(svc.stats, "GET /notes/export",
                [&svc](const Request &req, Response &res) {
                  const auto user = authenticated_user(svc.sessions, req, res);
                  if (!user) {
                    return;
                  }
                  auto job = std::make_shared<notes::ExportJob>(
                      svc.storage, *user, kMaxExportNotes);
                  res.status = 200;
                  res.set_content(job->start(), "text/plain");
                }));

  svr.Post("/reminders",
           timed(svc.stats, "POST /reminders",
                 [&svc](const Request &req, Response &res) {
                   const auto user = authenticated_user(svc.sessions, req, res);
                   if (!user) {
                     return;
                   }
                   const std::string in = req.get_param_value("in");
                   char *end = nullptr;
                   errno = 0;
                   const long long secs = std::strtoll(in.c_str(), &end, 10);
                   if (in.empty() || errno != 0 || *end != '\0' || secs < 0 ||
                       secs > kMaxReminderDelay) {
                     notes::reply_error(res, 400,
                                        "in must be 0-604800 seconds");
                     return;
                   }
                   if (req.body.empty() || req.body.size() > kMaxNoteBytes) {
                     notes::reply_error(res, 400,
                                        "reminder text must be 1-4096 bytes");
                     return;
                   }
                   std::string locale = req.get_param_value("locale");
                   if (locale.empty()) {
                     locale = "en";
                   }
                   const auto due = notes::Reminders::Clock::now() +
                                    std::chrono::seconds(secs);
                   if (!svc.reminders.remind(*user, locale, req.body, due)) {
                     notes::reply_error(res, 400, "unknown locale");
                     return;
                   }
                   notes::reply_json(res, 202,
                                     "{\"due_in\":" + std::to_string(secs) +
                                         "}");
                 }));

  svr.Post("/hooks/test", timed(svc.stats, "POST /hooks/test",
                                [&svc](const Request &, Response &res) {
                                  if (svc.webhook_url.empty()) {
                                    notes::reply_error(
                                        res, 404, "no webhook configured");
                                    return;
                                  }
                                  const notes::WebhookNotifier hook(
                                      svc.webhook_url);
                                  if (!hook.notify("{\"event\":\"test\"}")) {
                                    notes::reply_error(
                                        res, 502, "webhook delivery failed");
                                    return;
                                  }
                                  notes::reply_json(res, 200,
                                                    "{\"delivered\":true}");
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
        ",\"queued_notes\":" + std::to_string(svc.storage.queued()) +
        ",\"pending_reminders\":" + std::to_string(svc.reminders.pending());
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
  double rate = 10.0;
  double burst = 20.0;
  if (const char *limit = std::getenv("NOTES_RATE_LIMIT")) {
    if (!parse_rate_limit(limit, rate, burst)) {
      std::fprintf(stderr, "invalid NOTES_RATE_LIMIT: %s\n", limit);
      return 2;
    }
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  notes::SessionStore sessions(std::chrono::hours(1));
  notes::RateLimiter limiter(rate, burst);
  notes::Stats stats;
  auto reminders = std::make_unique<notes::Reminders>(
      *storage, notes::default_templates());
  const char *webhook = std::getenv("NOTES_WEBHOOK_URL");
  Service svc{*storage, sessions,   limiter,
              stats,    *reminders, webhook ? webhook : ""};

  // An optional webhook hears that the service started.
  if (!svc.webhook_url.empty())
    notes::WebhookNotifier(svc.webhook_url).notify("{\"event\":\"started\"}");

  Server svr;
  register_routes(svr, svc);
  if (port == 0) {
    port = svr.bind_to_any_port(kHost);
  } else if (!svr.bind_to_port(kHost, port)) {
    port = -1;
  }
  if (port < 0) {
    std::fprintf(stderr, "notes-service: cannot listen on %s:%s\n", kHost,
                 argc >= 2 ? argv[1] : "8080");
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

  reminders.reset(); // reminders not yet due are dropped
  storage.reset();   // final flush before exit
  curl_global_cleanup();
  std::printf("notes-service stopped\n");
  return ok ? 0 : 1;
}
