// A user header (not a system header): its manual locks are the user's.
#include <mutex>

inline std::mutex header_mutex;
inline int header_counter;

inline int header_locked_work(bool fail) {
  header_mutex.lock();
  if (fail)
    return -1;
  ++header_counter;
  header_mutex.unlock();
  return 0;
}
