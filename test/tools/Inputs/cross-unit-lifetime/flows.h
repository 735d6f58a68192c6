// Classes with a container member, their methods in flows.cpp; where their
// objects live is decided by the other files.
#pragma once
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

// One, made in main: records every closed flow, forgets none.
class Reassembler {
public:
  void close_flow(const std::string &id, int bytes);
  int bytes(const std::string &id) const;

private:
  std::unordered_map<std::string, int> closed_;
};

// A global in globals.cpp: every name ever seen.
class Registry {
public:
  void add(const std::string &name);
  bool has(const std::string &name) const;

private:
  std::set<std::string> names_;
};

// A static pointer's object, made in main; hits are reset.
class Stats {
public:
  void hit(const std::string &route);
  void reset();

private:
  std::map<std::string, int> hits_;
};

// One per request (handler.cpp).
class Session {
public:
  void note(const std::string &line);

private:
  std::vector<std::string> notes_;
};

// Made in main's loop: one per connection.
class Conn {
public:
  void queue(const std::string &data);

private:
  std::vector<std::string> pending_;
};

extern Registry registry;
extern Stats *stats;
void serve(Reassembler &r, Conn &c, const std::string &id);
