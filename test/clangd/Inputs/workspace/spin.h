namespace app {
struct SpinLock {
  void lock();
  void unlock();
};
} // namespace app
