// Memory from a wrapper of this file: a function every return of which
// gives what `new`, `new[]` or malloc gave (or a null pointer), a few
// calls deep. Wrappers of another file are read through the cross-unit
// summaries (test/tools/scan-cross-unit-heap.test).
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c++17

#include <cstdlib>
#include <cstring>

struct S {
  int a = 0;
};
struct Node {
  explicit Node(Node *parent);
  int a = 0;
};
void keep(S *s);
void use(const char *text) noexcept;

S *makeS() { return new S; }
S *makeSOrNull(bool ok) {
  if (!ok)
    return nullptr;
  S *s = new S;
  return s;
}
S *makeSAgain() { return makeS(); }
int *makeInts(int n) { return new int[n]; }
char *dup(const char *text) {
  char *p = static_cast<char *>(std::malloc(std::strlen(text) + 1));
  if (!p)
    return nullptr;
  std::strcpy(p, text);
  return p;
}
#define MAKE_S() makeS()

// ---- reported ---------------------------------------------------------------

void wrapped() {
  S *s = makeS();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' from 'makeS' (allocated with 'new') is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-FIXES: std::unique_ptr<S> s(makeS());
  s->a = 1;
}

void wrappedOrNull(bool ok) {
  S *s = makeSOrNull(ok);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' from 'makeSOrNull' (allocated with 'new') is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-FIXES: std::unique_ptr<S> s(makeSOrNull(ok));
  if (!s)
    return;
  s->a = 1;
}

void twoDeep() {
  S *s = makeSAgain();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' from 'makeSAgain' (allocated with 'new') is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  s->a = 1;
}

void wrappedArray(int n) {
  int *v = makeInts(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'v' from 'makeInts' (allocated with 'new[]') is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-FIXES: std::unique_ptr<int[]> v(makeInts(n));
  v[0] = 1;
}

void wrappedMalloc() {
  char *p = dup("x");
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'p' from 'dup' is never freed; own it with 'std::unique_ptr' and 'free' [leak-missing-raii]
  // CHECK-FIXES: std::unique_ptr<char, decltype(&free)> p(dup("x"), &free);
  if (!p)
    return;
  use(p);
}

void throughMacro() {
  S *s = MAKE_S();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' from 'makeS' (allocated with 'new') is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  s->a = 1;
}

template <typename T> void inTemplate() {
  S *s = makeS();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 's' from 'makeS' (allocated with 'new') is never deleted; own it with 'std::unique_ptr' [leak-missing-raii]
  s->a = sizeof(T);
}
template void inTemplate<int>();

// ---- not reported -----------------------------------------------------------

void deleted() {
  S *s = makeS();
  s->a = 1;
  delete s;
}

void freed() {
  char *p = dup("x");
  use(p);
  std::free(p);
}

void handedOn() {
  S *s = makeS();
  keep(s);
}

S *returned() {
  S *s = makeS();
  s->a = 1;
  return s;
}

// Not a wrapper: one return gives something else.
S Global;
S *sometimesGlobal(bool fresh) {
  if (fresh)
    return new S;
  return &Global;
}
void notAWrapper(bool fresh) {
  S *s = sometimesGlobal(fresh);
  s->a = 1;
}

// Its parent adopts what the wrapper creates.
Node *child(Node *parent) { return new Node(parent); }
void adopted(Node *parent) {
  Node *n = child(parent);
  n->a = 1;
}
