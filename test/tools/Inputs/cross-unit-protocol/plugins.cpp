#include "plugins.h"

bool Module::load(const char *path) {
  file_ = std::fopen(path, "r");
  return file_ != nullptr;
}
void Module::unload() {
  if (!file_)
    return;
  std::fclose(file_);
  file_ = nullptr;
}

bool Plugin::open(const char *path) {
  file_ = std::fopen(path, "r");
  return file_ != nullptr;
}
void Plugin::close() {
  if (file_)
    std::fclose(file_);
  file_ = nullptr;
}

bool Conn::open(const char *path) {
  file_ = std::fopen(path, "r");
  return file_ != nullptr;
}
void Conn::close() {
  if (file_)
    std::fclose(file_);
  file_ = nullptr;
}
