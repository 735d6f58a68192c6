// Three classes that own a file through a member released by a method, not
// by the destructor. Their methods are in plugins.cpp; other files own and
// destroy the objects.
#pragma once
#include <cstdio>
#include <memory>
#include <vector>

// Destroyed only by registry.cpp, which unloads each one first.
class Module {
public:
  bool load(const char *path);
  void unload();

private:
  FILE *file_ = nullptr;
};

// Destroyed by host.cpp after close(), and by a std::unique_ptr in
// owner.cpp, which does not call it.
class Plugin {
public:
  bool open(const char *path);
  void close();

private:
  FILE *file_ = nullptr;
};

// Destroyed by pool.cpp without close().
class Conn {
public:
  bool open(const char *path);
  void close();

private:
  FILE *file_ = nullptr;
};

void unload_all(std::vector<Module *> &modules);
void drop_plugin(Plugin *p);
std::unique_ptr<Plugin> own_plugin(const char *path);
void drop_conn(Conn *c);
