#include "inline.h"

int work(int N) {
  int *P = new int[4];
  P[0] = twice(N);
  int R = P[0];
  delete[] P;
  return R;
}
