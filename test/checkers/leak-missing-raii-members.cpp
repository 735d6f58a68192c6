// Classes that own a raw resource through a member.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c++17

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// Given memory in the constructor, never released: each object leaks it.
class Parser {
public:
  explicit Parser(std::size_t size) : buffer_(new char[size]), size_(size) {}
  ~Parser() {}
  char *data() { return buffer_; }

private:
  char *buffer_;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'buffer_' owns memory from 'new[]' that the destructor of 'Parser' never releases; each 'Parser' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-7]]:47: note: 'buffer_' is given memory from 'new[]' here
  std::size_t size_;
};
// The member becomes a std::unique_ptr; readers get the raw pointer.
// CHECK-FIXES: explicit Parser(std::size_t size) : buffer_(new char[size]), size_(size) {}
// CHECK-FIXES-NEXT: ~Parser() {}
// CHECK-FIXES-NEXT: char *data() { return buffer_.get(); }
// CHECK-FIXES: std::unique_ptr<char[]> buffer_;

// Released only by close(): an object destroyed without it leaks.
class LogFile {
public:
  bool open(const char *path) {
    file_ = std::fopen(path, "a");
    return file_ != nullptr;
  }
  void close() {
    if (file_)
      std::fclose(file_);
    file_ = nullptr;
  }
  void write(const std::string &line) { std::fputs(line.c_str(), file_); }

private:
  FILE *file_ = nullptr;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'file_' owns a handle from 'fopen' that the destructor of 'LogFile' never releases; each 'LogFile' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-13]]:13: note: 'file_' is given a handle from 'fopen' here
  // CHECK-NOTES: :[[@LINE-11]]:8: note: 'file_' is released only by 'close'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: only memory from 'new' is rewritten
};

// The destructor releases, the implicit copies release again.
class Buffer {
public:
  explicit Buffer(std::size_t size)
      : data_(static_cast<char *>(std::malloc(size))) {}
  ~Buffer() { std::free(data_); }

private:
  char *data_;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: member 'data_' owns memory from 'malloc' that the destructor of 'Buffer' releases, but 'Buffer' keeps its implicit copy operations: a copy releases it twice; own it with 'std::unique_ptr' or delete the copy operations [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-6]]:15: note: 'data_' is given memory from 'malloc' here
  // CHECK-NOTES: :[[@LINE-3]]:9: note: no automatic fix: only memory from 'new' is rewritten
};

// Copied twice over by the implicit copies; set again by reset().
struct Config {
  int level = 0;
};
class Settings {
public:
  Settings() : config_(new Config) {}
  ~Settings() { delete config_; }
  void reload() {
    delete config_;
    config_ = new Config();
  }
  int level() const { return config_ ? config_->level : 0; }

private:
  Config *config_;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: member 'config_' owns memory from 'new' that the destructor of 'Settings' releases, but 'Settings' keeps its implicit copy operations: a copy releases it twice; own it with 'std::unique_ptr' or delete the copy operations [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-11]]:24: note: 'config_' is given memory from 'new' here
};
// CHECK-FIXES: Settings() : config_(new Config) {}
// CHECK-FIXES-NEXT: ~Settings() { }
// CHECK-FIXES-NEXT: void reload() {
// CHECK-FIXES-NEXT: config_.reset();
// CHECK-FIXES-NEXT: config_.reset(new Config());
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: int level() const { return config_ ? config_->level : 0; }
// CHECK-FIXES: std::unique_ptr<Config> config_;

// A class that is copied here keeps its raw member: the fix would not
// compile.
class Copied {
public:
  Copied() : config_(new Config) {}
  ~Copied() { delete config_; }

private:
  Config *config_;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: member 'config_' owns memory from 'new' that the destructor of 'Copied' releases, but 'Copied' keeps its implicit copy operations: a copy releases it twice; own it with 'std::unique_ptr' or delete the copy operations [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-6]]:22: note: 'config_' is given memory from 'new' here
  // CHECK-NOTES: :[[@LINE-3]]:11: note: no automatic fix: 'Copied' is copied
};
Copied make_copy(const Copied &c) { return c; }

