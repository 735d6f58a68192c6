// shared_ptr member cycles that the classes break themselves: a queue of
// pending work drained as it runs, a back pointer reset on close. And one
// finding per cycle, at the same member whichever class is seen first.
// RUN: %check_clang_tidy %s leak-self-capture-cycle %t -- -- -std=c++17

#include <functional>
#include <list>
#include <memory>
#include <queue>
#include <stack>
#include <vector>

// ---- Cycles through a queue the class drains: quiet

// A transaction holds its pending commands; each command holds its
// transaction while it is queued; the transaction pops them as they run.
struct Txn;
struct Cmd {
  std::shared_ptr<Txn> txn;
};
struct Txn {
  std::list<std::shared_ptr<Cmd>> pending;
  void run_next() {
    if (!pending.empty())
      pending.pop_front();
  }
};

// std::queue's pop() empties like pop_front().
struct Job;
struct Scheduler {
  std::queue<std::shared_ptr<Job>> jobs;
  void step() { jobs.pop(); }
};
struct Job {
  std::shared_ptr<Scheduler> owner;
};

// std::stack and std::priority_queue too.
struct Frame;
struct Interp {
  std::stack<std::shared_ptr<Frame>> frames;
  void ret() { frames.pop(); }
};
struct Frame {
  std::shared_ptr<Interp> interp;
};

// The back pointer reset on close breaks the cycle.
struct Conn;
struct Server {
  std::vector<std::shared_ptr<Conn>> conns;
};
struct Conn {
  std::shared_ptr<Server> server;
  void close() { server.reset(); }
};

// A class whose member functions are defined in another file may empty its
// member there.
struct Reply;
struct Request {
  std::shared_ptr<Reply> reply;
  void finish(); // Defined elsewhere.
};
struct Reply {
  std::shared_ptr<Request> request;
};

// A member cleared only in a destructor does not break the cycle, but the
// check reads any member function: quiet (see the limits).

// ---- Cycles nothing breaks: one finding each

// The finding is at a plain std::shared_ptr member (the back pointer)
// rather than at the container of children, whichever class comes first.
struct Owner;
struct Pet {
  std::shared_ptr<Owner> owner;
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: 'std::shared_ptr' member 'owner' closes the ownership cycle 'Pet' -> 'Owner' -> 'Pet'; objects in it keep each other alive and are never freed; make 'owner' a 'std::weak_ptr' [leak-self-capture-cycle]
  // CHECK-NOTES: :[[@LINE+4]]:37: note: 'Owner' holds 'Pet' through 'pets'
  // CHECK-NOTES: :[[@LINE-3]]:26: note: no automatic fix: every use of 'owner' would need '.lock()'; hold a 'std::weak_ptr<Owner>' in it instead
};
struct Owner {
  std::vector<std::shared_ptr<Pet>> pets;
};

// A ring met in another order than declared: the member declared last.
struct RingB;
struct RingC;
struct RingA {
  std::shared_ptr<RingB> b;
};
struct RingC {
  std::shared_ptr<RingA> a;
};
struct RingB {
  std::shared_ptr<RingC> c;
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: 'std::shared_ptr' member 'c' closes the ownership cycle 'RingB' -> 'RingC' -> 'RingA' -> 'RingB'; objects in it keep each other alive and are never freed; make 'c' a 'std::weak_ptr' [leak-self-capture-cycle]
  // CHECK-NOTES: :[[@LINE-5]]:26: note: 'RingC' holds 'RingA' through 'a'
  // CHECK-NOTES: :[[@LINE-9]]:26: note: 'RingA' holds 'RingB' through 'b'
  // CHECK-NOTES: :[[@LINE-4]]:26: note: no automatic fix: every use of 'c' would need '.lock()'; hold a 'std::weak_ptr<RingC>' in it instead
};

// A queue that is only pushed to is no drain.
struct Task;
struct Worker {
  std::queue<std::shared_ptr<Task>> tasks;
  void add(std::shared_ptr<Task> t) { tasks.push(std::move(t)); }
};
struct Task {
  std::shared_ptr<Worker> worker;
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: 'std::shared_ptr' member 'worker' closes the ownership cycle 'Task' -> 'Worker' -> 'Task'; objects in it keep each other alive and are never freed; make 'worker' a 'std::weak_ptr' [leak-self-capture-cycle]
  // CHECK-NOTES: :[[@LINE-6]]:37: note: 'Worker' holds 'Task' through 'tasks'
  // CHECK-NOTES: :[[@LINE-3]]:27: note: no automatic fix: every use of 'worker' would need '.lock()'; hold a 'std::weak_ptr<Worker>' in it instead
};

// ---- The lambda form: a queue of callbacks popped as they run

class Pump : public std::enable_shared_from_this<Pump> {
public:
  void post() {
    queue_.push([self = shared_from_this()] { self->step(); });
  }
  void run_one() {
    auto f = queue_.front();
    queue_.pop();
    f();
  }
  void step();

private:
  std::queue<std::function<void()>> queue_;
};
