// A header included as a system header: its manual locks are not the user's.
#include <mutex>
inline std::mutex system_mutex;
inline int system_locked_work(bool fail) {
  system_mutex.lock();
  if (fail)
    return -1;
  system_mutex.unlock();
  return 0;
}
