#include <mutex>
std::mutex mu2;
int total;
void add(int n) {
  std::lock_guard<std::mutex> lock(mu2);
  total += n;
}
