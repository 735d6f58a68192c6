// In-memory login sessions: opaque bearer tokens mapped to a user name, with
// a sliding expiry.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

namespace notes {

class SessionStore {
public:
  using Clock = std::chrono::steady_clock;

  explicit SessionStore(std::chrono::seconds ttl);
  ~SessionStore();

  // Creates a session for `user` and returns its token.
  std::string create(const std::string &user);

  // Returns the user owning `token` and extends the session, or nullopt if
  // the token is unknown or expired.
  std::optional<std::string> authenticate(const std::string &token);

  // Ends the session, and its keep-alive if any; returns false if there was
  // no session.
  bool revoke(const std::string &token);

  // Keeps the session alive while its client is idle ("remember me"): it is
  // refreshed every 30 seconds until it is revoked.
  void keep_alive(const std::string &token);

  std::size_t active() const;

private:
  struct Session {
    std::string user;
    Clock::time_point expires;
  };
  class KeepAlive;

  std::string new_token_locked();
  void sweep_expired_locked(Clock::time_point now);

  const std::chrono::seconds ttl_;

  mutable std::mutex mu_;
  std::mt19937_64 rng_;
  std::unordered_map<std::string, Session> sessions_;

  // The keep-alives of remembered sessions, by token. Their own mutex: a
  // keep-alive refreshes its session under mu_.
  std::mutex keepers_mu_;
  std::unordered_map<std::string, std::unique_ptr<KeepAlive>> keepers_;
};

} // namespace notes
