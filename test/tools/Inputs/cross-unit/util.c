#include <stdio.h>
FILE *open_log(const char *path) {
  FILE *f = fopen(path, "a");
  if (!f)
    return NULL;
  return f;
}
/* A wrapper of a wrapper still acquires. */
FILE *open_log_again(const char *path) { return open_log(path); }
void close_log(FILE *f) {
  if (f)
    fclose(f);
}
/* Releases through close_log: a release too. */
void close_quietly(FILE *f) { close_log(f); }
void peek(FILE *f) {
  if (f)
    fgetc(f);
}
static FILE *kept[8];
static int nkept;
void keep(FILE *f) { kept[nkept++] = f; }
