// Functions that own by hand: new/delete, new[]/delete[], malloc/free, the
// resource model's handles (exceptions only), semaphores and pools.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c++17 -I %S/../../include
// Bad options are reported; the rest of the configuration still works.
// RUN: %clang_tidy_plugin --checks='-*,leak-missing-raii' %s \
// RUN:   -config="{CheckOptions: {leak-missing-raii.MethodPairs: 'acquire:acquire;open;take:put'}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s --check-prefix=BAD
// BAD-DAG: warning: invalid entry 'acquire:acquire' in option 'MethodPairs' of check 'leak-missing-raii': expected 'acquire:release' with two different member function names [clang-tidy-config]
// BAD-DAG: warning: invalid entry 'open' in option 'MethodPairs'{{.*}}
// BAD-DAG: leak-missing-raii.cpp:{{[0-9]+}}:15: warning: 'w' allocated with 'new' is not deleted on every path

// The guard's header comes with the first guard, the descriptor owner's
// with the first descriptor.
// CHECK-FIXES-DAG: #include <leakguard/scope_exit.h>
// CHECK-FIXES-DAG: #include <leakguard/unique_fd.h>
// CHECK-FIXES-DAG: #include <leakguard/out_ptr.h>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sqlite3.h>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

struct Widget {
  Widget() = default;
  explicit Widget(int size) : size(size) {}
  Widget(int size, std::string name) : size(size), name(std::move(name)) {}
  int size = 0;
  std::string name;
  void grow() { ++size; }
};

void parse(const std::string &text, Widget &into); // may throw
void render(Widget *w);                            // may throw
bool valid(const Widget &w) noexcept;
void log_line(const char *text) noexcept;
void consume(char *buffer, std::size_t size) noexcept;

// ---- new/delete: a path skips the delete -----------------------------------

int early_return(int size) {
  Widget *w = new Widget(size);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'w' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  if (!valid(*w))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'w' leaks when returning here
  w->grow();
  int result = w->size;
  delete w;
  return result;
}
// The delete becomes the owner's reset(), at the same place.
// CHECK-FIXES: int early_return(int size) {
// CHECK-FIXES-NEXT:   auto w = std::make_unique<Widget>(size);
// CHECK-FIXES-NEXT:   if (!valid(*w))
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   w->grow();
// CHECK-FIXES-NEXT:   int result = w->size;
// CHECK-FIXES-NEXT:   w.reset();
// CHECK-FIXES-NEXT:   return result;
// CHECK-FIXES-NEXT: }

void in_a_loop(const std::vector<int> &sizes) {
  for (int size : sizes) {
    Widget *w = new Widget(size, "item");
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'w' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
    if (size < 0)
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'w' leaks when continuing here
    log_line(w->name.c_str());
    delete w;
  }
}
// A delete that ends the block is dropped: the owner does it right there.
// CHECK-FIXES: for (int size : sizes) {
// CHECK-FIXES-NEXT:     auto w = std::make_unique<Widget>(size, "item");
// CHECK-FIXES-NEXT:     if (size < 0)
// CHECK-FIXES-NEXT:       continue;
// CHECK-FIXES-NEXT:     log_line(w->name.c_str());
// CHECK-FIXES-NEXT:   }

// `new (std::nothrow)`: the null result is not a leak; the fix keeps the
// nothrow allocation.
int nothrow_alloc(int n) {
  Widget *w = new (std::nothrow) Widget(n);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'w' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  if (!w)
    return -1;
  if (n > 100)
    return -2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'w' leaks when returning here
  int size = w->size;
  delete w;
  return size;
}
// CHECK-FIXES: std::unique_ptr<Widget> w(new (std::nothrow) Widget(n));
// CHECK-FIXES: w.reset();
// CHECK-FIXES-NEXT: return size;

// ---- new/delete: an exception skips the delete ------------------------------

