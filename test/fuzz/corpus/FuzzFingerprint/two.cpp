#include <cstdio>
#include <mutex>
std::mutex mu;
int f(const char *p) {
  FILE *f = fopen(p, "r");
  if (!f) return -1;
  mu.lock();
  if (fgetc(f) < 0) { return 1; }
  mu.unlock();
  fclose(f);
  return 0;
}
void g() { int *q = new int[4]; q[0] = 1; }
