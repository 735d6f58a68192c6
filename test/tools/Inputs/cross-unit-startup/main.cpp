#include "config.h"

int main(int argc, char **argv) {
  load_config(argc, argv);
  load_plugins(argv);
  remember(argv[0]);
  for (int i = 1; i < argc; ++i) {
    load_extra(argv[i]);
    handle(argv[i]);
  }
  return allowed("/") ? 0 : 1;
}
