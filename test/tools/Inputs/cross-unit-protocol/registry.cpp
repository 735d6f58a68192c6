#include "plugins.h"

void unload_all(std::vector<Module *> &modules) {
  for (Module *m : modules) {
    m->unload();
    delete m;
  }
  modules.clear();
}
