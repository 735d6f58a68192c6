// The descriptor fix of leak-unclosed-resource: an `int` from open, socket,
// accept, eventfd, epoll_create1 or dup becomes a leakguard::unique_fd; each
// read of it takes `.get()`, a close statement becomes `.reset()` (dropped
// when it ends the declaring block), a close whose result is used closes
// what `.release()` gives up, and `return fd;` hands it on with `.release()`.
// Where the rewrite cannot be shown to compile, a note says why.
// RUN: %check_clang_tidy -std=c++11,c++17 %s leak-unclosed-resource %t -- -- -I %S/../../include

// CHECK-FIXES: #include <leakguard/unique_fd.h>
#include <cstdio>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

bool valid_header(const char *buf);
// Functions of this file that only use the descriptor they get.
bool handshake(int fd) {
  char hello = 'h';
  return write(fd, &hello, 1) == 1;
}
void serve(int fd) {
  char byte;
  while (read(fd, &byte, 1) == 1)
    if (write(fd, &byte, 1) != 1)
      return;
}
void log_fd(const char *what, int fd) {
  if (write(fd, what, 1) < 0)
    return;
}
void rewind_fd(int &fd) { lseek(fd, 0, SEEK_SET); }
bool peek(const int *fd);

// A read that fails leaves the file open.
long read_config(const char *path, char *buf, unsigned long n) {
  int fd = open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  if (fd < 0)
    return -1;
  long got = read(fd, buf, n);
  if (got <= 0 || !valid_header(buf))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  return got;
}
// CHECK-FIXES: long read_config(const char *path, char *buf, unsigned long n) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd fd(open(path, O_RDONLY));
// CHECK-FIXES-NEXT:   if (fd.get() < 0)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   long got = read(fd.get(), buf, n);
// CHECK-FIXES-NEXT:   if (got <= 0 || !valid_header(buf))
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   fd.reset();
// CHECK-FIXES-NEXT:   return got;
// CHECK-FIXES-NEXT: }

// A socket not closed when connect fails; on success the caller gets it.
int dial(const sockaddr *addr, socklen_t len) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 's' from 'socket' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  if (s == -1)
    return -1;
  if (::connect(s, addr, len) != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 's' leaks when returning here
  return s;
}
// CHECK-FIXES: int dial(const sockaddr *addr, socklen_t len) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd s(::socket(AF_INET, SOCK_STREAM, 0));
// CHECK-FIXES-NEXT:   if (s.get() == -1)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   if (::connect(s.get(), addr, len) != 0)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   return s.release();
// CHECK-FIXES-NEXT: }

// A connection dropped without a close when the handshake fails; the close
// that ends the block goes (the owner closes right there).
void accept_loop(int listener) {
  for (;;) {
    int c = accept(listener, nullptr, nullptr);
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'c' from 'accept' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
    if (c < 0)
      continue;
    if (!handshake(c))
      continue;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 'c' leaks when continuing here
    serve(c);
    close(c);
  }
}
// CHECK-FIXES:     leakguard::unique_fd c(accept(listener, nullptr, nullptr));
// CHECK-FIXES-NEXT:     if (c.get() < 0)
// CHECK-FIXES-NEXT:       continue;
// CHECK-FIXES-NEXT:     if (!handshake(c.get()))
// CHECK-FIXES-NEXT:       continue;
// CHECK-FIXES-NEXT:     serve(c.get());
// CHECK-FIXES-NEXT:   }

// A close whose result is read closes what the owner gives up; a close
// under a test of the descriptor stays under it.
int flush_counter(bool early) {
  int efd = eventfd(0, 0);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'efd' from 'eventfd' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  if (early)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'efd' leaks when returning here
  eventfd_write(efd, 1);
  if (close(efd) != 0)
    return -1;
  return 1;
}
// CHECK-FIXES: int flush_counter(bool early) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd efd(eventfd(0, 0));
// CHECK-FIXES-NEXT:   if (early)
// CHECK-FIXES-NEXT:     return 0;
// CHECK-FIXES-NEXT:   eventfd_write(efd.get(), 1);
// CHECK-FIXES-NEXT:   if (close(efd.release()) != 0)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   return 1;
// CHECK-FIXES-NEXT: }

