#include <mutex>

std::mutex Mu;
int Counter;

int bump(bool Fail) {
  std::lock_guard<std::mutex> Hold(Mu);
  if (Fail)
    return -1;
  return ++Counter;
}
