// FIXRATE-STD: c++20
// Fix-rate cases for leak-missing-raii: buffers, objects, semaphores and
// pooled connections released by hand.
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

struct Parser {
  bool feed(const char *data, size_t n) {
    text.append(data, n);
    return n > 0;
  }
  std::string result() const { return text; }
  std::string text;
};
void send(const std::string &text);
bool valid(const char *text);
void send_raw(const char *text);

// An object freed at the end, leaked by an early return.
std::string parse_body(const std::string &body) {
  Parser *parser = new Parser(); // FINDING: leak-missing-raii
  if (!parser->feed(body.data(), body.size()))
    return std::string();
  std::string out = parser->result();
  delete parser;
  return out;
}

// A malloc'd buffer skipped by a throw.
void echo(const std::string &text) {
  char *buf = static_cast<char *>(std::malloc(text.size() + 1)); // FINDING: leak-missing-raii
  if (!buf)
    return;
  std::memcpy(buf, text.c_str(), text.size() + 1);
  if (!valid(buf))
    throw std::invalid_argument("bad text");
  send_raw(buf);
  std::free(buf);
}

// An array freed at the end, leaked by an early return.
int checksum(const std::vector<int> &values) {
  int *copy = new int[values.size()]; // FINDING: leak-missing-raii
  if (values.empty())
    return 0;
  int sum = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    copy[i] = values[i];
    sum += copy[i];
  }
  delete[] copy;
  return sum;
}

// A template file skipped by an exception while its text is rendered.
std::string render(const std::string &text); // may throw
std::string read_template(const char *path) {
  int fd = open(path, O_RDONLY); // FINDING: leak-missing-raii
  if (fd < 0)
    return std::string();
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  std::string page = render(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0));
  close(fd);
  return page;
}

// A counting semaphore acquired for a request.
std::counting_semaphore<16> slots(16);
std::string fetch_remote(const std::string &url);
std::string proxy(const std::string &url) {
  slots.acquire(); // FINDING: leak-missing-raii
  std::string body = fetch_remote(url);
  slots.release();
  return body;
}

// A semaphore released before work that needs no slot.
std::string proxy_logged(const std::string &url) {
  slots.acquire(); // FINDING: leak-missing-raii
  std::string body = fetch_remote(url);
  slots.release();
  send(url);
  return body;
}

// A connection checked out of a pool and checked in by hand.
struct Connection {
  std::string query(const std::string &sql);
};
struct ConnectionPool {
  Connection *checkout();
  void checkin(Connection *c);
};
std::string lookup(ConnectionPool &pool, const std::string &id) {
  Connection *conn = pool.checkout(); // FINDING: leak-missing-raii
  std::string row = conn->query("select * from t where id = " + id);
  pool.checkin(conn);
  return row;
}

// A buffer never released.
void greet(const std::string &name) {
  char *line = static_cast<char *>(std::malloc(name.size() + 8)); // FINDING: leak-missing-raii
  if (!line)
    return;
  std::strcpy(line, "hello ");
  std::strcat(line, name.c_str());
  send_raw(line);
}

// A class owning a raw buffer that its destructor never frees.
class Frame {
public:
  explicit Frame(size_t n) : data_(new char[n]), size_(n) {}
  size_t size() const { return size_; }

private:
  char *data_; // FINDING: leak-missing-raii
  size_t size_;
};

// A struct released at the end; a throwing call in between.
struct Session {
  std::string user;
};
void authenticate(Session &s);
std::string login(const std::string &user) {
  Session *s = new Session{user}; // FINDING: leak-missing-raii
  authenticate(*s);
  std::string name = s->user;
  delete s;
  return name;
}
