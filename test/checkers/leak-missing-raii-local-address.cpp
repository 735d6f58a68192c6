// C++: a pointer that holds either the address of a local object or an
// object from new, deleted under a test that it is not the local one.
// RUN: %check_clang_tidy %s leak-missing-raii %t -- -- -std=c++17 -fno-exceptions

struct Node {
  int value = 0;
  Node *next = nullptr;
};

void process(const Node *n);
void consume(const char *text, unsigned long len);

// A local object as the default, a new one when asked for.
void visit(bool fresh, int value) {
  Node local;
  Node *n = &local;
  if (fresh)
    n = new Node;
  n->value = value;
  process(n);
  if (n != &local)
    delete n;
}

// An array on the stack, or one from new[] when the text is long.
void format(const char *text, unsigned long len) {
  char stack[128];
  char *out = stack;
  if (len >= sizeof stack)
    out = new char[len + 1];
  for (unsigned long i = 0; i < len; ++i)
    out[i] = text[i];
  consume(out, len);
  if (out == stack)
    return;
  delete[] out;
}

// A member of a local aggregate as the default.
struct Slots {
  Node first;
  int count = 0;
};

void fill(bool more) {
  Slots slots;
  Node *n = &slots.first;
  if (more)
    n = new Node;
  process(n);
  if (n != &slots.first)
    delete n;
}

// Still a leak: an early return before the guarded delete.
int visit_checked(bool fresh, int value) {
  Node local;
  Node *n = &local;
  if (fresh)
    n = new Node;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'n' allocated with 'new' is not deleted on every path; own it with 'std::unique_ptr' [leak-missing-raii]
  // CHECK-NOTES: :[[@LINE-2]]:9: note: no automatic fix: 'n' is not declared by the statement that acquires it
  if (value < 0)
    return -1;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'n' leaks when returning here
  process(n);
  if (n != &local)
    delete n;
  return 0;
}

template <typename T> void visit_in_template(bool fresh) {
  T local;
  T *n = &local;
  if (fresh)
    n = new T;
  process(n);
  if (n != &local)
    delete n;
}

template void visit_in_template<Node>(bool);
