#include "flows.h"

void serve(Reassembler &r, Conn &c, const std::string &id) {
  Session *s = new Session;
  s->note(id);
  delete s;
  r.close_flow(id, 1);
  registry.add(id);
  stats->hit(id);
  c.queue(id);
}
