// Self-contained: no headers, so that one run costs milliseconds.
typedef struct FILE FILE;
extern "C" FILE *fopen(const char *, const char *);
extern "C" int fclose(FILE *);
extern "C" void *malloc(unsigned long);
extern "C" void free(void *);
namespace std {
struct mutex { void lock(); void unlock(); };
template <class T> struct function;
template <class R, class... A> struct function<R(A...)> {
  template <class F> function(F) {}
};
}
std::mutex mu;
struct Server { int big[1024]; void on(std::function<void()> f); };
int read(const char *p, Server &s) {
  FILE *f = fopen(p, "r");
  if (!f) return -1;
  mu.lock();
  char *buf = (char *)malloc(16);
  if (}
std::mutex mu;
struct Server { int big[1024]; void on(std::function<void()> f); };
int read(ce(f);
  int *q = new int[4];
  return q[0];
}
