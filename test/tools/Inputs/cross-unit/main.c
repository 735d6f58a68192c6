#include <stdio.h>
FILE *open_log(const char *path);
FILE *open_log_again(const char *path);
void close_log(FILE *f);
void close_quietly(FILE *f);
void peek(FILE *f);
void keep(FILE *f);

int acquired_elsewhere(void) {
  FILE *f = open_log("a");
  if (!f)
    return 1;
  fputs("x", f);
  return 0;
}
int acquired_two_deep(void) {
  FILE *f = open_log_again("a");
  if (!f)
    return 1;
  fputs("x", f);
  return 0;
}
int borrowed_elsewhere(void) {
  FILE *f = fopen("a", "r");
  if (!f)
    return 1;
  peek(f);
  return 0;
}
int released_elsewhere(void) {
  FILE *f = open_log("a");
  if (!f)
    return 1;
  close_quietly(f);
  return 0;
}
int kept_elsewhere(void) {
  FILE *f = fopen("a", "r");
  if (!f)
    return 1;
  keep(f);
  return 0;
}
