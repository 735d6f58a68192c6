// The shared member of a snapshot is declared in the class's header: the
// fix changes its declaration there and includes <memory> there.
// RUN: %check_clang_tidy -copy-inputs=%S/Inputs/large-capture-snapshot %s leak-large-capture %t -- \
// RUN:   -- -std=c++17 -I @INPUTS@
// RUN: FileCheck %s --check-prefix=HEADER --input-file=%t.cpp.inputs/mailer.h
// RUN: %clang -fsyntax-only -std=c++17 -x c++ %t.cpp.inputs/mailer.h
// HEADER: #include <map>
// HEADER-NEXT: #include <memory>
// HEADER-NEXT: #include <mutex>
// HEADER: std::shared_ptr<const Bodies> bodies_;
// RUN: grep -q '^  Bodies bodies_;' %S/Inputs/large-capture-snapshot/mailer.h

#include "mailer.h"

void send(const std::string &to, const std::string &body);

Mailer::Mailer(Bodies bodies) : bodies_(std::move(bodies)) {}
// CHECK-FIXES: Mailer::Mailer(Bodies bodies) : bodies_(std::make_shared<const Bodies>(std::move(bodies))) {}

void Mailer::queue(const std::string &to, const std::string &kind) {
  std::lock_guard<std::mutex> lock(mu_);
  Bodies bodies = bodies_;
  // CHECK-FIXES: std::shared_ptr<const Bodies> bodies = bodies_;
  outbox_.push_back([bodies, to, kind] { send(to, bodies.at(kind)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'bodies' of type 'Bodies' (owns a heap buffer) is copied into a lambda that is stored in member 'outbox_'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
  // CHECK-FIXES: outbox_.push_back([bodies, to, kind] { send(to, bodies->at(kind)); });
}

void Mailer::reload(Bodies bodies) {
  std::lock_guard<std::mutex> lock(mu_);
  bodies_ = std::move(bodies);
  // CHECK-FIXES: bodies_ = std::make_shared<const Bodies>(std::move(bodies));
}
