#include "plugins.h"

std::unique_ptr<Plugin> own_plugin(const char *path) {
  auto p = std::make_unique<Plugin>();
  p->open(path);
  return p;
}
