// Stand-ins for framework APIs whose definitions are not visible: a signal
// (a built-in sink), an application bus (a sink only when configured) and a
// Boost.Asio-style timer with one-shot completion handlers.
#pragma once
#include <functional>

namespace boost::signals2 {
template <class Signature> class signal {
public:
  template <class F> void connect(F &&f);
};
} // namespace boost::signals2

namespace app {
class Bus {
public:
  void subscribe(std::function<void(int)> handler);
};
} // namespace app

namespace asio {
class steady_timer {
public:
  template <class Handler> void async_wait(Handler &&handler);
};
template <class Handler> void post(Handler &&handler);
} // namespace asio
