#include <stdio.h>
FILE *open_log(void);

/* The larger unit, so the first one in the given order (heaviest first).
   It calls maker.c's function that returns a pointer, maker.c calls its
   note(): the two units call each other, and the one analyzed first in
   pass 1 does not have the other's answers. */

static int notes;

void note(int n) { notes += n; }

int leaks(void) {
  FILE *f = open_log();
  if (!f)
    return 1;
  fputs("x", f);
  return 0;
}
