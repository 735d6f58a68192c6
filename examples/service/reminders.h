// Reminders: a note delivered to a user at a later time, rendered with the
// message template of the user's locale.
#pragma once

#include "storage.h"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace notes {

// Message templates by "<locale>/<kind>"; "{text}" marks where the text goes.
using Templates = std::map<std::string, std::string>;

// The built-in templates: every supported locale and message kind (about
// 40 KiB of text).
Templates default_templates();

class Reminders {
public:
  using Clock = std::chrono::steady_clock;

  Reminders(Storage &storage, Templates templates);
  // Stops the timer thread; reminders not yet due are dropped.
  ~Reminders();

  Reminders(const Reminders &) = delete;
  Reminders &operator=(const Reminders &) = delete;

  // Queues `text` as a note for `user` at `due`, in the template of `locale`
  // ("en" when the locale has none). False when the locale is unknown.
  bool remind(const std::string &user, const std::string &locale,
              const std::string &text, Clock::time_point due);

  // Replaces the templates; reminders already scheduled keep the old ones.
  void reload(Templates templates);

  std::size_t pending() const;

private:
  void schedule(Clock::time_point due, std::function<void()> task);
  void timer_loop();

  Storage &storage_;

  mutable std::mutex mu_; // guards everything below
  Templates templates_;
  std::multimap<Clock::time_point, std::function<void()>> pending_;
  bool stopping_ = false;
  std::condition_variable cv_;
  std::thread timer_;
};

} // namespace notes
