// A member released by a close()-style method, not by the destructor: the
// class is not reported when every destruction of its objects calls that
// method first (`m->unload(); delete m;`). Classes of this file: this unit
// holds every destruction. Classes of a header are read through the
// cross-unit summaries (test/tools/scan-cross-unit-protocol.test).
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c++17

#include <cstdio>
#include <memory>
#include <vector>

// ---- what stays quiet -------------------------------------------------------

// Released by unload() on every path; the registry, its only destroyer,
// unloads each module before deleting it.
class Module {
public:
  void load(const char *path) { file_ = std::fopen(path, "r"); }
  void unload() {
    if (!file_)
      return;
    std::fclose(file_);
    file_ = nullptr;
  }

private:
  FILE *file_ = nullptr;
};

class Registry {
public:
  void add(const char *path) {
    Module *m = new Module;
    m->load(path);
    modules_.push_back(m);
  }
  void clear() {
    for (Module *m : modules_) {
      m->unload();
      delete m;
    }
    modules_.clear();
  }

private:
  std::vector<Module *> modules_;
};

// Released through another method that close() calls; the object deletes
// itself after closing.
class Session {
public:
  Session() : buffer_(new char[64]) {}
  void finish() {
    close();
    delete this;
  }

private:
  void close() { release(); }
  void release() {
    delete[] buffer_;
    buffer_ = nullptr;
  }
  char *buffer_;
};

// ---- what is still reported -------------------------------------------------

// One destruction does not call close() first.
class Log {
public:
  void open(const char *path) { file_ = std::fopen(path, "a"); }
  void close() {
    if (file_ != nullptr)
      std::fclose(file_);
    file_ = nullptr;
  }

private:
  FILE *file_ = nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'file_' owns a handle from 'fopen' that the destructor of 'Log' never releases; each 'Log' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-10]]:41: note: 'file_' is given a handle from 'fopen' here
  // CHECK-NOTES: :[[@LINE-10]]:8: note: 'file_' is released only by 'close'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: only memory from 'new' is rewritten
};

void closeAndDelete(Log *l) {
  l->close();
  delete l;
}
void justDelete(Log *l) { delete l; }

// Released on some paths only.
class Cache {
public:
  void fill(const char *path) { file_ = std::fopen(path, "r"); }
  void flush(bool done) {
    if (done)
      std::fclose(file_);
  }

private:
  FILE *file_ = nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'file_' owns a handle from 'fopen' that the destructor of 'Cache' never releases; each 'Cache' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-9]]:41: note: 'file_' is given a handle from 'fopen' here
  // CHECK-NOTES: :[[@LINE-9]]:8: note: 'file_' is released only by 'flush'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: only memory from 'new' is rewritten
};

void dropCache(Cache *c) {
  c->flush(true);
  delete c;
}

// Released after an early return that does not depend on the member.
class Stream {
public:
  void open(const char *path) { file_ = std::fopen(path, "r"); }
  void stop() {
    if (!running_)
      return;
    std::fclose(file_);
    file_ = nullptr;
  }

private:
  bool running_ = false;
  FILE *file_ = nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'file_' owns a handle from 'fopen' that the destructor of 'Stream' never releases; each 'Stream' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-12]]:41: note: 'file_' is given a handle from 'fopen' here
  // CHECK-NOTES: :[[@LINE-12]]:8: note: 'file_' is released only by 'stop'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: only memory from 'new' is rewritten
};

void dropStream(Stream *s) {
  s->stop();
  delete s;
}

// Released, then given a new handle: reopen() leaves it holding one.
class Journal {
public:
  void open(const char *path) { file_ = std::fopen(path, "a"); }
  void reopen() {
    std::fclose(file_);
    file_ = std::fopen("journal", "a");
  }

private:
  FILE *file_ = nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'file_' owns a handle from 'fopen' that the destructor of 'Journal' never releases; each 'Journal' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-9]]:41: note: 'file_' is given a handle from 'fopen' here
  // CHECK-NOTES: :[[@LINE-9]]:8: note: 'file_' is released only by 'reopen'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: only memory from 'new' is rewritten
};

void dropJournal(Journal *j) {
  j->reopen();
  delete j;
}

// Owned by a std::unique_ptr, which deletes without closing.
class Socket {
public:
  void open(const char *path) { file_ = std::fopen(path, "r"); }
  void close() {
    std::fclose(file_);
    file_ = nullptr;
  }

private:
  FILE *file_ = nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'file_' owns a handle from 'fopen' that the destructor of 'Socket' never releases; each 'Socket' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-9]]:41: note: 'file_' is given a handle from 'fopen' here
  // CHECK-NOTES: :[[@LINE-9]]:8: note: 'file_' is released only by 'close'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: only memory from 'new' is rewritten
};

void dropSocket(Socket *s) {
  s->close();
  delete s;
}
std::unique_ptr<Socket> ownSocket() { return std::make_unique<Socket>(); }

// A local object goes out of scope without close().
class Reader {
public:
  void open(const char *path) { file_ = std::fopen(path, "r"); }
  void close() {
    std::fclose(file_);
    file_ = nullptr;
  }

private:
  FILE *file_ = nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'file_' owns a handle from 'fopen' that the destructor of 'Reader' never releases; each 'Reader' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-9]]:41: note: 'file_' is given a handle from 'fopen' here
  // CHECK-NOTES: :[[@LINE-9]]:8: note: 'file_' is released only by 'close'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: only memory from 'new' is rewritten
};

void dropReader(Reader *r) {
  r->close();
  delete r;
}
void readOnce(const char *path) {
  Reader r;
  r.open(path);
}

// close() only under a condition at the destruction.
class Pipe {
public:
  void open(const char *path) { file_ = std::fopen(path, "r"); }
  void close() {
    std::fclose(file_);
    file_ = nullptr;
  }

private:
  FILE *file_ = nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'file_' owns a handle from 'fopen' that the destructor of 'Pipe' never releases; each 'Pipe' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-9]]:41: note: 'file_' is given a handle from 'fopen' here
  // CHECK-NOTES: :[[@LINE-9]]:8: note: 'file_' is released only by 'close'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: only memory from 'new' is rewritten
};

void dropPipe(Pipe *p, bool flush) {
  if (flush)
    p->close();
  delete p;
}

// Never destroyed at all: nothing says close() runs.
class Lonely {
public:
  void open(const char *path) { file_ = std::fopen(path, "r"); }
  void close() {
    std::fclose(file_);
    file_ = nullptr;
  }

private:
  FILE *file_ = nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'file_' owns a handle from 'fopen' that the destructor of 'Lonely' never releases; each 'Lonely' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-9]]:41: note: 'file_' is given a handle from 'fopen' here
  // CHECK-NOTES: :[[@LINE-9]]:8: note: 'file_' is released only by 'close'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: only memory from 'new' is rewritten
};
