// C++: the advice names an RAII owner; lambdas, templates, macros; user APIs.
// RUN: %check_clang_tidy %s leak-unclosed-resource %t -- \
// RUN:   -config="{CheckOptions: {LeakResources: 'pool_checkout@out=1 -> pool_checkin@arg=1 fail=nonzero borrow=conn_; make_buffer -> drop_buffer'}}" \
// RUN:   -- -std=c++17
// A malformed entry is reported, and the rest still works.
// RUN: %clang_tidy_plugin --checks='-*,leak-unclosed-resource' %s \
// RUN:   -config="{CheckOptions: {LeakResources: 'no_arrow; make_buffer -> drop_buffer fail=sometimes; make_buffer -> drop_buffer'}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s --check-prefix=BAD
// BAD-DAG: warning: invalid entry 'no_arrow': expected 'acquire -> release' in option 'LeakResources' of check 'leak-unclosed-resource' [clang-tidy-config]
// BAD-DAG: warning: invalid entry 'make_buffer -> drop_buffer fail=sometimes': unknown failure test 'sometimes' in option 'LeakResources' of check 'leak-unclosed-resource' [clang-tidy-config]
// BAD-DAG: leak-unclosed-resource.cpp:{{[0-9]+}}:17: warning: 'buf' from 'make_buffer' is not released on every path

#include <cstdio>
#include <curl/curl.h>
#include <memory>
#include <string>

std::string slurp(const char *path) {
  FILE *f = std::fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f)
    return {};
  std::string text;
  int c;
  while ((c = std::fgetc(f)) != EOF) {
    if (c == 0)
      return text;
    text += static_cast<char>(c);
  }
  std::fclose(f);
  return text;
}
// The handle becomes a std::unique_ptr; borrowers get the raw pointer and the
// release stays where it was.
// CHECK-FIXES: std::string slurp(const char *path) {
// CHECK-FIXES-NEXT:   std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path, "r"), &std::fclose);
// CHECK-FIXES-NEXT:   if (!f)
// CHECK-FIXES-NEXT:     return {};
// CHECK-FIXES-NEXT:   std::string text;
// CHECK-FIXES-NEXT:   int c;
// CHECK-FIXES-NEXT:   while ((c = std::fgetc(f.get())) != EOF) {
// CHECK-FIXES-NEXT:     if (c == 0)
// CHECK-FIXES-NEXT:       return text;
// CHECK-FIXES-NEXT:     text += static_cast<char>(c);
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   f.reset();
// CHECK-FIXES-NEXT:   return text;
// CHECK-FIXES-NEXT: }

// A list grown from empty: the owner starts empty, each append hands the
// list over and takes the grown one back.
bool post_json(CURL *curl) {
  struct curl_slist *headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'headers' from 'curl_slist_append' is not released on every path; wrap it in 'std::unique_ptr' with 'curl_slist_free_all' [leak-unclosed-resource]
  headers = curl_slist_append(headers, "Accept: application/json");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  if (curl_easy_perform(curl) != CURLE_OK)
    return false;
  curl_slist_free_all(headers);
  return true;
}
// CHECK-FIXES: bool post_json(CURL *curl) {
// CHECK-FIXES-NEXT: std::unique_ptr<struct curl_slist, decltype(&curl_slist_free_all)> headers(nullptr, &curl_slist_free_all);
// CHECK-FIXES-NEXT: headers.reset(curl_slist_append(headers.release(), "Content-Type: application/json"));
// CHECK-FIXES-NEXT: headers.reset(curl_slist_append(headers.release(), "Accept: application/json"));
// CHECK-FIXES-NEXT: curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
// CHECK-FIXES-NEXT: if (curl_easy_perform(curl) != CURLE_OK)
// CHECK-FIXES-NEXT: return false;
// CHECK-FIXES-NEXT: headers.reset();
// CHECK-FIXES-NEXT: return true;
// CHECK-FIXES-NEXT: }

// Owned by a smart pointer from the start: nothing to report.
std::string slurp_owned(const char *path) {
  std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path, "r"),
                                                  &std::fclose);
  if (!f)
    return {};
  return std::string(1, static_cast<char>(std::fgetc(f.get())));
}