int watch(int sock) {
  auto ep = epoll_create1(0);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'ep' from 'epoll_create1' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  epoll_event ev{};
  ev.events = EPOLLIN;
  if (epoll_ctl(ep, EPOLL_CTL_ADD, sock, &ev) != 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'ep' leaks when returning here
  int ready = epoll_wait(ep, &ev, 1, 100);
  if (ep >= 0)
    close(ep);
  return ready;
}
// CHECK-FIXES: int watch(int sock) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd ep(epoll_create1(0));
// CHECK-FIXES-NEXT:   epoll_event ev{};
// CHECK-FIXES-NEXT:   ev.events = EPOLLIN;
// CHECK-FIXES-NEXT:   if (epoll_ctl(ep.get(), EPOLL_CTL_ADD, sock, &ev) != 0)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   int ready = epoll_wait(ep.get(), &ev, 1, 100);
// CHECK-FIXES-NEXT:   if (ep.get() >= 0)
// CHECK-FIXES-NEXT:     ep.reset();
// CHECK-FIXES-NEXT:   return ready;
// CHECK-FIXES-NEXT: }

// `!fd` and `if (fd)` test the number, not the owner: they read `.get()`.
void copy_to_log(int from, bool quiet) {
  const int copy = dup(from);
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'copy' from 'dup' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  if (!copy || quiet)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'copy' leaks when returning here
  if (copy)
    log_fd("copy", copy);
  ::close(copy);
}
// CHECK-FIXES: void copy_to_log(int from, bool quiet) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd copy(dup(from));
// CHECK-FIXES-NEXT:   if (!copy.get() || quiet)
// CHECK-FIXES-NEXT:     return;
// CHECK-FIXES-NEXT:   if (copy.get())
// CHECK-FIXES-NEXT:     log_fd("copy", copy.get());
// CHECK-FIXES-NEXT: }

// ---- no fix: the note says why ---------------------------------------------

int reopened(const char *path, bool again) {
  int fd = open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: no automatic fix: 'fd' is passed by reference to 'rewind_fd'; own it with 'leakguard::unique_fd' and let the owner close it
  if (fd < 0)
    return -1;
  if (again)
    rewind_fd(fd);
  if (!handshake(fd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  return 0;
}

int address_taken(const char *path) {
  int fd = open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: no automatic fix: the address of 'fd' is taken; own it with 'leakguard::unique_fd' and let the owner close it
  if (!peek(&fd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  return 0;
}

// Returned inside a conditional: a '.release()' there would give up the
// descriptor on the path that returns -1 too.
int maybe_keep(const char *path, bool keep) {
  int fd = open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: no automatic fix: it is handed on here; own it with 'leakguard::unique_fd' and let the owner close it
  if (fd < 0)
    return -1;
  if (!handshake(fd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  return keep ? fd : -1;
}

// Opened again into the same variable.
int two_files(const char *a, const char *b) {
  int fd = open(a, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: no automatic fix: 'fd' is assigned again; own it with 'leakguard::unique_fd' and let the owner close it
  if (fd < 0)
    return -1;
  if (!handshake(fd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  fd = open(b, O_RDONLY);
  if (fd >= 0)
    close(fd);
  return 0;
}

// A descriptor that is not an int keeps its own type.
long wide(const char *path) {
  long fd = open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: no automatic fix: 'fd' is not an 'int'; own it with 'leakguard::unique_fd' and let the owner close it
  if (fd < 0)
    return -1;
  if (!handshake(fd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  return 0;
}

// Closed and opened on every path: no finding.
int balanced(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  bool ok = handshake(fd);
  close(fd);
  return ok ? 0 : -1;
}

// Handed on by its return on every path: no finding.
int opened(const char *path) {
  int fd = open(path, O_RDONLY);
  return fd;
}

// ---- macros -----------------------------------------------------------------

#define OPEN_RO(path) ::open(path, O_RDONLY)
#define CHECKED(call) ((call) >= 0)
#define CLOSE_IT(fd) ::close(fd)

int macro_acquire(const char *path) {
  int fd = OPEN_RO(path);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :{{[0-9]+}}:23: note: expanded from macro 'OPEN_RO'
  // CHECK-NOTES: :[[@LINE-3]]:12: note: no automatic fix: the acquisition is in a macro; own it with 'leakguard::unique_fd' and let the owner close it
  // CHECK-NOTES: :{{[0-9]+}}:23: note: expanded from macro 'OPEN_RO'
  if (fd < 0)
    return -1;
  if (!handshake(fd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  return 0;
}

// A use in a macro's argument takes `.get()` where the argument is spelled.
int macro_argument(const char *path, char *buf) {
  int fd = open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  if (!CHECKED(fd))
    return -1;
  if (!CHECKED(read(fd, buf, 1)))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  return 0;
}
// CHECK-FIXES: int macro_argument(const char *path, char *buf) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd fd(open(path, O_RDONLY));
// CHECK-FIXES-NEXT:   if (!CHECKED(fd.get()))
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   if (!CHECKED(read(fd.get(), buf, 1)))
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   fd.reset();
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-NEXT: }

int macro_release(const char *path) {
  int fd = open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: no automatic fix: it is released inside an expression or a macro; own it with 'leakguard::unique_fd' and let the owner close it
  if (fd < 0)
    return -1;
  if (!handshake(fd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  CLOSE_IT(fd);
  return 0;
}

// ---- templates --------------------------------------------------------------

// Fixed once, in the template, next to calls that depend on its parameter.
template <typename Sink> int forward_to(const char *path, Sink &sink) {
  int fd = open(path, O_RDONLY);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  if (fd < 0)
    return -1;
  if (!sink.ready())
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  if (write(fd, static_cast<const char *>(sink.data()), 4) != 4)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  return 0;
}
// CHECK-FIXES: template <typename Sink> int forward_to(const char *path, Sink &sink) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd fd(open(path, O_RDONLY));
// CHECK-FIXES-NEXT:   if (fd.get() < 0)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   if (!sink.ready())
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   if (write(fd.get(), static_cast<const char *>(sink.data()), 4) != 4)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   fd.reset();
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-NEXT: }

struct Sink {
  bool ready() const;
  const void *data() const;
};
int use_forward(Sink &sink) { return forward_to("/etc/hosts", sink); }

// The descriptor's type is the template's: not followed.
template <typename Fd> int typed(const char *path) {
  Fd fd = open(path, O_RDONLY);
  if (fd < 0)
    return -1;
  if (!handshake(fd))
    return -1;
  close(fd);
  return 0;
}
int use_typed() { return typed<int>("/etc/hosts"); }

// ---- the same limits for every owner ----------------------------------------

// A release whose value is returned releases what the owner gives up.
int close_report(FILE *log, const char *path, bool bad) {
  FILE *f = fopen(path, "w");
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f || bad)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'f' leaks when returning here
  fputs("done", f);
  return fclose(f);
}
// CHECK-FIXES: int close_report(FILE *log, const char *path, bool bad) {
// CHECK-FIXES-NEXT:   std::unique_ptr<FILE, decltype(&fclose)> f(fopen(path, "w"), &fclose);
// CHECK-FIXES-NEXT:   if (!f || bad)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   fputs("done", f.get());
// CHECK-FIXES-NEXT:   return fclose(f.release());
// CHECK-FIXES-NEXT: }

// Initialized with parentheses: the declaration is not rewritten.
int parenthesized(const char *path) {
  int fd(open(path, O_RDONLY));
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'fd' from 'open' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: 'fd' is not initialized with '='; own it with 'leakguard::unique_fd' and let the owner close it
  if (fd < 0)
    return -1;
  if (!handshake(fd))
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fd' leaks when returning here
  close(fd);
  return 0;
}
