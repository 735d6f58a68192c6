#include "api.h"

void leak_session() {
  Session *s = make_session();
  s->id = 1;
}
void leak_session_twice_wrapped() {
  Session *s = make_session_twice_wrapped();
  s->id = 1;
}
void ok_session() {
  Session *s = make_session();
  s->id = 2;
  destroy_session(s);
}
void leak_buffer() {
  char *b = make_buffer(16);
  if (!b)
    return;
  b[0] = 0;
}
void borrowed_buffer() {
  char *b = make_buffer(16);
  if (!b)
    return;
  fill(b);
}
void kept_buffer() {
  char *b = make_buffer(16);
  keep_buffer(b);
}
void run_action(Action &a) {
  int *n = new int[4];
  a.run();
  delete[] n;
}
void run_task(Task &t) {
  int *n = new int[4];
  t.run();
  delete[] n;
}
