// A copy that cannot be a move (used again later, a const reference
// parameter, the same data in two lambdas), read-only in the lambda: one
// std::shared_ptr<const T> is captured instead, and the uses in the body
// read through it.
// RUN: %check_clang_tidy -std=c++14,c++17 %s leak-large-capture %t

#include <functional>
#include <map>
#include <string>
#include <vector>

struct Router {
  void add(const std::string &path, std::function<void()> handler) {
    handlers_.push_back(std::move(handler));
  }
  std::vector<std::function<void()>> handlers_;
};
void use(const std::vector<std::string> &);
void log_size(std::size_t);

void two_routes(Router &router, std::vector<std::string> banned) {
  router.add("/check", [banned] { use(banned); });
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'banned' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
  router.add("/count", [=] { log_size(banned.size()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:39: warning: 'banned' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
  log_size(banned.size());
}
// CHECK-FIXES: auto banned_shared = std::make_shared<const std::vector<std::string>>(banned);
// CHECK-FIXES-NEXT: router.add("/check", [banned_shared] { use(*banned_shared); });
// CHECK-FIXES-NEXT: auto shared_banned = std::make_shared<const std::vector<std::string>>(banned);
// CHECK-FIXES-NEXT: router.add("/count", [=] { log_size(shared_banned->size()); });

void from_reference(Router &router, const std::map<std::string, int> &limits) {
  router.add("/limits", [limits] { log_size(limits.size()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'limits' of type 'std::map<std::string, int>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
}
// CHECK-FIXES: auto limits_shared = std::make_shared<const std::map<std::string, int>>(limits);
// CHECK-FIXES-NEXT: router.add("/limits", [limits_shared] { log_size(limits_shared->size()); });

// No fix: a mutable lambda changes its copy; a use spelled by a macro.
void changes_its_copy(Router &router, std::vector<std::string> names) {
  router.add("/next", [names]() mutable { names.push_back("x"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'names' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; capture only what the lambda needs, or share it read-only [leak-large-capture]
  log_size(names.size());
}
// CHECK-FIXES: router.add("/next", [names]() mutable { names.push_back("x"); });

#define USE(x) use(x)
void used_in_macro(Router &router, const std::vector<std::string> &names) {
  router.add("/macro", [names] { USE(names); });
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'names' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; capture only what the lambda needs, or share it read-only [leak-large-capture]
}
// CHECK-FIXES: router.add("/macro", [names] { USE(names); });

// One route per tenant, in a loop: the one shared copy is made before the
// loop, from the variable itself when nothing uses it afterwards.
void per_tenant(Router &router, const std::vector<std::string> &tenants,
                std::map<std::string, int> limits) {
  for (const std::string &tenant : tenants) {
    router.add("/" + tenant, [limits] { log_size(limits.size()); });
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'limits' of type 'std::map<std::string, int>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
  }
}
// CHECK-FIXES: auto limits_shared = std::make_shared<const std::map<std::string, int>>(std::move(limits));
// CHECK-FIXES-NEXT: for (const std::string &tenant : tenants) {
// CHECK-FIXES-NEXT: router.add("/" + tenant, [limits_shared] { log_size(limits_shared->size()); });

void per_tenant_ref(Router &router, const std::vector<std::string> &tenants,
                    const std::vector<std::string> &banned) {
  for (const std::string &tenant : tenants) {
    log_size(banned.size());
    router.add("/" + tenant, [banned] { use(banned); });
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'banned' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
  }
}
// CHECK-FIXES: auto banned_shared = std::make_shared<const std::vector<std::string>>(banned);
// CHECK-FIXES-NEXT: for (const std::string &tenant : tenants) {
// CHECK-FIXES-NEXT: log_size(banned.size());
// CHECK-FIXES-NEXT: router.add("/" + tenant, [banned_shared] { use(*banned_shared); });

// The loop changes the variable: each lambda gets the value of its
// iteration, so the copy stays in the loop.
void per_tenant_changed(Router &router, const std::vector<std::string> &tenants,
                        std::vector<std::string> seen) {
  for (const std::string &tenant : tenants) {
    seen.push_back(tenant);
    router.add("/" + tenant, [seen] { use(seen); });
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'seen' of type 'std::vector<std::string>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
  }
}
// CHECK-FIXES: seen.push_back(tenant);
// CHECK-FIXES-NEXT: auto seen_shared = std::make_shared<const std::vector<std::string>>(seen);
// CHECK-FIXES-NEXT: router.add("/" + tenant, [seen_shared] { use(*seen_shared); });

// A handler kept in a local and registered twice: each route copies the
// lambda, and with it the capture; moving it in would still leave two.
void two_paths(Router &router, std::map<std::string, int> limits) {
  auto handler = [limits] { log_size(limits.size()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'limits' of type 'std::map<std::string, int>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; share it read-only through a 'std::shared_ptr<const T>' [leak-large-capture]
  router.add("/limits", handler);
  router.add("/v2/limits", handler);
}
// CHECK-FIXES: auto limits_shared = std::make_shared<const std::map<std::string, int>>(std::move(limits));
// CHECK-FIXES-NEXT: auto handler = [limits_shared] { log_size(limits_shared->size()); };

// Registered once: the move is enough.
void one_path(Router &router, std::map<std::string, int> limits) {
  auto handler = [limits] { log_size(limits.size()); };
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'limits' of type 'std::map<std::string, int>' (owns a heap buffer) is copied into a lambda that is kept by 'Router::add'; move it into the capture [leak-large-capture]
  router.add("/limits", std::move(handler));
}
// CHECK-FIXES: auto handler = [limits = std::move(limits)] { log_size(limits.size()); };
