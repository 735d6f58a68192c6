// FAKE-TIDY: edit-after-analysis
#include <mutex>
std::mutex mu;
int counter;
int bump(bool fail) {
  mu.lock();
  if (fail)
    return -1;
  ++counter;
  mu.unlock();
  return 0;
}
