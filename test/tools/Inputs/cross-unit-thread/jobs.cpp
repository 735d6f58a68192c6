#include "workers.h"

void run_once(int n) {
  std::thread t([n] { work(n); });
  join_worker(std::move(t));
}

void run_logged(int n) {
  std::thread t([n] { work(n); });
  log_worker(t);
}

void run_request(int id) {
  Request req;
  req.id = id;
  std::thread t([&req] { handle(req); });
  detach_worker(t);
}

void run_all(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([i] { work(i); });
  stop_all(threads);
}

unsigned run_all_counted(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([i] { work(i); });
  return running(threads);
}
