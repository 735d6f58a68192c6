#include "list.h"
#include <stdlib.h>

static void link_node(struct list *l, void *content, struct node *n) {
  n->content = content;
  n->next = l->first;
  l->first = n;
}

// Keeps content exactly when it returns a node.
struct node *list_append(struct list *l, void *content) {
  struct node *n = malloc(sizeof *n);
  if (n)
    link_node(l, content, n);
  return n;
}

// Keeps item exactly when it returns 0.
int queue_push(struct list *l, void *item) {
  struct node *n = malloc(sizeof *n);
  if (n == NULL)
    return -12;
  link_node(l, item, n);
  return 0;
}
