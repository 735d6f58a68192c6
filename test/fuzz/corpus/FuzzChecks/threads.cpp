namespace std {
struct thread { template <class F> thread(F) {} void detach(); void join(); };
template <class K, class V> struct map { V &operator[](const K &); };
}
static std::map<int, int> cache;
void remember(int k, int v) { cache[k] = v; }
void run(int *p) {
  std::thread t([p] { while (true) { ++*p; } });
  t.detach();
}
