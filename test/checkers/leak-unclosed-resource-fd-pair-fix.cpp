// The pair fix of leak-unclosed-resource: `int fds[2]` filled by pipe,
// pipe2 or socketpair becomes `leakguard::unique_fd fds[2]` filled by
// leakguard::make_pipe, make_pipe2 or make_socketpair (the same arguments
// and result); `fds[i]` is read with `.get()`, `close(fds[i])` becomes
// `fds[i].reset()`. Where the rewrite cannot be shown to compile, a note
// says why.
// RUN: %check_clang_tidy -std=c++11,c++17 %s leak-unclosed-resource %t -- -- -I %S/../../include

// CHECK-FIXES: #include <leakguard/unique_fd.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

// Both ends leak when the write fails.
long ping_through_pipe(char *buf) {
  int fds[2];
  if (pipe(fds) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'fds' from 'pipe' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
    return -1;
  if (write(fds[1], "x", 1) != 1)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fds' leaks when returning here
  long n = read(fds[0], buf, 1);
  close(fds[0]);
  close(fds[1]);
  return n;
}
// CHECK-FIXES: long ping_through_pipe(char *buf) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd fds[2];
// CHECK-FIXES-NEXT:   if (leakguard::make_pipe(fds) != 0)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   if (write(fds[1].get(), "x", 1) != 1)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   long n = read(fds[0].get(), buf, 1);
// CHECK-FIXES-NEXT:   fds[0].reset();
// CHECK-FIXES-NEXT:   fds[1].reset();
// CHECK-FIXES-NEXT:   return n;
// CHECK-FIXES-NEXT: }

// A socket pair whose close results are read; spelled with '::'.
int exchange(bool early) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'sv' from 'socketpair' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
    return -1;
  if (early)
    return 0;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'sv' leaks when returning here
  if (::write(sv[0], "ping", 4) != 4)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'sv' leaks when returning here
  int failed = ::close(sv[0]) != 0;
  if (::close(sv[1]) != 0)
    failed = 1;
  return failed ? -1 : 1;
}
// CHECK-FIXES: int exchange(bool early) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd sv[2];
// CHECK-FIXES-NEXT:   if (leakguard::make_socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   if (early)
// CHECK-FIXES-NEXT:     return 0;
// CHECK-FIXES-NEXT:   if (::write(sv[0].get(), "ping", 4) != 4)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   int failed = ::close(sv[0].release()) != 0;
// CHECK-FIXES-NEXT:   if (::close(sv[1].release()) != 0)
// CHECK-FIXES-NEXT:     failed = 1;
// CHECK-FIXES-NEXT:   return failed ? -1 : 1;
// CHECK-FIXES-NEXT: }

// pipe2 keeps its flags; the last close of the block goes.
void self_pipe(bool armed) {
  int p[2];
  if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'p' from 'pipe2' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
    return;
  if (!armed)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'p' leaks when returning here
  if (write(p[1], "", 1) < 0)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'p' leaks when returning here
  close(p[1]);
  close(p[0]);
}
// CHECK-FIXES: void self_pipe(bool armed) {
// CHECK-FIXES-NEXT:   leakguard::unique_fd p[2];
// CHECK-FIXES-NEXT:   if (leakguard::make_pipe2(p, O_CLOEXEC | O_NONBLOCK) == -1)
// CHECK-FIXES-NEXT:     return;
// CHECK-FIXES-NEXT:   if (!armed)
// CHECK-FIXES-NEXT:     return;
// CHECK-FIXES-NEXT:   if (write(p[1].get(), "", 1) < 0)
// CHECK-FIXES-NEXT:     return;
// CHECK-FIXES-NEXT:   p[1].reset();
// CHECK-FIXES-NEXT: }

// ---- no fix: the note says why ---------------------------------------------

// An end set to -1 by hand.
int forget_end(char *buf) {
  int fds[2];
  if (pipe(fds) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'fds' from 'pipe' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: 'fds[1]' is assigned again; own it with 'leakguard::unique_fd' and let the owner close it
    return -1;
  if (read(fds[0], buf, 1) != 1)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fds' leaks when returning here
  close(fds[1]);
  fds[1] = -1;
  close(fds[0]);
  return 0;
}

// Declared with values.
int preset(char *buf) {
  int fds[2] = {0, 0};
  if (pipe(fds) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'fds' from 'pipe' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: 'fds' is not declared uninitialized; own it with 'leakguard::unique_fd' and let the owner close it
    return -1;
  if (read(fds[0], buf, 1) != 1)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fds' leaks when returning here
  close(fds[0]);
  close(fds[1]);
  return 0;
}

// An end chosen at run time.
int by_index(char *buf, int which) {
  int fds[2];
  if (pipe(fds) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'fds' from 'pipe' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: 'fds' is used as an array; own it with 'leakguard::unique_fd' and let the owner close it
    return -1;
  if (read(fds[which], buf, 1) != 1)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fds' leaks when returning here
  close(fds[0]);
  close(fds[1]);
  return 0;
}

#define MAKE_PIPE(ends) pipe(ends)

int macro_pipe(char *buf) {
  int fds[2];
  if (MAKE_PIPE(fds) != 0)
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'fds' from 'pipe' is not released on every path; own it with 'leakguard::unique_fd' [leak-unclosed-resource]
  // CHECK-NOTES: :{{[0-9]+}}:25: note: expanded from macro 'MAKE_PIPE'
  // CHECK-NOTES: :[[@LINE-3]]:7: note: no automatic fix: the acquisition is in a macro; own it with 'leakguard::unique_fd' and let the owner close it
  // CHECK-NOTES: :{{[0-9]+}}:25: note: expanded from macro 'MAKE_PIPE'
    return -1;
  if (read(fds[0], buf, 1) != 1)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'fds' leaks when returning here
  close(fds[0]);
  close(fds[1]);
  return 0;
}

// Both ends closed on every path: no finding.
int balanced(char *buf) {
  int fds[2];
  if (pipe(fds) != 0)
    return -1;
  long n = read(fds[0], buf, 1);
  close(fds[0]);
  close(fds[1]);
  return n == 1 ? 0 : -1;
}
