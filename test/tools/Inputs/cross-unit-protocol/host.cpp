#include "plugins.h"

void drop_plugin(Plugin *p) {
  p->close();
  delete p;
}
