#include "reminders.h"

#include <utility>

namespace notes {

namespace {

constexpr const char *kLocales[] = {
    "ar", "bg", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es", "et",
    "eu", "fa", "fi", "fr", "ga", "gl", "he", "hi", "hr", "hu", "id", "is",
    "it", "ja", "ka", "kk", "ko", "lt", "lv", "mk", "ms", "nb", "nl", "pl",
    "pt", "ro", "ru", "sk", "sl", "sq", "sr", "sv", "th", "tr", "uk", "vi"};
constexpr const char *kKinds[] = {"reminder", "digest", "export", "welcome"};

std::string render(const Templates &templates, const std::string &locale,
                   const std::string &text) {
  auto it = templates.find(locale + "/reminder");
  if (it == templates.end()) {
    it = templates.find("en/reminder");
  }
  std::string out = it == templates.end() ? "{text}" : it->second;
  const auto at = out.find("{text}");
  if (at != std::string::npos) {
    out.replace(at, 6, text);
  }
  return out;
}

} // namespace

Templates default_templates() {
  Templates templates;
  for (const char *locale : kLocales) {
    for (const char *kind : kKinds) {
      std::string body = std::string("[") + locale + "] " + kind + ": {text}";
      body += "\n\n-- \nYou receive this ";
      body += kind;
      body += " because you asked notes-service for it. Manage your "
              "notifications in the settings of your account; messages "
              "are kept for thirty days and then deleted.\n";
      templates.emplace(std::string(locale) + "/" + kind, std::move(body));
    }
  }
  return templates;
}

Reminders::Reminders(Storage &storage, Templates templates)
    : storage_(storage), templates_(std::move(templates)) {
  timer_ = std::thread([this] { timer_loop(); });
}

Reminders::~Reminders() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  timer_.join();
}

bool Reminders::remind(const std::string &user, const std::string &locale,
                       const std::string &text, Clock::time_point due) {
  Templates templates;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (templates_.count(locale + "/reminder") == 0) {
      return false;
    }
    templates = templates_; // a snapshot: reload() must not change it
  }
  // leak-large-capture: each pending reminder stores its own copy of every
  // template (about 40 KiB) in its callback, until it is due.
  schedule(due, [this, templates, user, locale, text] {
    storage_.enqueue(user, render(templates, locale, text));
  });
  return true;
}

void Reminders::reload(Templates templates) {
  std::lock_guard<std::mutex> lock(mu_);
  templates_ = std::move(templates);
}

std::size_t Reminders::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_.size();
}

void Reminders::schedule(Clock::time_point due, std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.emplace(due, std::move(task));
  }
  cv_.notify_one();
}

void Reminders::timer_loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (stopping_) {
      return;
    }
    if (pending_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const auto due = pending_.begin()->first;
    if (Clock::now() < due) {
      cv_.wait_until(lock, due);
      continue;
    }
    std::function<void()> task = std::move(pending_.begin()->second);
    pending_.erase(pending_.begin());
    lock.unlock();
    task();
    lock.lock();
  }
}

} // namespace notes
