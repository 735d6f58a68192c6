// A stand-in for cpp-httplib's server, whose routes are built-in sinks: the
// member functions are declared only, as if compiled elsewhere.
#pragma once
#include <functional>
#include <string>

namespace httplib {
struct Request {
  std::string path;
};
struct Response {
  std::string body;
};
class Server {
public:
  using Handler = std::function<void(const Request &, Response &)>;
  Server &Get(const std::string &pattern, Handler handler);
  Server &Post(const std::string &pattern, Handler handler);
};
} // namespace httplib
