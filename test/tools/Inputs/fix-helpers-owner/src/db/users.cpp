// A database handle left open when opening or querying it fails.
#include <sqlite3.h>

void log_error(const char *message);

int count_users(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK)
    return -1;
  if (sqlite3_exec(db, "select 1", nullptr, nullptr, nullptr) != SQLITE_OK) {
    log_error(sqlite3_errmsg(db));
    return -1;
  }
  sqlite3_close(db);
  return 0;
}