void from_text(const std::string &text) {
  Widget *w = new Widget;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'w' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  parse(text, *w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'w' leaks if an exception is thrown here
  render(w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'w' leaks if an exception is thrown here
  delete w;
}
// Calls that need the raw pointer get it with get().
// CHECK-FIXES: void from_text(const std::string &text) {
// CHECK-FIXES-NEXT:   auto w = std::make_unique<Widget>();
// CHECK-FIXES-NEXT:   parse(text, *w);
// CHECK-FIXES-NEXT:   render(w.get());
// CHECK-FIXES-NEXT: }

void throws_itself(int size) {
  int *counts = new int[size];
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'counts' allocated with 'new[]' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  for (int i = 0; i < size; ++i)
    counts[i] = i;
  if (counts[0] != 0)
    throw std::logic_error("bad start");
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'counts' leaks when throwing here
  delete[] counts;
}
// CHECK-FIXES: auto counts = std::make_unique<int[]>(size);
// CHECK-FIXES-NEXT:   for (int i = 0; i < size; ++i)
// CHECK-FIXES-NEXT:     counts[i] = i;
// CHECK-FIXES-NEXT:   if (counts[0] != 0)
// CHECK-FIXES-NEXT:     throw std::logic_error("bad start");
// CHECK-FIXES-NEXT: }

// Braces keep their meaning: no make_unique.
int braced(const std::string &text) {
  Widget *w = new Widget{3, "x"};
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'w' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  parse(text, *w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'w' leaks if an exception is thrown here
  int size = w->size;
  delete w;
  return size;
}
// CHECK-FIXES: std::unique_ptr<Widget> w(new Widget{3, "x"});

// ---- malloc/free ------------------------------------------------------------

int checksum(const char *data, std::size_t size) {
  char *copy = static_cast<char *>(std::malloc(size));
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: 'copy' from 'malloc' is not freed on every path; own it with 'std::unique_ptr' and 'free' [leak-missing-raii]
  if (!copy)
    return -1;
  std::memcpy(copy, data, size);
  if (copy[0] == 0)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'copy' leaks when returning here
  int sum = 0;
  for (std::size_t i = 0; i < size; ++i)
    sum += copy[i];
  std::free(copy);
  return sum;
}
// CHECK-FIXES: int checksum(const char *data, std::size_t size) {
// CHECK-FIXES-NEXT:   std::unique_ptr<char, decltype(&std::free)> copy(static_cast<char *>(std::malloc(size)), &std::free);
// CHECK-FIXES-NEXT:   if (!copy)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   std::memcpy(copy.get(), data, size);
// CHECK-FIXES-NEXT:   if (copy.get()[0] == 0)
// CHECK-FIXES-NEXT:     return 0;
// CHECK-FIXES-NEXT:   int sum = 0;
// CHECK-FIXES-NEXT:   for (std::size_t i = 0; i < size; ++i)
// CHECK-FIXES-NEXT:     sum += copy.get()[i];
// CHECK-FIXES-NEXT:   copy.reset();
// CHECK-FIXES-NEXT:   return sum;
// CHECK-FIXES-NEXT: }

// Grown with realloc: no fix (the pointer is assigned again).
void grow_buffer(std::size_t size, const std::string &text) {
  char *buf = static_cast<char *>(std::malloc(size));
  // CHECK-NOTES: :[[@LINE-1]]:35: warning: 'buf' from 'malloc' leaks if an exception is thrown before it is freed; own it with 'std::unique_ptr' and 'free' [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-2]]:35: note: no automatic fix: 'buf' is assigned again
  if (!buf)
    return;
  buf = static_cast<char *>(std::realloc(buf, size * 2));
  Widget w;
  parse(text, w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'buf' leaks if an exception is thrown here
  // CHECK-NOTES: :[[@LINE-4]]:3: warning: 'buf = realloc(buf, ...)' loses the block 'buf' points to when 'realloc' fails; assign the result to a temporary and replace 'buf' only when it is not null [leak-missing-raii]
  consume(buf, size * 2);
  std::free(buf);
}

// ---- handles of the resource model: the exceptions ------------------------

std::string first_line(const char *path) {
  FILE *f = std::fopen(path, "r");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' leaks if an exception is thrown before it is released with 'fclose'; own it with 'std::unique_ptr' and 'fclose' [leak-missing-raii]
  if (!f)
    return {};
  std::string line;
  for (int c; (c = std::fgetc(f)) != EOF && c != '\n';)
    line += static_cast<char>(c);
  Widget probe;
  parse(line, probe);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'f' leaks if an exception is thrown here
  std::fclose(f);
  return line;
}
// CHECK-FIXES: std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path, "r"), &std::fclose);
// CHECK-FIXES: for (int c; (c = std::fgetc(f.get())) != EOF && c != '\n';)
// CHECK-FIXES: f.reset();
// CHECK-FIXES-NEXT: return line;

// A descriptor in an int becomes a leakguard::unique_fd.
int config_size(const char *path, const std::string &text) {
  int fd = ::open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' leaks if an exception is thrown before it is released with 'close'; own it with 'leakguard::unique_fd' [leak-missing-raii]
  if (fd < 0)
    return -1;
  Widget w;
  parse(text, w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'fd' leaks if an exception is thrown here
  ::close(fd);
  return w.size;
}
// CHECK-FIXES: int config_size(const char *path, const std::string &text) {
// CHECK-FIXES-NEXT: leakguard::unique_fd fd(::open(path, O_RDONLY));
// CHECK-FIXES-NEXT: if (fd.get() < 0)
// CHECK-FIXES-NEXT: return -1;
// CHECK-FIXES-NEXT: Widget w;
// CHECK-FIXES-NEXT: parse(text, w);
// CHECK-FIXES-NEXT: fd.reset();
// CHECK-FIXES-NEXT: return w.size;
// CHECK-FIXES-NEXT: }

// Where it cannot (it is passed by reference), a guard closes it, if it was
// opened.
void rewind_fd(int &fd) { ::lseek(fd, 0, SEEK_SET); }
int config_size_again(const char *path, const std::string &text) {
  int fd = ::open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' leaks if an exception is thrown before it is released with 'close'; own it with 'leakguard::unique_fd' [leak-missing-raii]
  if (fd < 0)
    return -1;
  rewind_fd(fd);
  Widget w;
  parse(text, w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'fd' leaks if an exception is thrown here
  ::close(fd);
  return w.size;
}
// CHECK-FIXES: int fd = ::open(path, O_RDONLY);
// CHECK-FIXES-NEXT: leakguard::scope_exit close_guard([&] { if (fd >= 0) ::close(fd); });
// CHECK-FIXES-NEXT: if (fd < 0)
// CHECK-FIXES-NEXT: return -1;
// CHECK-FIXES-NEXT: rewind_fd(fd);
// CHECK-FIXES-NEXT: Widget w;
// CHECK-FIXES-NEXT: parse(text, w);
// CHECK-FIXES-NEXT: return w.size;
// CHECK-FIXES-NEXT: }

// An out-parameter's owner is declared empty and filled by the call.
int open_settings(const char *path, const std::string &text) {
  sqlite3 *db = nullptr;
  int rc = sqlite3_open(path, &db);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'db' from 'sqlite3_open' leaks if an exception is thrown before it is released with 'sqlite3_close'; own it with 'std::unique_ptr' and 'sqlite3_close' [leak-missing-raii]
  Widget w;
  parse(text, w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'db' leaks if an exception is thrown here
  sqlite3_close(db);
  return rc;
}
// CHECK-FIXES: int open_settings(const char *path, const std::string &text) {
// CHECK-FIXES-NEXT: std::unique_ptr<sqlite3, decltype(&sqlite3_close)> db(nullptr, &sqlite3_close);
// CHECK-FIXES-NEXT: int rc = sqlite3_open(path, leakguard::out_ptr(db));
// CHECK-FIXES-NEXT: Widget w;
// CHECK-FIXES-NEXT: parse(text, w);
// CHECK-FIXES-NEXT: db.reset();
// CHECK-FIXES-NEXT: return rc;
// CHECK-FIXES-NEXT: }

// The two ends of a pipe become two owners.
int feed_child(const std::string &text) {
  int fds[2];
  if (pipe(fds) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'fds' from 'pipe' leaks if an exception is thrown before it is released with 'close'; own it with 'leakguard::unique_fd' [leak-missing-raii]
    return -1;
  Widget w;
  parse(text, w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'fds' leaks if an exception is thrown here
  ssize_t n = write(fds[1], text.data(), text.size());
  close(fds[1]);
  close(fds[0]);
  return n < 0 ? -1 : w.size;
}
// CHECK-FIXES: int feed_child(const std::string &text) {
// CHECK-FIXES-NEXT: leakguard::unique_fd fds[2];
// CHECK-FIXES-NEXT: if (leakguard::make_pipe(fds) != 0)
// CHECK-FIXES-NEXT: return -1;
// CHECK-FIXES-NEXT: Widget w;
// CHECK-FIXES-NEXT: parse(text, w);
// CHECK-FIXES-NEXT: ssize_t n = write(fds[1].get(), text.data(), text.size());
// CHECK-FIXES-NEXT: fds[1].reset();
// CHECK-FIXES-NEXT: fds[0].reset();
// CHECK-FIXES-NEXT: return n < 0 ? -1 : w.size;
// CHECK-FIXES-NEXT: }

// A path that leaves the file open is leak-unclosed-resource's finding.
std::string left_open(const char *path) {
  FILE *f = std::fopen(path, "r");
  if (!f)
    return {};
  std::string line;
  if (std::fgetc(f) == EOF)
    return line;
  line += "x";
  std::fclose(f);
  return line;
}

// ---- semaphores and pools ---------------------------------------------------

namespace std {
template <ptrdiff_t Max = 1> class counting_semaphore {
public:
  explicit counting_semaphore(ptrdiff_t) {}
  void acquire() {}
  void release(ptrdiff_t = 1) {}
  bool try_acquire() noexcept { return true; }
};
} // namespace std

std::counting_semaphore<8> slots(8);

void bounded(const std::string &text) {
  slots.acquire();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'slots.acquire()' leaks if an exception is thrown before it is given back with 'release()'; give it back in a scope guard [leak-missing-raii]
  Widget w;
  parse(text, w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'slots.acquire()' leaks if an exception is thrown here
  slots.release();
}
// CHECK-FIXES: void bounded(const std::string &text) {
// CHECK-FIXES-NEXT:   slots.acquire();
// CHECK-FIXES-NEXT:   leakguard::scope_exit release_guard([&] { slots.release(); });
// CHECK-FIXES-NEXT:   Widget w;
// CHECK-FIXES-NEXT:   parse(text, w);
// CHECK-FIXES-NEXT: }

struct Conn {
  bool healthy() const;
  int query(const std::string &sql);
};
class ConnPool {
public:
  Conn *checkout();
  void checkin(Conn *c);
};
ConnPool pool;

bool ping(const std::string &sql) {
  Conn *c = pool.checkout();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'c' from 'checkout()' is not given back with 'checkin()' on every path; give it back in a scope guard [leak-missing-raii]
  if (!c->healthy())
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'c' leaks when returning here
  c->query(sql);
  pool.checkin(c);
  return true;
}
// CHECK-FIXES: bool ping(const std::string &sql) {
// CHECK-FIXES-NEXT:   Conn *c = pool.checkout();
// CHECK-FIXES-NEXT:   leakguard::scope_exit checkin_guard([&] { pool.checkin(c); });
// CHECK-FIXES-NEXT:   if (!c->healthy())
// CHECK-FIXES-NEXT:     return false;
// CHECK-FIXES-NEXT:   c->query(sql);
// CHECK-FIXES-NEXT:   return true;
// CHECK-FIXES-NEXT: }

// The pool's handle given back before more work: a finding, no fix.
int ping_then_work(const std::string &sql) {
  Conn *c = pool.checkout();
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'c' from 'checkout()' leaks if an exception is thrown before it is given back with 'checkin()'; give it back in a scope guard [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: no automatic fix: 'checkin()' is not the last statement of the block that calls 'checkout()'
  int rows = c->query(sql);
  // CHECK-NOTES: :[[@LINE-1]]:14: note: 'c' leaks if an exception is thrown here
  pool.checkin(c);
  log_line("done");
  return rows;
}

// ---- what stays quiet -------------------------------------------------------

// A factory returns ownership.
Widget *make_widget(const std::string &text) {
  Widget *w = new Widget;
  parse(text, *w);
  return w;
}

// Already owned.
int owned(const std::string &text) {
  auto w = std::make_unique<Widget>();
  parse(text, *w);
  std::unique_ptr<Widget> v(new Widget(2));
  parse(text, *v);
  return w->size + v->size;
}

// Handed to a container (or any call that may keep it) before the path ends.
void hand_over(std::vector<Widget *> &all, int size) {
  Widget *w = new Widget(size);
  if (size < 0) {
    delete w;
    return;
  }
  all.push_back(w);
}

// Kept by a container in a loop: each iteration hands its pointer over.
void fill(std::vector<Widget *> &all, int n) {
  for (int i = 0; i < n; ++i) {
    Widget *w = new Widget(i);
    if (!valid(*w)) {
      delete w;
      return;
    }
    all.push_back(w);
  }
}

// Operations of the standard containers and strings only fail to allocate:
// not counted as throwing.
std::string labels(const std::vector<int> &sizes) {
  std::string *text = new std::string;
  std::vector<int> copy;
  for (int size : sizes) {
    copy.push_back(size);
    text->append(std::to_string(size));
    *text += ",";
  }
  std::string result = *text;
  delete text;
  return result;
}

// Counted by the objects themselves: the last unref deletes.
struct Counted {
  void AddRef();
  void Release();
};
void counted(const std::string &text) {
  Counted *c = new Counted;
  Widget w;
  parse(text, w);
  delete c;
}

// A loop left by break, then a hand-over: the jump is not where it leaks.
void parse_face(std::vector<Widget *> &faces, const char *text) {
  Widget *face = new Widget(0);
  for (const char *c = text; *c; ++c) {
    if (*c == '#')
      break;
    if (*c == '!') {
      delete face;
      return;
    }
    face->grow();
  }
  faces.push_back(face);
}

// Handed over by reference to the object.
struct Tree {
  void adopt(Widget &child);
};
void add_child(Tree &tree, int size) {
  Widget *child = new Widget(size);
  if (size < 0) {
    delete child;
    return;
  }
  tree.adopt(*child);
}

// Grown in a loop from nothing: realloc(p, n) of the pointer itself.
void grow_in_loop(const std::vector<int> &sizes) {
  char *buf = nullptr;
  for (int size : sizes) {
    if (size < 0)
      break;
    buf = static_cast<char *>(std::realloc(buf, static_cast<std::size_t>(size)));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'buf = realloc(buf, ...)' loses the block 'buf' points to when 'realloc' fails; assign the result to a temporary and replace 'buf' only when it is not null [leak-missing-raii]
    if (size == 0)
      continue;
    consume(buf, static_cast<std::size_t>(size));
  }
  std::free(buf);
}

// Allocated and deleted under opposite spellings of one condition.
void dummy_root(const std::vector<Widget> &roots) {
  const Widget *root = nullptr;
  if (1 == roots.size())
    root = &roots[0];
  else
    root = new Widget(2);
  log_line(root->name.c_str());
  if (roots.size() != 1)
    delete root;
}

// Placement new builds in someone else's memory.
void placement(void *arena) {
  Widget *w = new (arena) Widget(1);
  if (w->size)
    return;
  w->~Widget();
}

// Nothing between new and delete can throw.
void straight(int size) noexcept {
  Widget *w = new Widget(size);
  w->grow();
  log_line(w->name.c_str());
  delete w;
}

// Never deleted, and nothing else can own it (leak-missing-raii-never.cpp
// has the rest of this story).
void never_deleted(int size) {
  Widget *w = new Widget(size);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'w' allocated with 'new' is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  w->grow();
}
// CHECK-FIXES: void never_deleted(int size) {
// CHECK-FIXES-NEXT:   auto w = std::make_unique<Widget>(size);
// CHECK-FIXES-NEXT:   w->grow();
// CHECK-FIXES-NEXT: }

// Never deleted here, by an object that deletes itself: not a pair this
// function manages.
struct Task {
  void finish() { delete this; }
  int steps = 0;
};
void self_owned(int steps) {
  Task *t = new Task;
  t->steps = steps;
  t->finish();
}

// A mutex is leak-manual-lock's; a stream closes itself.
std::mutex mu;
void streams(const char *path, const std::string &text) {
  mu.lock();
  Widget w;
  parse(text, w);
  mu.unlock();
  std::ifstream in;
  in.open(path);
  parse(text, w);
  in.close();
}

// Released inside a try block: the handler may release it.
void handled(const std::string &text) {
  Widget *w = new Widget;
  try {
    parse(text, *w);
  } catch (...) {
    delete w;
    throw;
  }
  delete w;
}

// ---- templates and macros ---------------------------------------------------

template <typename T> int in_template(const std::string &text) {
  T *t = new T;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 't' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the type depends on a template parameter
  if (text.empty())
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 't' leaks when returning here
  int size = t->size;
  delete t;
  return size;
}
int use_template(const std::string &text) { return in_template<Widget>(text); }

#define MAKE_WIDGET(n) new Widget(n)
int from_macro(int n) {
  Widget *w = MAKE_WIDGET(n);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'w' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-NOTES: :{{[0-9]+}}:24: note: expanded from macro 'MAKE_WIDGET'
  // CHECK-NOTES: :[[@LINE-3]]:15: note: no automatic fix: the acquisition is in a macro
  // CHECK-NOTES: :{{[0-9]+}}:24: note: expanded from macro 'MAKE_WIDGET'
  if (n > 10)
    return n;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'w' leaks when returning here
  int size = w->size;
  delete w;
  return size;
}

// Uses that would not survive the rewrite: a finding without a fix.
void watch_slot(Widget **slot) noexcept;
int address_taken(int n) {
  Widget *w = new Widget(n);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'w' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: no automatic fix: the address of 'w' is taken
  if (n < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'w' leaks when returning here
  watch_slot(&w);
  delete w;
  return 0;
}

// Passed by reference to a pointer: `w.get()` could not bind to it.
void reseat(Widget *&slot) noexcept;
int by_reference(int n) {
  Widget *w = new Widget(n);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'w' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: no automatic fix: 'w' is passed by reference to 'reseat'
  if (n < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'w' leaks when returning here
  reseat(w);
  delete w;
  return 0;
}

// A private constructor: std::make_unique could not call it.
class Registry {
public:
  static int build(const std::string &text);

private:
  Registry() = default;
  Widget root;
};
int Registry::build(const std::string &text) {
  Registry *r = new Registry;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'r' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  parse(text, r->root);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'r' leaks if an exception is thrown here
  int size = r->root.size;
  delete r;
  return size;
}
// CHECK-FIXES: std::unique_ptr<Registry> r(new Registry);

// Lambdas are functions of their own.
auto handler = [](const std::string &text) {
  Widget *w = new Widget;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'w' allocated with 'new' leaks if an exception is thrown before it is deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  parse(text, *w);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'w' leaks if an exception is thrown here
  delete w;
};
// CHECK-FIXES: auto handler = [](const std::string &text) {
// CHECK-FIXES-NEXT:   auto w = std::make_unique<Widget>();
// CHECK-FIXES-NEXT:   parse(text, *w);
// CHECK-FIXES-NEXT: };

// Braces initialize a pointer as `=` does: it is followed. No fix: the
// owner rewrite needs the `=` form.
void brace_initialized(std::size_t size) {
  char *p{static_cast<char *>(std::malloc(size))};
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'p' from 'malloc' is never freed; own it with 'std::unique_ptr' and 'free' [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-2]]:31: note: no automatic fix: 'p' is not initialized with '='
  p[0] = 1;
}
