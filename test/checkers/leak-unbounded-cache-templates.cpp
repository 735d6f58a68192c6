// Static data members of class templates: program lifetime like any static,
// reported once for the template, whatever the number of instantiations.
// RUN: %check_clang_tidy %s leak-unbounded-cache %t -- -- -std=c++17 -I %S/../../include

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

struct Result {
  int score;
};

// A result list appended on every run, of a type that does not depend on
// the template's parameters.
template <class T> class OptBase {
public:
  void run() { finished_.push_back(Result{evaluate()}); }

private:
  int evaluate();
  static std::vector<Result> finished_;
};
template <class T> std::vector<Result> OptBase<T>::finished_;
// CHECK-NOTES: :[[@LINE-1]]:52: warning: 'finished_' grows without bound: elements are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE-8]]:26: note: 'finished_' grows here
// CHECK-NOTES: :[[@LINE-3]]:52: note: no automatic fix: it is a static member of a class template; declare it as 'leakguard::bounded_log<Result> finished_{10000}'

// Of a type that depends on them, grown through `this->`.
template <class T> class Seen {
public:
  void add(const T &value) { this->values_.push_back(value); }
  void name(const std::string &key, int v) { this->by_name_[key] = v; }

private:
  static std::vector<T> values_;
  static std::unordered_map<std::string, int> by_name_;
};
template <class T> std::vector<T> Seen<T>::values_;
// CHECK-NOTES: :[[@LINE-1]]:44: warning: 'values_' grows without bound on caller data: elements from the parameter 'value' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE-9]]:44: note: 'values_' grows here with data from the parameter 'value'
// CHECK-NOTES: :[[@LINE-3]]:44: note: no automatic fix: it is a static member of a class template; declare it as 'leakguard::bounded_log<T> values_{10000}'
template <class T>
std::unordered_map<std::string, int> Seen<T>::by_name_;
// CHECK-NOTES: :[[@LINE-1]]:47: warning: 'by_name_' grows without bound on caller data: entries keyed by the parameter 'key' are added but never removed; use a bounded cache such as 'leakguard::ttl_cache' [leak-unbounded-cache]
// CHECK-NOTES: :[[@LINE-13]]:46: note: 'by_name_' grows here with data from the parameter 'key'
// CHECK-NOTES: :[[@LINE-3]]:47: note: no automatic fix: it is a static member of a class template; declare it as 'leakguard::ttl_cache<std::string, int> by_name_{10000}'

// An inline static member.
template <class T> struct Interned {
  static inline std::vector<std::string> names;
  // CHECK-NOTES: :[[@LINE-1]]:42: warning: 'names' grows without bound on caller data: elements from the parameter 'name' are appended but never removed; cap its size or use a ring buffer [leak-unbounded-cache]
  // CHECK-NOTES: :[[@LINE+2]]:48: note: 'names' grows here with data from the parameter 'name'
  // CHECK-NOTES: :[[@LINE-3]]:42: note: no automatic fix: it is a static member of a class template; declare it as 'leakguard::bounded_log<std::string> names{10000}'
  void intern(const std::string &name) { names.push_back(name); }
};

// ---- Negatives: cleared by the template

template <class T> class Batch {
public:
  void add(const T &value) { pending_.push_back(value); }
  void flush() { this->pending_.clear(); }

private:
  static std::vector<T> pending_;
};
template <class T> std::vector<T> Batch<T>::pending_;

template <class T> class Log {
public:
  void write(const std::string &line) { lines_.push_back(line); }
  void rotate() { lines_.clear(); } // Not instantiated: the template says.

private:
  static std::vector<std::string> lines_;
};
template <class T> std::vector<std::string> Log<T>::lines_;

void use() {
  OptBase<int>().run();
  OptBase<double>().run();
  Seen<int>().add(1);
  Seen<long>().add(2);
  Seen<int>().name("a", 1);
  Interned<int>().intern("x");
  Interned<char>().intern("y");
  Batch<int>().add(1);
  Batch<int>().flush();
  Batch<long>().add(2);
  Batch<long>().flush();
  Log<int>().write("x");
}
