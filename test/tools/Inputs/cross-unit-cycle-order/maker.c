#include <stdio.h>
void note(int n);

FILE *open_log(void) { return fopen("log", "a"); }

void flush_all(void) { note(1); }
