#include <stddef.h>

struct node {
  void *content;
  struct node *next;
};

struct list {
  struct node *first;
};

struct node *list_append(struct list *l, void *content);
int queue_push(struct list *l, void *item);
