//===--- CallbackSinksTest.cpp --------------------------------------------===//

#include "analysis/CallbackSinks.h"
#include "AnnotatedCode.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

const char Prelude[] = R"cpp(
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <vector>
)cpp";

/// Where the lambda at the marker `l` goes.
std::optional<CallbackSink> sinkAt(AnnotatedCode &Code, CallbackSinks &Sinks) {
  const auto *Lambda = Code.nodeAt<LambdaExpr>("l");
  EXPECT_NE(Lambda, nullptr);
  return Lambda ? Sinks.sinkOf(*Lambda) : std::nullopt;
}

std::optional<CallbackSink> sinkAt(llvm::StringRef Source,
                                   std::vector<std::string> Extra = {}) {
  // The sink points into the AST: keep it until the tests end.
  static std::vector<std::unique_ptr<AnnotatedCode>> Kept;
  Kept.push_back(
      std::make_unique<AnnotatedCode>(std::string(Prelude) + Source.str()));
  CallbackSinks Sinks(std::move(Extra));
  return sinkAt(*Kept.back(), Sinks);
}

std::string storageName(const std::optional<CallbackSink> &Sink) {
  return Sink && Sink->Storage ? Sink->Storage->getNameAsString() : "";
}

TEST(CallbackSinksTest, AssignedToAMemberOfThisObject) {
  auto Sink = sinkAt(R"cpp(
    struct S {
      std::function<void()> f;
      void g() { f = $l^[] {}; }
    };
  )cpp");
  ASSERT_TRUE(Sink);
  EXPECT_EQ(Sink->Kind, SinkKind::Member);
  EXPECT_TRUE(Sink->OnThisObject);
  EXPECT_EQ(storageName(Sink), "f");
  EXPECT_EQ(describeSink(*Sink), "is stored in member 'f'");
}

TEST(CallbackSinksTest, BindResultsAreFollowedLikeLambdas) {
  AnnotatedCode Code(std::string(Prelude) + R"cpp(
    struct S {
      std::function<void()> f;
      void run();
      void g() { f = $b^std::bind(&S::run, this); }
      void h() { auto once = $o^std::bind(&S::run, this); once(); }
    };
  )cpp");
  CallbackSinks Sinks;
  auto MethodNamed = [&](llvm::StringRef Name) -> const FunctionDecl * {
    return Code.function(Name);
  };
  const auto *Stored = Code.nodeAt<CallExpr>("b");
  ASSERT_NE(Stored, nullptr);
  auto Sink = Sinks.sinkOfCallable(*Stored, *MethodNamed("g"));
  ASSERT_TRUE(Sink);
  EXPECT_EQ(Sink->Kind, SinkKind::Member);
  EXPECT_TRUE(Sink->OnThisObject);
  EXPECT_EQ(storageName(Sink), "f");
  const auto *Local = Code.nodeAt<CallExpr>("o");
  ASSERT_NE(Local, nullptr);
  EXPECT_FALSE(Sinks.sinkOfCallable(*Local, *MethodNamed("h")));
}

TEST(CallbackSinksTest, CallbackSetters) {
  AnnotatedCode Code(std::string(Prelude) + R"cpp(
    struct C {
      std::function<void()> cb_;
      std::vector<std::function<void()>> all_;
      void send(int);
      void set(std::function<void()> cb) { cb_ = cb; }
      void add(std::function<void()> cb) { all_.push_back(cb); }
      void forward(int, std::function<void()> cb) { add(cb); }
      void request(int r, std::function<void()> cb) { cb_ = cb; send(r); }
    };
  )cpp");
  EXPECT_TRUE(isCallbackSetter(*Code.function("set")));
  EXPECT_TRUE(isCallbackSetter(*Code.function("add")));
  EXPECT_TRUE(isCallbackSetter(*Code.function("forward")));
  EXPECT_FALSE(isCallbackSetter(*Code.function("request")));
}

TEST(CallbackSinksTest, InsertedIntoAGlobalContainer) {
  auto Sink = sinkAt(R"cpp(
    std::map<int, std::function<void()>> handlers;
    void g() { handlers.emplace(1, $l^[] {}); }
  )cpp");
  ASSERT_TRUE(Sink);
  EXPECT_EQ(Sink->Kind, SinkKind::Global);
  EXPECT_FALSE(Sink->OnThisObject);
  EXPECT_EQ(describeSink(*Sink), "is stored in the global 'handlers'");
}

