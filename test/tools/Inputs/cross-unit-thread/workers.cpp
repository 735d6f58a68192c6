#include "workers.h"
#include <cstdio>

void work(int n) { std::printf("%d\n", n); }
void handle(Request &req) { ++req.id; }

void join_worker(std::thread t) {
  if (t.joinable())
    t.join();
}

void detach_worker(std::thread &t) { t.detach(); }

void log_worker(const std::thread &t) {
  if (t.joinable())
    std::printf("worker %zu\n", std::hash<std::thread::id>()(t.get_id()));
}

void stop_all(std::vector<std::thread> &threads) {
  for (std::thread &t : threads)
    if (t.joinable())
      t.join();
  threads.clear();
}

unsigned running(const std::vector<std::thread> &threads) {
  unsigned n = 0;
  for (const std::thread &t : threads)
    n += t.joinable();
  return n;
}
