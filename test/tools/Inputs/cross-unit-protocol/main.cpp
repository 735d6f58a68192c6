#include "plugins.h"

int main(int argc, char **argv) {
  std::vector<Module *> modules;
  for (int i = 1; i < argc; ++i) {
    Module *m = new Module;
    if (m->load(argv[i]))
      modules.push_back(m);
    else
      unload_all(modules);
  }
  unload_all(modules);
  Plugin *p = new Plugin;
  p->open("plugin");
  drop_plugin(p);
  Conn *c = new Conn;
  c->open("conn");
  drop_conn(c);
  return 0;
}
