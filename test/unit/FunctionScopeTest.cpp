//===--- FunctionScopeTest.cpp --------------------------------------------===//

#include "analysis/FunctionScope.h"
#include "AnnotatedCode.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "gtest/gtest.h"
#include <set>
#include <string>

using namespace clang;
using namespace clang::ast_matchers;
using namespace leakguard::analysis;

namespace leakguard::test {
namespace {

/// Records the names of the functions (and "lambda in NAME" for lambdas)
/// it is called for.
class Recorder : public MatchFinder::MatchCallback {
public:
  void run(const MatchFinder::MatchResult &Result) override {
    if (const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
      Seen.insert(F->getNameAsString());
      return;
    }
    if (const auto *L = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
      Seen.insert("lambda at " +
                  std::to_string(Result.SourceManager->getSpellingLineNumber(
                      L->getBeginLoc())));
  }
  std::set<std::string> Seen;
};

const char *const Code = R"cpp(
  struct S { S(); ~S(); void lock(); };
  void *acquire();
  void lock_it(S &s) { s.lock(); }
  void both(S &s) { void *p = acquire(); s.lock(); }
  void nested() {
    auto l = [] { return acquire(); };
  }
  void none(int x) { x = x + 1; }
  void in_initializer() { void *p = (acquire()); (void)p; }
  void callee_named_acquire_elsewhere() { struct L { void f() { acquire(); } }; }
)cpp";

void run(AnnotatedCode &Unit,
         std::initializer_list<
             std::pair<clang::ast_matchers::internal::Matcher<Stmt>, Recorder *>>
             Checks) {
  MatchFinder Finder;
  std::vector<std::shared_ptr<FunctionBodies>> Kept;
  for (const auto &[Contains, Callback] : Checks)
    Kept.push_back(addFunctionMatchers(&Finder, Contains, Callback));
  // One registry for the finder, shared by every check.
  for (const auto &Bodies : Kept)
    EXPECT_EQ(Bodies, Kept.front());
  Finder.matchAST(Unit.context());
}

TEST(FunctionScopeTest, EachCheckGetsTheFunctionsItsMatcherFinds) {
  AnnotatedCode Unit(Code);
  Recorder Acquires, Locks;
  run(Unit,
      {{callExpr(callee(functionDecl(hasName("acquire")))), &Acquires},
       {cxxMemberCallExpr(callee(cxxMethodDecl(hasName("lock")))), &Locks}});
  // Each function once per check that wants it, in one walk; lambda bodies
  // count for their function and for the lambda itself (matched as a
  // lambda, and as its call operator: functionToAnalyze() makes them one);
  // a local class's member functions are functions of their own, not of the
  // one around.
  EXPECT_EQ(Acquires.Seen,
            (std::set<std::string>{"both", "nested", "lambda at 7",
                                   "operator()", "in_initializer", "f"}));
  EXPECT_EQ(Locks.Seen, (std::set<std::string>{"lock_it", "both"}));
}

TEST(FunctionScopeTest, RegistryLivesWithTheChecks) {
  AnnotatedCode Unit(Code);
  std::weak_ptr<FunctionBodies> Weak;
  {
    MatchFinder Finder;
    Recorder Acquires;
    std::shared_ptr<FunctionBodies> Bodies = addFunctionMatchers(
        &Finder, callExpr(callee(functionDecl(hasName("acquire")))),
        &Acquires);
    Weak = Bodies;
    Finder.matchAST(Unit.context());
    EXPECT_TRUE(Acquires.Seen.count("both"));
  }
  EXPECT_TRUE(Weak.expired());
  // A new finder (maybe at the same address) starts a registry of its own:
  // the callbacks of the old one are never called.
  MatchFinder Finder;
  Recorder Locks;
  auto Bodies = addFunctionMatchers(
      &Finder, cxxMemberCallExpr(callee(cxxMethodDecl(hasName("lock")))),
      &Locks);
  Finder.matchAST(Unit.context());
  EXPECT_EQ(Locks.Seen, (std::set<std::string>{"lock_it", "both"}));
}

TEST(FunctionScopeTest, StatementBelowSkipsTheNodeItself) {
  AnnotatedCode Unit(R"cpp(
    void *acquire();
    void f() { $call^acquire(); }
  )cpp");
  const auto *Call = Unit.nodeAt<CallExpr>("call");
  ASSERT_NE(Call, nullptr);
  const auto IsAcquire = callExpr(callee(functionDecl(hasName("acquire"))));
  EXPECT_EQ(match(functionDecl(hasBody(hasStatementBelow(IsAcquire))),
                  *Unit.function("f"), Unit.context())
                .size(),
            1u);
  EXPECT_TRUE(
      match(stmt(hasStatementBelow(IsAcquire)), *Call, Unit.context())
          .empty());
}

} // namespace
} // namespace leakguard::test