// A pointer type behind a typedef.
typedef unsigned char *bytes_t;
class Chunk {
public:
  Chunk() : entry_(new unsigned char[64]) {}

private:
  bytes_t entry_;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: member 'entry_' owns memory from 'new[]' that the destructor of 'Chunk' never releases; each 'Chunk' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-5]]:20: note: 'entry_' is given memory from 'new[]' here
  // CHECK-NOTES: :[[@LINE-3]]:11: note: no automatic fix: the member's declaration cannot be rewritten
};

// Handed out by reference: `slot_.get()` could not bind to `Config *&`.
class Slot {
public:
  Slot() : slot_(new Config) {}
  Config *&slot() { return slot_; }

private:
  Config *slot_;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: member 'slot_' owns memory from 'new' that the destructor of 'Slot' never releases; each 'Slot' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-6]]:18: note: 'slot_' is given memory from 'new' here
  // CHECK-NOTES: :[[@LINE-3]]:11: note: no automatic fix: 'slot_' is bound to a reference
};

// ---- what stays quiet -------------------------------------------------------

// Copies deleted.
class Owned {
public:
  Owned() : node_(new int(1)) {}
  Owned(const Owned &) = delete;
  Owned &operator=(const Owned &) = delete;
  ~Owned() { delete node_; }

private:
  int *node_;
};

// Copying is made safe by hand.
class Cloned {
public:
  Cloned() : node_(new int(1)) {}
  Cloned(const Cloned &other) : node_(new int(*other.node_)) {}
  Cloned &operator=(const Cloned &other) {
    *node_ = *other.node_;
    return *this;
  }
  ~Cloned() { delete node_; }

private:
  int *node_;
};

// A member that cannot be copied makes the class move-only.
class Guarded {
public:
  Guarded() : node_(new int(1)) {}
  ~Guarded() { delete node_; }

private:
  int *node_;
  std::mutex mu_;
};

// The destructor releases through close().
class Session {
public:
  Session() : file_(std::fopen("/tmp/session", "w")) {}
  ~Session() { close(); }
  void close() {
    if (file_)
      std::fclose(file_);
    file_ = nullptr;
  }
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

private:
  FILE *file_;
};

// A parent object owns what it is given (`new Child(this)`).
struct Node;
struct Child {
  explicit Child(Node *parent);
};
struct Node {
  Node() : child_(new Child(this)) {}

private:
  Child *child_;
};

// Not owned: a pointer to something that lives elsewhere.
class View {
public:
  explicit View(std::string *text) : text_(text) {}
  void reset(std::string *text) { text_ = text; }

private:
  std::string *text_;
};

// Already RAII.
class Smart {
public:
  Smart() : node_(std::make_unique<int>(1)) {}

private:
  std::unique_ptr<int> node_;
};

// Member functions defined elsewhere: the rest of the story is not here.
class Elsewhere {
public:
  Elsewhere() : node_(new int(1)) {}
  ~Elsewhere();

private:
  int *node_;
};

// Swapped with another object's: not followed.
class Swapper {
public:
  Swapper() : node_(new int(1)) {}
  void swap(Swapper &other) { std::swap(node_, other.node_); }

private:
  int *node_;
};

// A class template whose destructor releases.
template <typename T> class Pool {
public:
  Pool() : items_(new T[16]) {}
  Pool(const Pool &) = delete;
  Pool &operator=(const Pool &) = delete;
  ~Pool() { delete[] items_; }

private:
  T *items_;
};
Pool<int> pool;

// Counted by itself (inc_ref/dec_ref): copies are its own business.
class Shared {
public:
  Shared() : counts_(new int(1)) {}
  ~Shared() { dec_ref(); }
  void inc_ref() { ++*counts_; }
  void dec_ref() {
    if (--*counts_ == 0)
      delete counts_;
  }

private:
  int *counts_;
};

