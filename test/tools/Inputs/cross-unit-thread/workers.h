#pragma once
#include <thread>
#include <vector>

struct Request {
  int id = 0;
};

void work(int n);
void handle(Request &req);

// workers.cpp: joins t.
void join_worker(std::thread t);
// workers.cpp: detaches t.
void detach_worker(std::thread &t);
// workers.cpp: only asks t its id.
void log_worker(const std::thread &t);
// workers.cpp: joins every thread of threads.
void stop_all(std::vector<std::thread> &threads);
// workers.cpp: only counts them.
unsigned running(const std::vector<std::thread> &threads);