TEST(CallbackSinksTest, ThroughAnAccessorReturningAStaticOrAMember) {
  auto Global = sinkAt(R"cpp(
    std::vector<std::function<void()>> &registry() {
      static std::vector<std::function<void()>> all;
      return all;
    }
    void g() { registry().push_back($l^[] {}); }
  )cpp");
  ASSERT_TRUE(Global);
  EXPECT_EQ(describeSink(*Global), "is stored in the static 'all'");
  auto Member = sinkAt(R"cpp(
    struct S {
      std::map<int, std::function<void()>> &routes() { return routes_; }
      std::map<int, std::function<void()>> routes_;
      void g() { routes()[1] = $l^[] {}; }
    };
  )cpp");
  ASSERT_TRUE(Member);
  EXPECT_TRUE(Member->OnThisObject);
  EXPECT_EQ(storageName(Member), "routes_");
  // Returning one of several objects: not known.
  EXPECT_FALSE(sinkAt(R"cpp(
    std::vector<std::function<void()>> a, b;
    std::vector<std::function<void()>> &pick(bool first) {
      if (first)
        return a;
      return b;
    }
    void g() { pick(true).push_back($l^[] {}); }
  )cpp"));
}

TEST(CallbackSinksTest, StaticLocalInitializedWithIt) {
  auto Sink = sinkAt(R"cpp(
    void g() { static std::function<void()> keep = $l^[] {}; }
  )cpp");
  ASSERT_TRUE(Sink);
  EXPECT_EQ(describeSink(*Sink), "is stored in the static 'keep'");
}

TEST(CallbackSinksTest, RunByAThread) {
  auto Sink = sinkAt(R"cpp(
    void g() { std::thread t($l^[] {}); t.detach(); }
  )cpp");
  ASSERT_TRUE(Sink);
  EXPECT_EQ(Sink->Kind, SinkKind::Thread);
  EXPECT_EQ(describeSink(*Sink), "runs on a 'std::thread'");
}

TEST(CallbackSinksTest, ThroughALocalToAStoringFunction) {
  auto Sink = sinkAt(R"cpp(
    struct Router {
      void add(std::function<void()> h) { routes_.push_back(std::move(h)); }
      std::vector<std::function<void()>> routes_;
    };
    void g(Router &r) {
      auto cb = $l^[] {};
      r.add(cb);
    }
  )cpp");
  ASSERT_TRUE(Sink);
  EXPECT_EQ(Sink->Kind, SinkKind::StoringFunction);
  EXPECT_FALSE(Sink->OnThisObject);
  EXPECT_EQ(describeSink(*Sink), "is kept by 'Router::add'");
}

TEST(CallbackSinksTest, StoringFunctionsOfAMemberKeepItInThisObject) {
  auto Sink = sinkAt(R"cpp(
    class Timer {
    public:
      explicit Timer(std::function<void()> cb) : cb_(std::move(cb)) {}
      void reset(std::function<void()> cb) { set(std::move(cb)); }
    private:
      void set(std::function<void()> cb) { cb_ = cb; }
      std::function<void()> cb_;
    };
    struct Session {
      Timer timer_{[] {}};
      void arm() { timer_.reset($l^[] {}); }
    };
  )cpp");
  ASSERT_TRUE(Sink);
  EXPECT_EQ(Sink->Kind, SinkKind::StoringFunction);
  EXPECT_TRUE(Sink->OnThisObject);
  EXPECT_EQ(storageName(Sink), "timer_");
}

TEST(CallbackSinksTest, HolderLetGoOfByAMemberFunctionOnly) {
  // The channel a smart pointer member owns keeps the callback: emptying
  // that member in a member function lets go of it; in the destructor, with
  // reset(p), or on a member held by value, it does not.
  const char Shape[] = R"cpp(
    class Channel {
    public:
      void setCallback(std::function<void()> cb) { cb_ = std::move(cb); }
      void reset();
    private:
      std::function<void()> cb_;
    };
    struct Connector {
      HOLDER chan_;
      void start() { chan_.setCallback($l^[] {}); }
      BODY
    };
  )cpp";
  auto LetsGo = [&](llvm::StringRef Holder, llvm::StringRef Body) {
    std::string Source = Shape;
    Source.replace(Source.find("HOLDER"), 6, Holder.str());
    Source.replace(Source.find("BODY"), 4, Body.str());
    if (Holder != "Channel")
      Source.replace(Source.find("chan_.setCallback"), 17,
                     "chan_->setCallback");
    auto Sink = sinkAt(Source);
    EXPECT_TRUE(Sink && Sink->OnThisObject && storageName(Sink) == "chan_")
        << Source;
    return Sink && holderLetsGo(*Sink);
  };
  EXPECT_TRUE(
      LetsGo("std::shared_ptr<Channel>", "void done() { chan_.reset(); }"));
  EXPECT_TRUE(
      LetsGo("std::unique_ptr<Channel>", "void done() { chan_ = nullptr; }"));
  EXPECT_TRUE(LetsGo("std::shared_ptr<Channel>",
                     "void done() { auto c = std::move(chan_); }"));
  EXPECT_FALSE(
      LetsGo("std::shared_ptr<Channel>", "~Connector() { chan_.reset(); }"));
  EXPECT_FALSE(LetsGo("std::unique_ptr<Channel>",
                      "void again() { chan_.reset(new Channel); }"));
  EXPECT_FALSE(LetsGo("Channel", "void done() { chan_.reset(); }"));
}

