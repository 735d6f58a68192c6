#include "flows.h"

int main(int argc, char **argv) {
  Reassembler r;
  stats = new Stats;
  for (int i = 1; i < argc; ++i) {
    Conn c;
    serve(r, c, argv[i]);
    if (i % 100 == 0)
      stats->reset();
  }
  return 0;
}