// Ownership moves into a smart pointer.
std::unique_ptr<FILE, int (*)(FILE *)> open_log(const char *path) {
  FILE *f = std::fopen(path, "a");
  if (!f)
    return {nullptr, &std::fclose};
  return std::unique_ptr<FILE, int (*)(FILE *)>(f, &std::fclose);
}

// A lambda is a function of its own.
auto first_byte = [](const char *path) {
  FILE *f = std::fopen(path, "rb");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f)
    return -1;
  int c = std::fgetc(f);
  if (c == EOF)
    return -2;
  std::fclose(f);
  return c;
};

// Templates are analyzed once, not per instantiation.
template <typename T> T read_value(const char *path, T fallback) {
  FILE *f = std::fopen(path, "rb");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f)
    return fallback;
  T value;
  if (std::fread(&value, sizeof value, 1, f) != 1)
    return fallback;
  std::fclose(f);
  return value;
}
// Fixed once, in the template.
// CHECK-FIXES: template <typename T> T read_value(const char *path, T fallback) {
// CHECK-FIXES-NEXT:   std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path, "rb"), &std::fclose);
template int read_value<int>(const char *, int);
template double read_value<double>(const char *, double);

// Macros: the acquisition is reported where the macro is used.
#define OPEN_OR_RETURN(var, path)                                              \
  FILE *var = std::fopen(path, "r");                                           \
  if (!var)                                                                    \
    return -1;
// No fix inside a macro.
// CHECK-FIXES: int count_lines(const char *path) {
// CHECK-FIXES-NEXT:   OPEN_OR_RETURN(f, path)
// With IgnoreMacros, acquisitions spelled in macros are not followed.
// RUN: %clang_tidy_plugin --checks='-*,leak-unclosed-resource' %s \
// RUN:   -config="{CheckOptions: {leak-unclosed-resource.IgnoreMacros: true}}" \
// RUN:   -- -std=c++17 2>&1 | FileCheck %s --check-prefix=NOMACRO
// NOMACRO: warning: 'f' from 'fopen' is not released on every path
int count_lines(const char *path) {
  OPEN_OR_RETURN(f, path)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  // NOMACRO-NOT: leak-unclosed-resource.cpp:[[@LINE-2]]:3: warning:
  int lines = 0, c;
  while ((c = std::fgetc(f)) != EOF)
    if (c == '\n')
      ++lines;
  if (lines > 1000000)
    return -2;
  std::fclose(f);
  return lines;
}

// User-declared APIs (LeakResources).
struct Pool;
struct Conn;
extern "C" int pool_checkout(Pool *, Conn **);
extern "C" void pool_checkin(Pool *, Conn *);
extern "C" int conn_query(Conn *, const char *);
struct Buffer;
Buffer *make_buffer(int size);
void drop_buffer(Buffer *);

// No fix for out-parameters or C++ release functions (decltype(&f) needs
// one overload).
int run_query(Pool *pool, const char *sql) {
  Conn *conn;
  if (pool_checkout(pool, &conn) != 0)
    return -1;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'conn' from 'pool_checkout' is not released on every path; wrap it in 'std::unique_ptr' with 'pool_checkin' [leak-unclosed-resource]
  if (conn_query(conn, sql) < 0)
    return -2;
  pool_checkin(pool, conn);
  return 0;
}

int fill(int n) {
  Buffer *buf = make_buffer(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'buf' from 'make_buffer' is not released on every path; wrap it in 'std::unique_ptr' with 'drop_buffer' [leak-unclosed-resource]
  if (n > 4096)
    return -1;
  drop_buffer(buf);
  return 0;
}
// CHECK-FIXES: int run_query(Pool *pool, const char *sql) {
// CHECK-FIXES-NEXT:   Conn *conn;
// CHECK-FIXES: int fill(int n) {
// CHECK-FIXES-NEXT:   Buffer *buf = make_buffer(n);

// A handle returned on one path is not converted (the caller owns it then);
// a note gives the code to write.
// RUN: %clang_tidy_plugin --checks='-*,leak-unclosed-resource' %s -- -std=c++17 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OWNER
// OWNER: leak-unclosed-resource.cpp:[[@LINE+3]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
// OWNER: leak-unclosed-resource.cpp:[[@LINE+2]]:13: note: no automatic fix; once acquired, own it with 'std::unique_ptr<FILE, decltype(&fclose)> owner(f, &fclose);' and let the owner release it
FILE *open_or_null(const char *path, bool keep) {
  FILE *f = std::fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f || !keep)
    return nullptr;
  return f;
}
// CHECK-FIXES: FILE *open_or_null(const char *path, bool keep) {
// CHECK-FIXES-NEXT:   FILE *f = std::fopen(path, "r");

