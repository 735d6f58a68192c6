// Fix-rate cases for leak-unclosed-resource: files, descriptors, sockets
// and database handles of a service not released on every path.
#include <cstdio>
#include <fcntl.h>
#include <postgresql/libpq-fe.h>
#include <sqlite3.h>
#include <string>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

bool check_header(const char *line);
void send(const std::string &text);

// A FILE* not closed on an error path.
std::string read_first_line(const std::string &path) {
  FILE *f = std::fopen(path.c_str(), "r"); // FINDING: leak-unclosed-resource
  if (!f)
    return std::string();
  char line[256];
  if (!std::fgets(line, sizeof line, f))
    return std::string();
  std::fclose(f);
  return line;
}

// A FILE* leaked when the header is bad.
bool append_record(const std::string &path, const std::string &record) {
  FILE *out = std::fopen(path.c_str(), "a"); // FINDING: leak-unclosed-resource
  if (!out)
    return false;
  if (!check_header(record.c_str()))
    return false;
  std::fputs(record.c_str(), out);
  std::fclose(out);
  return true;
}

// A descriptor not closed on an error path.
ssize_t read_config(const std::string &path, char *buf, size_t n) {
  int fd = open(path.c_str(), O_RDONLY); // FINDING: leak-unclosed-resource
  if (fd < 0)
    return -1;
  ssize_t got = read(fd, buf, n);
  if (got <= 0)
    return -1;
  close(fd);
  return got;
}

// A socket not closed when connect fails.
int dial(const sockaddr *addr, socklen_t len) {
  int s = socket(AF_INET, SOCK_STREAM, 0); // FINDING: leak-unclosed-resource
  if (s < 0)
    return -1;
  if (connect(s, addr, len) != 0)
    return -1;
  return s;
}

// A listening socket left open when bind or listen fails.
int listen_on(const sockaddr *addr, socklen_t len) {
  int s = socket(AF_INET, SOCK_STREAM, 0); // FINDING: leak-unclosed-resource
  if (s < 0)
    return -1;
  int one = 1;
  setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(s, addr, len) != 0 || listen(s, 128) != 0)
    return -1;
  return s;
}

// A client connection dropped without a close when its request is bad.
void serve_one(int listener) {
  int c = accept(listener, nullptr, nullptr); // FINDING: leak-unclosed-resource
  if (c < 0)
    return;
  char request[512];
  ssize_t n = recv(c, request, sizeof request - 1, 0);
  if (n <= 0)
    return;
  request[n] = '\0';
  if (!check_header(request))
    return;
  const char reply[] = "HTTP/1.1 204 No Content\r\n\r\n";
  ::send(c, reply, sizeof reply - 1, 0);
  close(c);
}

// An epoll instance leaked when the socket cannot be registered.
int make_poller(int sock) {
  int ep = epoll_create1(EPOLL_CLOEXEC); // FINDING: leak-unclosed-resource
  if (ep < 0)
    return -1;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = sock;
  if (epoll_ctl(ep, EPOLL_CTL_ADD, sock, &ev) != 0)
    return -1;
  return ep;
}

// A pid file opened by a retry loop, left open when another process holds
// the lock.
int lock_pidfile(const char *path) {
  int fd = -1;
  for (int tries = 0; tries < 3 && fd < 0; ++tries)
    fd = open(path, O_RDWR | O_CREAT, 0644); // FINDING: leak-unclosed-resource
  if (fd < 0)
    return -1;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0)
    return -1;
  return fd;
}

// A pipe for a helper's output, both ends left open when fork fails.
std::string run_helper(const char *path) {
  int fds[2];
  if (pipe(fds) != 0) // FINDING: leak-unclosed-resource
    return std::string();
  pid_t pid = fork();
  if (pid < 0)
    return std::string();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    execl(path, path, static_cast<char *>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0)
    out.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return out;
}

// A sqlite3 database opened through an out-parameter.
int count_users(const char *path) {
  sqlite3 *db = nullptr;
  if (sqlite3_open(path, &db) != SQLITE_OK) // FINDING: leak-unclosed-resource
    return -1;
  int rc = sqlite3_exec(db, "select 1", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return -1;
  sqlite3_close(db);
  return 0;
}

// A prepared statement not finalized on an error path.
int user_id(sqlite3 *db, const std::string &name) {
  sqlite3_stmt *stmt = nullptr;
  if (sqlite3_prepare_v2(db, "select id from users where name = ?", -1, &stmt, // FINDING: leak-unclosed-resource
                         nullptr) != SQLITE_OK)
    return -1;
  sqlite3_bind_text(stmt, 1, name.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(stmt) != SQLITE_ROW)
    return -1;
  int id = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return id;
}

// A PGresult not cleared when the query fails.
std::string first_name(PGconn *conn) {
  PGresult *res = PQexec(conn, "select name from users limit 1"); // FINDING: leak-unclosed-resource
  if (PQresultStatus(res) != PGRES_TUPLES_OK)
    return std::string();
  std::string name = PQgetvalue(res, 0, 0);
  PQclear(res);
  return name;
}

// A connection left open when the server refuses it.
bool ping_db(const char *conninfo) {
  PGconn *conn = PQconnectdb(conninfo); // FINDING: leak-unclosed-resource
  if (PQstatus(conn) != CONNECTION_OK)
    return false;
  PQfinish(conn);
  return true;
}

// A popen'd pipe not closed on an error path.
std::string git_head() {
  FILE *p = popen("git rev-parse HEAD", "r"); // FINDING: leak-unclosed-resource
  if (!p)
    return std::string();
  char buf[64];
  if (!std::fgets(buf, sizeof buf, p))
    return std::string();
  pclose(p);
  return buf;
}
