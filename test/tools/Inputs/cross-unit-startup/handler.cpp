#include "config.h"

void handle(const std::string &key) {
  if (allowed(key))
    remember(key);
}