// curl_easy_setopt is a macro that repeats its arguments: the edit goes
// where the handle is spelled.
bool ping(const char *url) {
  CURL *curl = curl_easy_init();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'curl' from 'curl_easy_init' is not released on every path; wrap it in 'std::unique_ptr' with 'curl_easy_cleanup' [leak-unclosed-resource]
  if (!curl)
    return false;
  curl_easy_setopt(curl, CURLOPT_URL, url);
  if (curl_easy_perform(curl) != CURLE_OK)
    return false;
  curl_easy_cleanup(curl);
  return true;
}
// CHECK-FIXES: bool ping(const char *url) {
// CHECK-FIXES-NEXT:   std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
// CHECK-FIXES-NEXT:   if (!curl)
// CHECK-FIXES-NEXT:     return false;
// CHECK-FIXES-NEXT:   curl_easy_setopt(curl.get(), CURLOPT_URL, url);
// CHECK-FIXES-NEXT:   if (curl_easy_perform(curl.get()) != CURLE_OK)
// CHECK-FIXES-NEXT:     return false;
// CHECK-FIXES-NEXT:   curl.reset();
// CHECK-FIXES-NEXT:   return true;
// CHECK-FIXES-NEXT: }

// The same member condition around the acquisition and the release.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
struct RandomAccessFile {
  bool has_permanent_fd;
  int permanent_fd;
  const char *name;
  long read_at(long offset, char *scratch, unsigned long n) const {
    int fd = permanent_fd;
    if (!has_permanent_fd) {
      fd = ::open(name, O_RDONLY);
      if (fd < 0)
        return -1;
    }
    long got = ::pread(fd, scratch, n, offset);
    if (!has_permanent_fd)
      ::close(fd);
    return got;
  }
};

// Handed, through a cast, to the object that owns it from then on.
struct MappedFile {
  MappedFile(char *base, unsigned long size);
};
MappedFile *map_whole(int fd, unsigned long size) {
  void *base = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (base == MAP_FAILED)
    return nullptr;
  return new MappedFile(reinterpret_cast<char *>(base), size);
}

// A release that takes more than the handle (`munmap(p, size)`) cannot be a
// unique_ptr deleter: no fix, the note says what to do.
long sum_mapped(int fd, unsigned long size, bool quick) {
  void *p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'p' from 'mmap' is not released on every path; wrap it in 'std::unique_ptr' with 'munmap' [leak-unclosed-resource]
  if (p == MAP_FAILED)
    return -1;
  if (quick)
    return 0;
  long sum = static_cast<const char *>(p)[0];
  ::munmap(p, size);
  return sum;
}
// CHECK-FIXES: long sum_mapped(int fd, unsigned long size, bool quick) {
// CHECK-FIXES-NEXT:   void *p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
// A function that never releases gets the model's release function as the
// deleter when the file declares it as a C function of the handle alone.
long peek(const char *path) {
  FILE *f = std::fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'f' from 'fopen' is not released on every path; wrap it in 'std::unique_ptr' with 'fclose' [leak-unclosed-resource]
  if (!f)
    return -1;
  return std::fgetc(f);
}
// CHECK-FIXES: long peek(const char *path) {
// CHECK-FIXES-NEXT:   std::unique_ptr<FILE, decltype(&fclose)> f(std::fopen(path, "r"), &fclose);
// CHECK-FIXES-NEXT:   if (!f)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   return std::fgetc(f.get());
