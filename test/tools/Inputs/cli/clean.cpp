#include <mutex>
std::mutex mu;
int counter;
void bump() {
  std::lock_guard<std::mutex> lock(mu);
  ++counter;
}
