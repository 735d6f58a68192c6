#include "storage.h"

#include <sqlite3.h>

#include <cstdio>
#include <ctime>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <utility>

namespace notes {

namespace {

struct StmtDeleter {
  void operator()(sqlite3_stmt *stmt) const { sqlite3_finalize(stmt); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

Stmt prepare(sqlite3 *db, const char *sql) {
  sqlite3_stmt *raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    throw std::runtime_error(std::string("prepare: ") + sqlite3_errmsg(db));
  }
  return Stmt(raw);
}

void bind_text(sqlite3_stmt *stmt, int index, const std::string &value) {
  sqlite3_bind_text(stmt, index, value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
}

std::string column_text(sqlite3_stmt *stmt, int index) {
  const auto *text = sqlite3_column_text(stmt, index);
  const int size = sqlite3_column_bytes(stmt, index);
  return text ? std::string(reinterpret_cast<const char *>(text),
                            static_cast<std::size_t>(size))
              : std::string();
}

} // namespace

Storage::Storage(const std::string &path,
                 std::chrono::milliseconds flush_interval)
    : flush_interval_(flush_interval) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    const std::string message =
        db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error("cannot open " + path + ": " + message);
  }
  try {
    exec("PRAGMA journal_mode=WAL");
    exec("CREATE TABLE IF NOT EXISTS notes ("
         "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
         "  user TEXT NOT NULL,"
         "  body TEXT NOT NULL,"
         "  created_at INTEGER NOT NULL)");
    exec("CREATE INDEX IF NOT EXISTS notes_by_user ON notes(user, id)");
    flusher_ = std::thread([this] { flusher_loop(); });
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

Storage::~Storage() {
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    stopping_ = true;
  }
  wake_cv_.notify_all();
  flusher_.join();

  const FlushResult last = flush();
  if (last.status != FlushStatus::kFlushed) {
    std::fprintf(stderr, "storage: %zu queued notes lost at shutdown\n",
                 queued());
  }
  sqlite3_close(db_);
}

void Storage::exec(const char *sql) {
  char *error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw std::runtime_error(message);
  }
}

void Storage::enqueue(const std::string &user, std::string body) {
  Note note;
  note.user = user;
  note.body = std::move(body);
  note.created_at = static_cast<std::int64_t>(std::time(nullptr));

  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    queue_.push_back(std::move(note));
    wake = queue_.size() >= kFlushThreshold;
  }
  if (wake) {
    {
      std::lock_guard<std::mutex> lock(wake_mu_);
      flush_requested_ = true;
    }
    wake_cv_.notify_one();
  }
}

void Storage::enqueue_all(std::vector<Note> notes) {
  if (notes.empty()) {
    return;
  }
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(queue_mu_);
    queue_.insert(queue_.end(), std::make_move_iterator(notes.begin()),
                  std::make_move_iterator(notes.end()));
    wake = queue_.size() >= kFlushThreshold;
  }
  if (wake) {
    {
      std::lock_guard<std::mutex> lock(wake_mu_);
      flush_requested_ = true;
    }
    wake_cv_.notify_one();
  }
}

std::vector<Note> Storage::notes_for(const std::string &user,
                                     std::size_t limit) {
  std::vector<Note> out;
  std::scoped_lock lock(db_mu_, queue_mu_);

  // Queued notes are newer than anything already in the database.
  for (auto it = queue_.rbegin(); it != queue_.rend() && out.size() < limit;
       ++it) {
    if (it->user == user) {
      out.push_back(*it);
    }
  }
  if (out.size() == limit) {
    return out;
  }

  Stmt query = prepare(db_, "SELECT id, body, created_at FROM notes "
                            "WHERE user = ?1 ORDER BY id DESC LIMIT ?2");
  bind_text(query.get(), 1, user);
  sqlite3_bind_int64(query.get(), 2,
                     static_cast<sqlite3_int64>(limit - out.size()));
  int rc;
  while ((rc = sqlite3_step(query.get())) == SQLITE_ROW) {
    Note note;
    note.id = sqlite3_column_int64(query.get(), 0);
    note.user = user;
    note.body = column_text(query.get(), 1);
    note.created_at = sqlite3_column_int64(query.get(), 2);
    out.push_back(std::move(note));
  }
  if (rc != SQLITE_DONE) {
    throw std::runtime_error(std::string("select: ") + sqlite3_errmsg(db_));
  }
  return out;
}

bool Storage::write_batch_locked(const std::vector<Note> &batch) {
  try {
    exec("BEGIN IMMEDIATE");
    Stmt insert = prepare(
        db_, "INSERT INTO notes(user, body, created_at) VALUES (?1, ?2, ?3)");
    for (const Note &note : batch) {
      bind_text(insert.get(), 1, note.user);
      bind_text(insert.get(), 2, note.body);
      sqlite3_bind_int64(insert.get(), 3, note.created_at);
      if (sqlite3_step(insert.get()) != SQLITE_DONE) {
        throw std::runtime_error(std::string("insert: ") +
                                 sqlite3_errmsg(db_));
      }
      sqlite3_reset(insert.get());
    }
    exec("COMMIT");
    return true;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "storage: writing %zu notes failed: %s\n",
                 batch.size(), e.what());
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return false;
  }
}

FlushResult Storage::flush() {
  // One flush at a time. A caller that finds one running does not queue up
  // behind it: the running flush (or the next tick) picks up its notes.
  if (!flush_mu_.try_lock()) {
    return FlushResult{FlushStatus::kBusy, 0};
  }
  std::lock_guard<std::mutex> flushing(flush_mu_, std::adopt_lock);

  // db_mu_ is held across the hand-over so that notes_for() never sees a
  // batch that has left the queue but is not in the database yet.
  std::lock_guard<std::mutex> db_lock(db_mu_);
  std::unique_lock<std::mutex> queue_lock(queue_mu_);
  if (queue_.empty()) {
    return FlushResult{FlushStatus::kFlushed, 0};
  }
  std::vector<Note> batch;
  batch.swap(queue_);
  // The SQLite transaction is the slow part; let request threads keep
  // enqueueing while it runs.
  queue_lock.unlock();

  if (write_batch_locked(batch)) {
    return FlushResult{FlushStatus::kFlushed, batch.size()};
  }

  // Put the batch back ahead of anything queued meanwhile; the next flush
  // retries it.
  queue_lock.lock();
  queue_.insert(queue_.begin(), std::make_move_iterator(batch.begin()),
                std::make_move_iterator(batch.end()));
  return FlushResult{FlushStatus::kFailed, 0};
}

std::size_t Storage::queued() const {
  std::lock_guard<std::mutex> lock(queue_mu_);
  return queue_.size();
}

void Storage::flusher_loop() {
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(wake_mu_);
      wake_cv_.wait_for(lock, flush_interval_,
                        [this] { return stopping_ || flush_requested_; });
      if (stopping_) {
        return;
      }
      flush_requested_ = false;
    }
    flush(); // failures are logged and retried on the next tick
  }
}

} // namespace notes