TEST(CallbackSinksTest, ConstructorParameterKeptInAMember) {
  AnnotatedCode Code(std::string(Prelude) + R"cpp(
    struct Timer {
      $ctor^Timer(int, std::function<void()> cb) : cb_(std::move(cb)) {}
      std::function<void()> cb_;
    };
  )cpp");
  CallbackSinks Sinks;
  const FunctionDecl *Ctor = nullptr;
  for (const Decl *D : Code.context().getTranslationUnitDecl()->decls())
    if (const auto *Record = dyn_cast<CXXRecordDecl>(D);
        Record && Record->getName() == "Timer")
      Ctor = *Record->ctor_begin();
  ASSERT_NE(Ctor, nullptr);
  EXPECT_FALSE(Sinks.storesParameter(Ctor, 0));
  auto Stored = Sinks.storesParameter(Ctor, 1);
  ASSERT_TRUE(Stored);
  EXPECT_EQ(storageName(Stored), "cb_");
}

TEST(CallbackSinksTest, UsedOnTheSpotGoesNowhere) {
  for (const char *Use : {
           "[] {}();",                                       // invoked
           "std::for_each(v.begin(), v.end(), LAMBDA);",     // an algorithm
           "call(LAMBDA);",                                  // called, dropped
           "std::function<void()> local = LAMBDA; local();", // a local
           "other.f = LAMBDA;",                              // another object
       }) {
    std::string Body = Use;
    size_t At = Body.find("LAMBDA");
    if (At != std::string::npos)
      Body.replace(At, 6, "$l^[](int = 0) {}");
    else
      Body.insert(0, "$l^");
    auto Sink = sinkAt(R"cpp(
      template <class F> void call(F f) { f(); }
      struct S { std::function<void()> f; };
      void g(std::vector<int> &v, S &other) { )cpp" +
                       Body + " }");
    EXPECT_FALSE(Sink) << Use;
  }
}

TEST(CallbackSinksTest, OneShotCompletionHandlersAreNotStored) {
  auto Sink = sinkAt(R"cpp(
    namespace asio {
    template <class H> void post(H h) { static std::function<void()> q; q = h; }
    }
    void g() { asio::post($l^[] {}); }
  )cpp");
  EXPECT_FALSE(Sink);
}

TEST(CallbackSinksTest, ConfiguredSinks) {
  const char *Source = R"cpp(
    namespace app { struct Loop { void every(int, std::function<void()>); }; }
    void g(app::Loop &loop) { loop.every(5, $l^[] {}); }
  )cpp";
  EXPECT_FALSE(sinkAt(Source));
  auto Sink = sinkAt(Source, {"app::Loop::every"});
  ASSERT_TRUE(Sink);
  EXPECT_EQ(Sink->Kind, SinkKind::Configured);
  EXPECT_EQ(describeSink(*Sink), "is registered with 'app::Loop::every'");
}

TEST(CallbackSinksTest, ThreadPoolSubmissionsRunOnce) {
  auto Sink = sinkAt(R"cpp(
    namespace BS {
    struct thread_pool { template <class F> void detach_task(F &&task); };
    }
    void g(BS::thread_pool &pool) { pool.detach_task($l^[] {}); }
  )cpp");
  ASSERT_TRUE(Sink);
  EXPECT_EQ(Sink->Kind, SinkKind::Thread);
  EXPECT_FALSE(Sink->OnThisObject);
  EXPECT_EQ(describeSink(*Sink), "runs in 'BS::thread_pool::detach_task'");
}

TEST(CallbackSinksTest, ParsesTheOption) {
  std::vector<std::string> Errors;
  auto Names = parseCallbackSinks(
      " app::Loop::every ; ::run;; Rule::operator();1x;a b;a::", Errors);
  EXPECT_EQ(Names, (std::vector<std::string>{"app::Loop::every", "::run",
                                             "Rule::operator()"}));
  EXPECT_EQ(Errors, (std::vector<std::string>{"1x", "a b", "a::"}));
}

} // namespace
} // namespace leakguard::test
