#include <mutex>
inline std::mutex header_mu;
inline int header_count;
inline bool header_take(bool full) {
  header_mu.lock();
  if (full)
    return false;
  ++header_count;
  header_mu.unlock();
  return true;
}
