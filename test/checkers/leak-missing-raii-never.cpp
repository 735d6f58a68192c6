// Heap memory that no path releases: new, new[] and the malloc family.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c++17

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

void use(const char *text) noexcept;
void keep(char *buffer);
void fill(int *values, int n) noexcept;

struct S {
  int a = 0;
  int b = 0;
};

// ---- reported ---------------------------------------------------------------

void f1() {
  char *p = (char *)malloc(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'p' from 'malloc' is never freed; own it with 'std::unique_ptr' and 'free' [leak-missing-raii]
  if (!p)
    return;
  strcpy(p, "x");
  use(p);
}
// CHECK-FIXES: void f1() {
// CHECK-FIXES-NEXT:   std::unique_ptr<char, decltype(&free)> p((char *)malloc(100), &free);
// CHECK-FIXES-NEXT:   if (!p)
// CHECK-FIXES-NEXT:     return;
// CHECK-FIXES-NEXT:   strcpy(p.get(), "x");
// CHECK-FIXES-NEXT:   use(p.get());
// CHECK-FIXES-NEXT: }

void f2() {
  int *p = new int[10];
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'p' allocated with 'new[]' is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  p[0] = 1;
}
// CHECK-FIXES: void f2() {
// CHECK-FIXES-NEXT:   auto p = std::make_unique<int[]>(10);
// CHECK-FIXES-NEXT:   p[0] = 1;
// CHECK-FIXES-NEXT: }

void f3() {
  S *s = new S;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' allocated with 'new' is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  s->a = 1;
}
// CHECK-FIXES: void f3() {
// CHECK-FIXES-NEXT:   auto s = std::make_unique<S>();
// CHECK-FIXES-NEXT:   s->a = 1;
// CHECK-FIXES-NEXT: }

int sum_of_squares(int n) {
  int *squares = (int *)calloc(n, sizeof(int));
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'squares' from 'calloc' is never freed; own it with 'std::unique_ptr' and 'free' [leak-missing-raii]
  if (squares == nullptr)
    return -1;
  fill(squares, n);
  int total = 0;
  for (int i = 0; i < n; ++i)
    total += squares[i] * squares[i];
  return total;
}

// A class whose member functions keep no pointer to the object.
struct Counter {
  int value = 0;
  void bump() { ++value; }
};

int count_to(int n) {
  Counter *c = new Counter;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'c' allocated with 'new' is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  for (int i = 0; i < n; ++i)
    c->bump();
  return c->value;
}

// A class template: the pattern is read once.
template <class T> T first_of(const std::vector<T> &items) {
  T *copy = new T[items.size()];
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'copy' allocated with 'new[]' is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  for (size_t i = 0; i < items.size(); ++i)
    copy[i] = items[i];
  return copy[0];
}
int first_int(const std::vector<int> &v) { return first_of(v); }

// A generic lambda is analyzed once, on its pattern.
void each(std::vector<int> &values);
template <class F> void for_all(std::vector<int> &values, F f) {
  for (int v : values)
    f(v);
}
void generic_lambda(std::vector<int> &values) {
  for_all(values, [](const auto &v) {
    S *s = new S;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 's' allocated with 'new' is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
    s->a = v;
  });
}

// ---- not reported -----------------------------------------------------------

// Handed to an owner in a template, where the construction stays unresolved
// until instantiation (`std::unique_ptr<Base>(it)` of a dependent type).
struct IterBase {
  virtual ~IterBase() = default;
};
template <class C> struct Iteration {
  struct Iter : IterBase {
    typename C::iterator at;
  };
  std::unique_ptr<IterBase> begin(C *c) const {
    auto it = new Iter();
    it->at = c->begin();
    return std::unique_ptr<IterBase>(it);
  }
};
std::unique_ptr<IterBase> iterate(std::vector<int> *v) {
  return Iteration<std::vector<int>>().begin(v);
}

// Freed or deleted.
void freed() {
  char *p = (char *)malloc(10);
  if (!p)
    return;
  use(p);
  free(p);
}

// Handed on: returned, stored, given to a function that may keep it.
S *factory() {
  S *s = new S;
  s->a = 2;
  return s;
}

S *Global;
void into_global() {
  S *s = new S;
  Global = s;
}

struct Holder {
  char *buffer = nullptr;
  void take() {
    char *p = (char *)malloc(64);
    buffer = p;
  }
};

void to_unknown() {
  char *p = (char *)malloc(64);
  keep(p);
}

void into_container(std::vector<S *> &all) {
  S *s = new S;
  all.push_back(s);
}

// A constructor that receives a parent or its registry may hand the object
// over; so may a member function that publishes 'this'.
struct Node {
  explicit Node(Node *parent);
  Node *parent;
};
void with_parent(Node *root) {
  Node *child = new Node(root);
  (void)child;
}

struct Job;
void schedule(Job *job);
struct Job {
  void start() { schedule(this); }
  void run() { delete this; }
};
void start_job() {
  Job *job = new Job;
  job->start();
}

// Acquisition failed: nothing to release.
void only_if_null() {
  char *p = (char *)malloc(8);
  if (p == nullptr)
    return;
  free(p);
}

// Placement new builds in memory someone else owns.
void placement(void *arena) {
  S *s = new (arena) S;
  s->a = 1;
}

// Given to a lambda that outlives the function.
std::vector<void (*)()> Callbacks;
auto captured() {
  S *s = new S;
  return [s] { return s->a; };
}

// A local flag set where the block is kept, tested where it is freed: its
// value is known on every path (false until the hand-off).
struct Registry {
  S *slot = nullptr;
};
bool valid(const S &s) noexcept;
bool install(Registry &r) {
  bool kept = false;
  S *s = new S;
  if (valid(*s)) {
    r.slot = s;
    kept = true;
  }
  if (!kept)
    delete s;
  return kept;
}
