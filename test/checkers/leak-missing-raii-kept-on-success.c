// C: a function that keeps a pointer only when it succeeds (it links it
// into a list when its own allocation works, and returns the node or null;
// it stores it and returns 0, or returns an error code without touching
// it) hands it on where its caller finds the result a success, and leaves
// it to the caller where the result is a failure or is not looked at.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c11

#include <stddef.h>
#include <stdlib.h>

struct node {
  void *content;
  struct node *next;
};

struct list {
  struct node *first;
  int count;
};

static struct list pending;

static void link_node(struct list *l, void *content, struct node *n) {
  n->content = content;
  n->next = l->first;
  l->first = n;
  ++l->count;
}

// Keeps `content` exactly when it returns a node (not null).
struct node *list_append(struct list *l, void *content) {
  struct node *n = malloc(sizeof *n);
  if (n)
    link_node(l, content, n);
  return n;
}

struct message {
  char *topic;
  void *payload;
  struct message *next;
};

static struct message *queue;

// Keeps `payload` exactly when it returns 0.
int publish(const char *topic, void *payload) {
  struct message *m;
  if (topic == NULL)
    return 3;
  m = malloc(sizeof *m);
  if (m == NULL)
    return 1;
  m->topic = NULL;
  m->payload = payload;
  m->next = queue;
  queue = m;
  return 0;
}

// Negative: the failure branch frees it, the success branch hands it on.
void append_tested(void) {
  int *v = malloc(sizeof *v);
  if (!v)
    return;
  if (!list_append(&pending, v)) {
    free(v);
    return;
  }
}

// Negative: the result kept in a local and tested later.
int append_tested_later(void) {
  struct node *n;
  int *v = malloc(sizeof *v);
  if (v == NULL)
    return -1;
  n = list_append(&pending, v);
  if (n == NULL) {
    free(v);
    return -1;
  }
  return 0;
}

// Negative: a status compared with the success value.
int publish_tested(const char *topic) {
  char *copy = malloc(16);
  if (!copy)
    return 1;
  int rc = publish(topic, copy);
  if (rc != 0)
    free(copy);
  return rc;
}

// Positive: the result is ignored; when the node's allocation fails the
// value is lost.
void append_ignored(void) {
  int *v = malloc(sizeof *v);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'v' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (!v)
    return;
  list_append(&pending, v);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'list_append' keeps 'v' only when it succeeds
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'v' leaks at the end of the function

// Positive: the copy goes to the caller's status, but nothing frees it
// when publish fails.
int publish_copy(const char *topic, const void *data, size_t len) {
  void *copy = malloc(len + 1);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'copy' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (copy == NULL)
    return 1;
  return publish(topic, copy);
  // CHECK-NOTES: :[[@LINE-1]]:10: note: 'publish' keeps 'copy' only when it succeeds
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'copy' leaks when returning here
}

// Positive: the failure branch forgets it.
int publish_failure_forgotten(const char *topic) {
  char *copy = malloc(16);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'copy' from 'malloc' is not freed on every path; free it on every path [leak-missing-raii]
  if (!copy)
    return 1;
  if (publish(topic, copy) != 0)
    // CHECK-NOTES: :[[@LINE-1]]:7: note: no automatic fix: it is handed on here
    // CHECK-NOTES: :[[@LINE-2]]:7: note: 'publish' keeps 'copy' only when it succeeds
    return 2;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'copy' leaks when returning here
  return 0;
}

// A function that keeps its parameter on every path is a plain hand-off.
void keep_always(struct list *l, void *content, struct node *n) {
  link_node(l, content, n);
}

void append_always(struct node *n) {
  int *v = malloc(sizeof *v);
  keep_always(&pending, v, n);
}

// A function whose success value is not told apart from its failure
// values (it returns 0 on both) keeps it on some paths: lent.
int keep_maybe(void *payload, int flag) {
  struct message *m;
  if (flag)
    return 0;
  m = malloc(sizeof *m);
  if (!m)
    return 0;
  m->payload = payload;
  m->next = queue;
  queue = m;
  return 0;
}

void lent_to_keep_maybe(int flag) {
  char *p = malloc(8);
  keep_maybe(p, flag);
}

// A node pointer written again after the keep says nothing of it: the call
// is lent, as any call that may keep it.
struct node *append_then_forget(struct list *l, void *content) {
  struct node *n = malloc(sizeof *n);
  if (n != NULL)
    link_node(l, content, n);
  n = NULL;
  return n;
}

void lent_to_append_then_forget(void) {
  int *v = malloc(sizeof *v);
  append_then_forget(&pending, v);
}

// Macros: the call and the test come from a macro.
#define APPEND_OR_FREE(l, v)                                                   \
  do {                                                                         \
    if (!list_append(l, v))                                                    \
      free(v);                                                                 \
  } while (0)

void append_macro(void) {
  int *v = malloc(sizeof *v);
  if (v)
    APPEND_OR_FREE(&pending, v);
}
