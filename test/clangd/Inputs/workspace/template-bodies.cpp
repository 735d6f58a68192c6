#include "template.h"

int workOn(int N) {
  int *P = new int[4];
  P[0] = twiceOf(N);
  int R = P[0];
  delete[] P;
  return R;
}
