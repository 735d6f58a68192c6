// C translation units: the malloc family, never freed or freed on some
// paths only. No fix-its in C.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c11 -D_GNU_SOURCE

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void use(const char *text);
void keep(char *buffer);
long read_into(const char *path, char *buf, size_t len);

void never_freed(void) {
  char *p = (char *)malloc(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'p' from 'malloc' is never freed; free it on every path [leak-missing-raii]
  if (!p)
    return;
  strcpy(p, "x");
  use(p);
}

int zeroed(int n) {
  int *v = calloc(n, sizeof *v);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'v' from 'calloc' is never freed; free it on every path [leak-missing-raii]
  if (v == NULL)
    return -1;
  v[0] = n;
  return v[0];
}

int aligned(size_t n) {
  void *block;
  if (posix_memalign(&block, 64, n) != 0)
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'block' from 'posix_memalign' is never freed; free it on every path [leak-missing-raii]
    return -1;
  memset(block, 0, n);
  return 0;
}

// A read-style buffer is lent to the call that fills it.
long first_byte(const char *path, size_t n) {
  char *buf = malloc(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'buf' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (!buf)
    return -1;
  if (read_into(path, buf, n) < (long)n)
    return -1;
  // CHECK-MESSAGES-NOT: note
  long first = buf[0];
  free(buf);
  return first;
}

long from_fd(int fd, size_t n) {
  char *buf = malloc(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'buf' from 'malloc' is never freed; free it on every path [leak-missing-raii]
  if (!buf)
    return -1;
  return read(fd, buf, n);
}

// ---- not reported -----------------------------------------------------------

void freed(void) {
  char *p = malloc(10);
  if (!p)
    return;
  use(p);
  free(p);
}

char *made(size_t n) {
  char *p = malloc(n);
  if (p)
    p[0] = 0;
  return p;
}

void handed_to_unknown(void) {
  char *p = malloc(64);
  keep(p);
}

struct list {
  char *items[8];
  int count;
};
void stored(struct list *l) {
  char *p = malloc(16);
  l->items[l->count++] = p;
}

// ---- p = realloc(p, n) ------------------------------------------------------

int grow(char **out, size_t n) {
  char *buf = malloc(16);
  if (!buf)
    return -1;
  buf = realloc(buf, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'buf = realloc(buf, ...)' loses the block 'buf' points to when 'realloc' fails; assign the result to a temporary and replace 'buf' only when it is not null [leak-missing-raii]
  if (!buf)
    return -1;
  *out = buf;
  return 0;
}

int grow_in_condition(char **out, size_t n) {
  char *buf = malloc(16);
  if (!buf)
    return -1;
  if ((buf = realloc(buf, n)) == NULL)
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'buf = realloc(buf, ...)' loses the block 'buf' points to when 'realloc' fails; assign the result to a temporary and replace 'buf' only when it is not null [leak-missing-raii]
    return -1;
  *out = buf;
  return 0;
}

// A temporary keeps the old block; a failure that ends the program loses
// nothing.
int grow_safely(char **out, size_t n) {
  char *buf = malloc(16);
  if (!buf)
    return -1;
  char *bigger = realloc(buf, n);
  if (!bigger) {
    free(buf);
    return -1;
  }
  *out = bigger;
  return 0;
}

void die(const char *why) __attribute__((noreturn));
char *grow_or_die(char *buf, size_t n) {
  char *p = malloc(n);
  if (!p)
    die("malloc");
  p = realloc(p, 2 * n);
  if (!p)
    die("realloc");
  (void)buf;
  return p;
}

// ---- local aliases ----------------------------------------------------------

// An iteration pointer or a local copy that only walks over the block is the
// same handle.
int count_spaces(const char *text) {
  char *copy = malloc(strlen(text) + 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'copy' from 'malloc' is never freed; free it on every path [leak-missing-raii]
  if (!copy)
    return -1;
  strcpy(copy, text);
  int spaces = 0;
  for (char *c = copy; *c; ++c)
    if (*c == ' ')
      spaces++;
  return spaces;
}

int sum_bytes(size_t n) {
  unsigned char *block = malloc(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'block' from 'malloc' is never freed; free it on every path [leak-missing-raii]
  if (!block)
    return -1;
  memset(block, 1, n);
  unsigned char *end = block + n;
  int sum = 0;
  for (unsigned char *q = block; q < end; q++)
    sum += *q;
  return sum;
}

// An alias that goes somewhere else hands the block on.
char *Saved;
void alias_escapes(size_t n) {
  char *block = malloc(n);
  char *alias = block;
  Saved = alias;
}

// ---- handed on through a part of the object ---------------------------------

struct list_head {
  struct list_head *next, *prev;
};
void list_add_tail(struct list_head *entry, struct list_head *head);
struct job {
  int id;
  struct list_head link;
  char name[16];
};
void enqueue(struct list_head *queue, int id) {
  struct job *j = malloc(sizeof *j);
  if (!j)
    return;
  j->id = id;
  list_add_tail(&j->link, queue);
}

struct list_head *make_entry(void) {
  struct job *j = calloc(1, sizeof *j);
  if (!j)
    return NULL;
  return &j->link;
}

struct blob {
  void *base;
};
void copy_into(struct blob *b, const void *src, size_t n) {
  void *p = malloc(n);
  if (!p)
    return;
  b->base = memcpy(p, src, n);
}

// The argument of a thread belongs to the thread once it is created.
#include <pthread.h>
void *worker(void *arg);
int start_worker(pthread_t *t, int id) {
  int *arg = malloc(sizeof *arg);
  if (!arg)
    return -1;
  *arg = id;
  if (pthread_create(t, NULL, worker, arg) != 0) {
    free(arg);
    return -1;
  }
  return 0;
}

// A copy of a pointer kept elsewhere: on failure the old block is still
// reachable there. An assertion that aborts loses nothing either.
int grow_slot(char **slot, size_t n) {
  char *p = *slot;
  p = realloc(p, n);
  if (!p)
    return -1;
  *slot = p;
  return 0;
}
void fail(const char *what) __attribute__((noreturn));
#define alloc_assert(x)                                                        \
  do {                                                                         \
    if (!(x))                                                                  \
      fail(#x);                                                                \
  } while (0)
char *grow_asserted(size_t n) {
  char *p = malloc(16);
  alloc_assert(p);
  p = realloc(p, n);
  alloc_assert(p);
  return p;
}

// A wrapper of this file that returns what malloc gave, or NULL.
char *xdup(const char *text) {
  char *p = malloc(strlen(text) + 1);
  if (!p)
    return NULL;
  strcpy(p, text);
  return p;
}
void wrapped_never_freed(void) {
  char *p = xdup("x");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'p' from 'xdup' is never freed; free it on every path [leak-missing-raii]
  if (!p)
    return;
  use(p);
}
void wrapped_freed(void) {
  char *p = xdup("x");
  use(p);
  free(p);
}

// A wrapper of realloc may end the program when it fails: only realloc
// itself is known to keep the block and give null.
void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q && n)
    abort();
  return q;
}
void grow_through_wrapper(size_t n) {
  char *list = NULL;
  list = xrealloc(list, n);
  list = xrealloc(list, 2 * n);
  use(list);
  free(list);
}

// `*key` of a pointer to an array is the block's address: handed on.
typedef unsigned char key64[64];
void map_put(void *map, void *value);
int put_key(void *map, int bad) {
  key64 *key = malloc(sizeof(key64));
  if (!key)
    return -1;
  if (bad) {
    free(key);
    return -1;
  }
  map_put(map, (void *)*key);
  return 0;
}

// The block is handed on through a pointer into it (a string after its
// header) or through its value with tag bits.
struct hdr {
  unsigned len;
  char type;
};
char *str_new(unsigned len) {
  struct hdr *h = malloc(sizeof(struct hdr) + len + 1);
  if (!h)
    return NULL;
  h->len = len;
  char *s = (char *)h + sizeof(struct hdr);
  s[-1] = 1;
  return s;
}
struct entry {
  void *key;
};
struct entry *tagged_entry(void *key) {
  struct entry *e = malloc(sizeof *e);
  if (!e)
    return NULL;
  e->key = key;
  return (struct entry *)(void *)((unsigned long)(void *)e | 1);
}

// A release wrapper that returns early for a null pointer, however the
// test is spelled, releases on every path: the paths it does not release
// on hold nothing.
void xfree(void *ptr) {
  if (ptr == NULL)
    return;
  free(ptr);
}
void xfree_cast(void *ptr) {
  if (NULL != (char *)ptr)
    free(ptr);
}
int freed_by_wrapper(int bad) {
  char *p = malloc(8);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'p' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (bad)
    return -1;
  xfree(p);
  return 0;
}
int freed_by_wrapper_cast(int bad) {
  char *p = malloc(8);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'p' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (bad)
    return -1;
  xfree_cast(p);
  return 0;
}
void freed_by_wrapper_always(void) {
  char *p = malloc(8);
  use(p);
  xfree(p);
}

// `memcpy(&parent->child, &n, sizeof n)` copies the pointer into the tree:
// handed on. Copying what the block holds is only a read.
struct node {
  struct node *child;
};
void link_child(struct node *parent) {
  struct node *n = malloc(sizeof *n);
  if (!n)
    return;
  n->child = NULL;
  memcpy(&parent->child, &n, sizeof n);
}
void copy_contents(char *dst) {
  char *p = malloc(8);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'p' from 'malloc' is never freed; free it on every path [leak-missing-raii]
  if (!p)
    return;
  memcpy(dst, p, 8);
}
