#include "session_store.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <thread>
#include <unordered_map>
#include <utility>

namespace notes {

namespace {

std::mt19937_64 seeded_engine() {
  std::random_device rd;
  std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
  return std::mt19937_64(seq);
}

// How often each user name has logged in, to greet first-time users.
// leak-unbounded-cache: one entry per user name ever seen and never removed;
// a client that logs in under ever new names grows it until the process runs
// out of memory.
std::unordered_map<std::string, unsigned> logins_per_user;

} // namespace

// Refreshes one remembered session every 30 seconds while its client is
// idle.
class SessionStore::KeepAlive {
public:
  KeepAlive(SessionStore &store, std::string token)
      : store_(store), token_(std::move(token)) {}

  void start() {
    // leak-uncancellable-thread: the thread is detached and loops forever.
    // Destroying the keep-alive when the session is revoked does not stop
    // it: threads pile up with every remembered login, each holding its
    // token, and nothing stops them at shutdown either.
    std::thread([store = &store_, token = token_] {
      for (;;) {
        std::this_thread::sleep_for(std::chrono::seconds(30));
        store->authenticate(token);
      }
    }).detach();
  }

private:
  SessionStore &store_;
  const std::string token_;
};

SessionStore::SessionStore(std::chrono::seconds ttl)
    : ttl_(ttl), rng_(seeded_engine()) {}

SessionStore::~SessionStore() = default;

std::string SessionStore::new_token_locked() {
  char buf[33];
  const std::uint64_t hi = rng_();
  const std::uint64_t lo = rng_();
  std::snprintf(buf, sizeof buf, "%016llx%016llx",
                static_cast<unsigned long long>(hi),
                static_cast<unsigned long long>(lo));
  return buf;
}

void SessionStore::sweep_expired_locked(Clock::time_point now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second.expires <= now) {
      it = sessions_.erase(it);
    } else {
      ++it;
    }
  }
}

std::string SessionStore::create(const std::string &user) {
  const auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  sweep_expired_locked(now);

  std::string token = new_token_locked();
  while (sessions_.count(token) != 0) {
    token = new_token_locked();
  }
  sessions_.emplace(token, Session{user, now + ttl_});
  if (logins_per_user[user]++ == 0) {
    std::fprintf(stderr, "notes-service: first login of %s\n", user.c_str());
  }
  return token;
}

std::optional<std::string> SessionStore::authenticate(const std::string &token) {
  if (token.empty()) {
    return std::nullopt;
  }
  const auto now = Clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = sessions_.find(token);
  if (it == sessions_.end()) {
    return std::nullopt;
  }
  if (it->second.expires <= now) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.expires = now + ttl_;
  return it->second.user;
}

bool SessionStore::revoke(const std::string &token) {
  // Destroyed last, when no mutex is held.
  std::unique_ptr<KeepAlive> keeper;
  {
    std::lock_guard<std::mutex> lock(keepers_mu_);
    if (auto it = keepers_.find(token); it != keepers_.end()) {
      keeper = std::move(it->second);
      keepers_.erase(it);
    }
  }
  std::scoped_lock lock(mu_);
  return sessions_.erase(token) != 0;
}

void SessionStore::keep_alive(const std::string &token) {
  auto keeper = std::make_unique<KeepAlive>(*this, token);
  keeper->start();
  std::lock_guard<std::mutex> lock(keepers_mu_);
  keepers_[token] = std::move(keeper);
}

std::size_t SessionStore::active() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

} // namespace notes
