#include "spin.h"

app::SpinLock Spin;
int Value;

int take(bool Fail) {
  Spin.lock();
  if (Fail)
    return -1;
  ++Value;
  Spin.unlock();
  return Value;
}
