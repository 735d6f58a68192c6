#include "flows.h"

void Reassembler::close_flow(const std::string &id, int bytes) {
  closed_[id] = bytes;
}
int Reassembler::bytes(const std::string &id) const {
  auto it = closed_.find(id);
  return it == closed_.end() ? 0 : it->second;
}

void Registry::add(const std::string &name) { names_.insert(name); }
bool Registry::has(const std::string &name) const {
  return names_.count(name) != 0;
}

void Stats::hit(const std::string &route) { hits_[route] += 1; }
void Stats::reset() { hits_.clear(); }

void Session::note(const std::string &line) { notes_.push_back(line); }

void Conn::queue(const std::string &data) { pending_.push_back(data); }
