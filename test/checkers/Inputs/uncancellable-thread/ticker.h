// A class of a user header that starts an endless member thread.
#include <thread>

void tick();

class Ticker {
public:
  void start() {
    thread_ = std::thread([this] {
      while (true)
        tick();
    });
  }
  ~Ticker() { thread_.join(); }

private:
  std::thread thread_;
};
