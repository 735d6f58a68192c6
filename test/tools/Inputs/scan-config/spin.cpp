namespace app {
struct SpinLock {
  void lock();
  void unlock();
};
} // namespace app
app::SpinLock spin;
int work(bool stop) {
  spin.lock();
  if (stop)
    return 1;
  spin.unlock();
  return 0;
}
