//===--- unique_fd.h - a file descriptor closed when its owner goes -------===//
//
// Part of leakguard. Header-only, standard C++11 or later and POSIX, no
// dependencies.
//
// leakguard::unique_fd owns one POSIX file descriptor (a file, a socket, a
// pipe end, an eventfd, an epoll instance...) and closes it with ::close when
// it is destroyed, so that no path out of a scope, an early return, a break
// or an exception, leaves it open. It is what leak-unclosed-resource and
// leak-missing-raii suggest for a descriptor held in an `int`:
//
//   leakguard::unique_fd fd(::open(path, O_RDONLY));
//   if (fd.get() < 0)
//     return -1;
//   if (::read(fd.get(), buf, n) <= 0)
//     return -1;                         // closed here
//   return ::write(out, buf, n);         // and here
//
// -1 is the empty value. The owner keeps whatever int it is given, a
// negative one too, so get() reads exactly what the acquiring call returned
// (`fd.get() < 0` still tests its failure); only a descriptor >= 0 is ever
// closed, and `explicit operator bool` is `get() >= 0`.
//
//   get()        the descriptor, still owned
//   release()    gives it up: returns it and leaves the owner empty (-1);
//                `return fd.release();` hands it to the caller
//   reset(n)     closes the descriptor held (if any) and owns n (default
//                -1); resetting to the descriptor already held keeps it open
//
// Closing keeps errno as it was: the code that read errno after a failed
// call before the owner was added reads the same value after the owner
// closed on the way out. A failed close is not reported (Linux releases the
// descriptor even when close fails, and it must not be retried); call
// ::close(fd.release()) where its result matters.
//
// The two ends of a pipe or a socket pair come in two owners, from
// make_pipe, make_pipe2 (where pipe2 exists) and make_socketpair, which take
// the same arguments and return the same as pipe, pipe2 and socketpair, with an
// array of two owners for the array of two ints:
//
//   leakguard::unique_fd ends[2];
//   if (leakguard::make_pipe(ends) != 0)
//     return -1;
//   ::write(ends[1].get(), "x", 1);
//
// On failure the owners are left as they were (errno set by the call).
//
// Move-only, like std::unique_ptr: moving hands the descriptor over and
// leaves the source empty. Thread-compatible: one owner is not shared
// between threads without a lock. The cost is that of an int: the same
// size, and calls that inline to the raw operations
// (bench/unique_fd_bench.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_UNIQUE_FD_H
#define LEAKGUARD_UNIQUE_FD_H

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace leakguard {

class unique_fd {
public:
  /// Empty: owns nothing.
  constexpr unique_fd() noexcept = default;
  /// Owns \p fd (a negative value: nothing to close).
  constexpr explicit unique_fd(int fd) noexcept : fd_(fd) {}

  unique_fd(const unique_fd &) = delete;
  unique_fd &operator=(const unique_fd &) = delete;

  unique_fd(unique_fd &&other) noexcept : fd_(other.release()) {}
  unique_fd &operator=(unique_fd &&other) noexcept {
    if (this != &other)
      reset(other.release());
    return *this;
  }

  ~unique_fd() { close_if_open(fd_); }

  /// The descriptor, still owned; -1 when empty.
  constexpr int get() const noexcept { return fd_; }

  /// Gives the descriptor up without closing it; the owner is empty after.
  int release() noexcept {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

  /// Closes the descriptor held, unless it is \p fd itself, and owns \p fd.
  void reset(int fd = -1) noexcept {
    int old = fd_;
    fd_ = fd;
    if (old != fd)
      close_if_open(old);
  }

  /// Whether it holds a descriptor (get() >= 0).
  constexpr explicit operator bool() const noexcept { return fd_ >= 0; }

  friend void swap(unique_fd &a, unique_fd &b) noexcept {
    int fd = a.fd_;
    a.fd_ = b.fd_;
    b.fd_ = fd;
  }

private:
  static void close_if_open(int fd) noexcept {
    if (fd < 0)
      return;
    int saved = errno;
    ::close(fd);
    errno = saved;
  }

  int fd_ = -1;
};

/// ::pipe into \p ends (0 reads, 1 writes); its result.
inline int make_pipe(unique_fd (&ends)[2]) noexcept {
  int raw[2];
  int result = ::pipe(raw);
  if (result == 0) {
    ends[0].reset(raw[0]);
    ends[1].reset(raw[1]);
  }
  return result;
}

// Where the C library declares pipe2: glibc and musl with _GNU_SOURCE
// (which C++ compilers define there), the BSDs.
#if defined(_GNU_SOURCE) || defined(__FreeBSD__) || defined(__NetBSD__) ||     \
    defined(__OpenBSD__) || defined(__DragonFly__)
/// ::pipe2 into \p ends; its result.
inline int make_pipe2(unique_fd (&ends)[2], int flags) noexcept {
  int raw[2];
  int result = ::pipe2(raw, flags);
  if (result == 0) {
    ends[0].reset(raw[0]);
    ends[1].reset(raw[1]);
  }
  return result;
}
#endif

/// ::socketpair into \p ends; its result.
inline int make_socketpair(int domain, int type, int protocol,
                           unique_fd (&ends)[2]) noexcept {
  int raw[2];
  int result = ::socketpair(domain, type, protocol, raw);
  if (result == 0) {
    ends[0].reset(raw[0]);
    ends[1].reset(raw[1]);
  }
  return result;
}

} // namespace leakguard

#endif // LEAKGUARD_UNIQUE_FD_H