// Handed to a container that owns what it holds.
class Importer {
public:
  void begin() {
    current_ = new Config;
    all_.push_back(current_);
  }

private:
  Config *current_ = nullptr;
  std::vector<Config *> all_;
};

// Copied into another owner.
class Loader {
public:
  Loader() : scratch_(new Config) {}
  Config *take() {
    Config *result = scratch_;
    scratch_ = nullptr;
    return result;
  }

private:
  Config *scratch_;
};

// A class template whose destructor releases through a member function.
template <typename T> class Document {
public:
  Document() : doc_(nullptr) {}
  ~Document() { clear(); }
  void load() { doc_ = new T(); }
  void clear() {
    delete doc_;
    doc_ = nullptr;
  }
  Document(const Document &) = delete;
  Document &operator=(const Document &) = delete;

private:
  T *doc_;
};
Document<int> document;

// Class templates are analyzed once, as written.
template <typename T> class Holder {
public:
  Holder() : value_(new T()) {}

private:
  T *value_;
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: member 'value_' owns memory from 'new' that the destructor of 'Holder' never releases; each 'Holder' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-5]]:20: note: 'value_' is given memory from 'new' here
  // CHECK-NOTES: :[[@LINE-3]]:6: note: no automatic fix: the class is a template
};
Holder<int> holder;

// Classes nobody can copy: a member or a base with a private (C++03-style)
// copy constructor, or a private destructor.
class NoCopy {
public:
  NoCopy() {}
private:
  NoCopy(const NoCopy &);
  NoCopy &operator=(const NoCopy &);
};
class GuardedBuffer {
public:
  GuardedBuffer() : data_(new char[16]) {}
  ~GuardedBuffer() { delete[] data_; }
private:
  NoCopy lock_;
  char *data_;
};
class Handler : private NoCopy {
public:
  Handler() : state_(new int(0)) {}
  ~Handler() { delete state_; }
private:
  int *state_;
};
class Registry {
public:
  static Registry &instance();
private:
  Registry() : slots_(new int[8]) {}
  ~Registry() { delete[] slots_; }
  int *slots_;
};

// A member handed to a call that adopts it (the model's adopters, the
// OpenSSL `set0` convention, a call given a deleter for it) belongs to the
// adopter: not the class's to release.
struct ssl_st;
struct bio_st;
struct bio_method_st;
extern "C" bio_st *BIO_new(const bio_method_st *type);
extern "C" const bio_method_st *BIO_s_mem();
extern "C" void BIO_free(bio_st *b);
extern "C" void SSL_set_bio(ssl_st *s, bio_st *rbio, bio_st *wbio);
extern "C" void SSL_free(ssl_st *s);
class Pipe {
public:
  explicit Pipe(ssl_st *ssl) : ssl_(ssl) {
    read_ = BIO_new(BIO_s_mem());
    write_ = BIO_new(BIO_s_mem());
    SSL_set_bio(ssl_, read_, write_);
  }
  ~Pipe() { SSL_free(ssl_); }

private:
  ssl_st *ssl_;
  bio_st *read_;
  bio_st *write_;
};
// Borrowed by the same call for another argument is not adopted.
extern "C" int SSL_set_fd(ssl_st *s, int fd);
class Unhanded {
public:
  explicit Unhanded(ssl_st *ssl) : ssl_(ssl) {
    read_ = BIO_new(BIO_s_mem());
    SSL_set_fd(ssl_, 0);
  }
  ~Unhanded() { SSL_free(ssl_); }

private:
  ssl_st *ssl_;
  bio_st *read_;
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: member 'read_' owns a handle from 'BIO_new' that the destructor of 'Unhanded' never releases; each 'Unhanded' leaks it [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-9]]:13: note: 'read_' is given a handle from 'BIO_new' here
  // CHECK-NOTES: :[[@LINE-3]]:11: note: no automatic fix: only memory from 'new' is rewritten
};
