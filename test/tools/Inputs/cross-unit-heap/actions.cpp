#include "api.h"
#include <stdexcept>

int Runs;
Action::~Action() {}
Task::~Task() {}

// Every override of Action::run is known not to throw.
struct Count : Action {
  void run() override { ++Runs; }
};
struct Twice : Action {
  void run() override { Runs += 2; }
};
// One override of Task::run throws.
struct Fail : Task {
  void run() override { throw std::runtime_error("no"); }
};
struct Quiet : Task {
  void run() override {}
};
Action *makeCount() { return new Count; }
Action *makeTwice() { return new Twice; }
Task *makeFail() { return new Fail; }
Task *makeQuiet() { return new Quiet; }
