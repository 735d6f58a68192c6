// Durable note storage on SQLite with a write-behind queue: request threads
// only append to an in-memory queue, a background thread moves queued notes
// into the database in batches.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace notes {

struct Note {
  std::int64_t id = 0; // 0 while the note is still queued
  std::string user;
  std::string body;
  std::int64_t created_at = 0; // unix seconds
};

enum class FlushStatus { kFlushed, kBusy, kFailed };

struct FlushResult {
  FlushStatus status;
  std::size_t written;
};

class Storage {
public:
  // Opens (creating if needed) the database at `path`; ":memory:" works.
  // Throws std::runtime_error if the database cannot be opened.
  Storage(const std::string &path, std::chrono::milliseconds flush_interval);
  ~Storage();

  Storage(const Storage &) = delete;
  Storage &operator=(const Storage &) = delete;

  void enqueue(const std::string &user, std::string body);
  // Queues notes that already carry their user and creation time.
  void enqueue_all(std::vector<Note> notes);

  // Newest first, queued notes included.
  std::vector<Note> notes_for(const std::string &user, std::size_t limit);

  // Moves every queued note into the database. Returns kBusy without waiting
  // when another thread is already flushing.
  FlushResult flush();

  std::size_t queued() const;

private:
  static constexpr std::size_t kFlushThreshold = 64;

  void exec(const char *sql);
  bool write_batch_locked(const std::vector<Note> &batch);
  void flusher_loop();

  sqlite3 *db_ = nullptr;
  const std::chrono::milliseconds flush_interval_;

  // Lock order: flush_mu_, then db_mu_, then queue_mu_.
  std::mutex flush_mu_;         // held for the whole of flush()
  std::mutex db_mu_;            // guards db_
  mutable std::mutex queue_mu_; // guards queue_
  std::vector<Note> queue_;

  std::mutex wake_mu_; // guards stopping_ and flush_requested_
  std::condition_variable wake_cv_;
  bool stopping_ = false;
  bool flush_requested_ = false;
  std::thread flusher_;
};

} // namespace notes
