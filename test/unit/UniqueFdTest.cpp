//===--- UniqueFdTest.cpp - include/leakguard/unique_fd.h -----------------===//

#include "leakguard/unique_fd.h"
#include "gtest/gtest.h"
#include <cerrno>
#include <fcntl.h>
#include <stdexcept>
#include <sys/socket.h>
#include <type_traits>
#include <unistd.h>
#include <utility>

namespace {

/// Whether \p fd is an open descriptor of this process.
bool isOpen(int fd) { return fd >= 0 && ::fcntl(fd, F_GETFD) != -1; }

/// A fresh descriptor (the read end of a pipe; the write end is closed).
int freshFd() {
  int ends[2];
  if (::pipe(ends) != 0)
    throw std::runtime_error("pipe failed");
  ::close(ends[1]);
  return ends[0];
}

TEST(UniqueFdTest, EmptyByDefault) {
  leakguard::unique_fd fd;
  EXPECT_EQ(fd.get(), -1);
  EXPECT_FALSE(fd);
}

TEST(UniqueFdTest, ClosesWhenDestroyed) {
  int raw = freshFd();
  {
    leakguard::unique_fd fd(raw);
    EXPECT_TRUE(fd);
    EXPECT_EQ(fd.get(), raw);
    EXPECT_TRUE(isOpen(raw));
  }
  errno = 0;
  EXPECT_EQ(::fcntl(raw, F_GETFD), -1);
  EXPECT_EQ(errno, EBADF);
}

TEST(UniqueFdTest, ClosesOnAnException) {
  int raw = freshFd();
  auto Throws = [raw] {
    leakguard::unique_fd fd(raw);
    throw std::runtime_error("boom");
  };
  EXPECT_THROW(Throws(), std::runtime_error);
  EXPECT_FALSE(isOpen(raw));
}

TEST(UniqueFdTest, KeepsAFailedAcquisitionsValue) {
  // `leakguard::unique_fd fd(open(...)); if (fd.get() < 0)` reads what open
  // returned; nothing is closed.
  leakguard::unique_fd fd(-1);
  EXPECT_EQ(fd.get(), -1);
  EXPECT_FALSE(fd);
  leakguard::unique_fd odd(-7);
  EXPECT_EQ(odd.get(), -7);
  EXPECT_FALSE(odd);
}

TEST(UniqueFdTest, ReleaseGivesItUpOpen) {
  int raw = freshFd();
  {
    leakguard::unique_fd fd(raw);
    EXPECT_EQ(fd.release(), raw);
    EXPECT_EQ(fd.get(), -1);
    EXPECT_FALSE(fd);
  }
  EXPECT_TRUE(isOpen(raw));
  ::close(raw);
}

TEST(UniqueFdTest, ResetClosesTheOldOne) {
  int first = freshFd();
  int second = freshFd();
  leakguard::unique_fd fd(first);
  fd.reset(second);
  EXPECT_FALSE(isOpen(first));
  EXPECT_TRUE(isOpen(second));
  EXPECT_EQ(fd.get(), second);
  fd.reset();
  EXPECT_FALSE(isOpen(second));
  EXPECT_EQ(fd.get(), -1);
  fd.reset(); // Empty: nothing to close.
  EXPECT_EQ(fd.get(), -1);
}

TEST(UniqueFdTest, ResetToItselfKeepsItOpen) {
  int raw = freshFd();
  leakguard::unique_fd fd(raw);
  fd.reset(raw);
  EXPECT_TRUE(isOpen(raw));
  EXPECT_EQ(fd.get(), raw);
}

TEST(UniqueFdTest, MoveHandsItOver) {
  int raw = freshFd();
  leakguard::unique_fd from(raw);
  leakguard::unique_fd to(std::move(from));
  EXPECT_EQ(from.get(), -1); // NOLINT(bugprone-use-after-move): tested.
  EXPECT_EQ(to.get(), raw);
  EXPECT_TRUE(isOpen(raw));

  int other = freshFd();
  leakguard::unique_fd target(other);
  target = std::move(to);
  EXPECT_FALSE(isOpen(other)); // The target's own was closed.
  EXPECT_EQ(target.get(), raw);
  EXPECT_EQ(to.get(), -1); // NOLINT(bugprone-use-after-move): tested.
  EXPECT_TRUE(isOpen(raw));

  leakguard::unique_fd &alias = target;
  target = std::move(alias); // Self-move: still open, still owned.
  EXPECT_EQ(target.get(), raw);
  EXPECT_TRUE(isOpen(raw));
}

TEST(UniqueFdTest, Swap) {
  int a = freshFd();
  int b = freshFd();
  leakguard::unique_fd x(a), y(b);
  swap(x, y);
  EXPECT_EQ(x.get(), b);
  EXPECT_EQ(y.get(), a);
}

TEST(UniqueFdTest, ClosingKeepsErrno) {
  int raw = freshFd();
  {
    leakguard::unique_fd fd(raw);
    errno = ECONNREFUSED; // What the failed call before the return set.
  }
  EXPECT_EQ(errno, ECONNREFUSED);
  EXPECT_FALSE(isOpen(raw));
}

TEST(UniqueFdTest, PipeIntoTwoOwners) {
  int readEnd, writeEnd;
  {
    leakguard::unique_fd ends[2];
    ASSERT_EQ(leakguard::make_pipe(ends), 0);
    readEnd = ends[0].get();
    writeEnd = ends[1].get();
    EXPECT_TRUE(isOpen(readEnd));
    EXPECT_TRUE(isOpen(writeEnd));
    char byte = 'x';
    ASSERT_EQ(::write(ends[1].get(), &byte, 1), 1);
    byte = 0;
    ASSERT_EQ(::read(ends[0].get(), &byte, 1), 1);
    EXPECT_EQ(byte, 'x');
  }
  EXPECT_FALSE(isOpen(readEnd));
  EXPECT_FALSE(isOpen(writeEnd));
}

TEST(UniqueFdTest, Pipe2AndSocketPair) {
  int first, second;
  {
    leakguard::unique_fd ends[2];
    ASSERT_EQ(leakguard::make_pipe2(ends, O_CLOEXEC), 0);
    EXPECT_NE(::fcntl(ends[0].get(), F_GETFD) & FD_CLOEXEC, 0);
    leakguard::unique_fd pair[2];
    ASSERT_EQ(leakguard::make_socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
    first = pair[0].get();
    second = pair[1].get();
    EXPECT_TRUE(isOpen(first) && isOpen(second));
  }
  EXPECT_FALSE(isOpen(first));
  EXPECT_FALSE(isOpen(second));
}

TEST(UniqueFdTest, AFailedPairLeavesTheOwners) {
  leakguard::unique_fd pair[2];
  errno = 0;
  EXPECT_EQ(leakguard::make_socketpair(-1, SOCK_STREAM, 0, pair), -1);
  EXPECT_NE(errno, 0);
  EXPECT_EQ(pair[0].get(), -1);
  EXPECT_EQ(pair[1].get(), -1);
}

TEST(UniqueFdTest, TheShapeOfAnInt) {
  using leakguard::unique_fd;
  static_assert(!std::is_copy_constructible_v<unique_fd>);
  static_assert(!std::is_copy_assignable_v<unique_fd>);
  static_assert(std::is_nothrow_move_constructible_v<unique_fd>);
  static_assert(std::is_nothrow_move_assignable_v<unique_fd>);
  static_assert(std::is_nothrow_destructible_v<unique_fd>);
  static_assert(!std::is_convertible_v<int, unique_fd>);  // explicit
  static_assert(!std::is_convertible_v<unique_fd, bool>); // explicit bool
  static_assert(!std::is_convertible_v<unique_fd, int>);
  static_assert(sizeof(unique_fd) == sizeof(int));
}

} // namespace
