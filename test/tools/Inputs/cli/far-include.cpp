// The fix-it inserts #include <memory> 20 lines above the warning.
#include <cstdlib>
#include <cstdio>

int filler0() { return 0; }
int filler1() { return 1; }
int filler2() { return 2; }
int filler3() { return 3; }
int filler4() { return 4; }
int filler5() { return 5; }
int filler6() { return 6; }
int filler7() { return 7; }
int filler8() { return 8; }
int filler9() { return 9; }
int filler10() { return 10; }
int filler11() { return 11; }
int filler12() { return 12; }
int filler13() { return 13; }
int filler14() { return 14; }

int work(bool fail) {
  char *buf = (char *)malloc(16);
  if (fail)
    return -1;
  free(buf);
  return 0;
}
