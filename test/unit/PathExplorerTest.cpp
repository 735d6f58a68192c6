//===--- PathExplorerTest.cpp ---------------------------------------------===//

#include "analysis/PathExplorer.h"
#include "AnnotatedCode.h"
#include "clang/AST/ExprCXX.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

/// Explores from the call at $acquire^; calls named `release` release.
struct Exploration {
  AnnotatedCode Code;
  std::unique_ptr<CFG> Cfg;
  PathResult Result;

  explicit Exploration(llvm::StringRef Annotated, bool Prune = false,
                       unsigned MaxSteps = ExploreOptions().MaxSteps)
      : Code(Annotated) {
    const FunctionDecl *F = Code.function("f");
    EXPECT_NE(F, nullptr);
    Cfg = CFG::buildCFG(F, F->getBody(), &Code.context(), CFG::BuildOptions());
    const auto *Start = Code.nodeAt<CallExpr>("acquire");
    EXPECT_NE(Start, nullptr);
    ExploreOptions Options;
    if (Prune)
      Options.Context = &Code.context();
    Options.MaxSteps = MaxSteps;
    Result = explorePaths(
        *Cfg, Start,
        [](const Stmt *S) {
          if (const auto *Call = dyn_cast<CallExpr>(S))
            if (const FunctionDecl *Callee = Call->getDirectCallee())
              if (Callee->getName() == "release")
                return StepVerdict::Released;
          return StepVerdict::Continue;
        },
        Options);
  }

  /// The marker names of the exits found, with their kinds.
  std::vector<std::pair<ExitKind, unsigned>> exits() {
    std::vector<std::pair<ExitKind, unsigned>> Exits;
    for (const LeakExit &Exit : Result.Exits)
      Exits.push_back(
          {Exit.Kind, Exit.At ? Code.offsetOf(Exit.At->getBeginLoc()) : ~0u});
    return Exits;
  }
};

constexpr const char *Prelude = R"cpp(
  void acquire(); void release(); bool cond(); [[noreturn]] void die();
)cpp";

TEST(PathExplorerTest, AllPathsReleased) {
  Exploration E(std::string(Prelude) + R"cpp(
    void f() {
      $acquire^acquire();
      if (cond()) { release(); return; }
      release();
    }
  )cpp");
  EXPECT_TRUE(E.Result.Exits.empty());
  EXPECT_EQ(E.Result.Releases.size(), 2u);
}

TEST(PathExplorerTest, EarlyReturnLeaks) {
  Exploration E(std::string(Prelude) + R"cpp(
    int f() {
      $acquire^acquire();
      if (cond())
        $ret^return 1;
      release();
      return 0;
    }
  )cpp");
  ASSERT_EQ(E.exits().size(), 1u);
  EXPECT_EQ(E.exits()[0],
            std::make_pair(ExitKind::Return, E.Code.point("ret")));
}

TEST(PathExplorerTest, FallingOffTheEnd) {
  Exploration E(std::string(Prelude) + R"cpp(
    void f() {
      $acquire^acquire();
      if (cond())
        release();
    }
  )cpp");
  ASSERT_EQ(E.exits().size(), 1u);
  EXPECT_EQ(E.exits()[0].first, ExitKind::FunctionEnd);
}

TEST(PathExplorerTest, ContinueBackToTheAcquisition) {
  Exploration E(std::string(Prelude) + R"cpp(
    void f() {
      while (cond()) {
        $acquire^acquire();
        if (cond())
          $cont^continue;
        release();
      }
    }
  )cpp");
  ASSERT_FALSE(E.exits().empty());
  for (auto Exit : E.exits())
    EXPECT_EQ(Exit, std::make_pair(ExitKind::Continue, E.Code.point("cont")));
}

TEST(PathExplorerTest, LoopWithoutReleaseReentersTheAcquisition) {
  Exploration E(std::string(Prelude) + R"cpp(
    void f() {
      while (cond()) {
        $acquire^acquire();
        if (cond())
          release();
      }
    }
  )cpp");
  auto Exits = E.exits();
  EXPECT_NE(std::find(Exits.begin(), Exits.end(),
                      std::make_pair(ExitKind::Reentry, E.Code.point("acquire"))),
            Exits.end());
}

TEST(PathExplorerTest, NoReturnCallsAreNotLeaks) {
  Exploration E(std::string(Prelude) + R"cpp(
    void f() {
      $acquire^acquire();
      if (cond())
        die();
      release();
    }
  )cpp");
  EXPECT_TRUE(E.Result.Exits.empty());
}

TEST(PathExplorerTest, ThrowLeavesTheFunction) {
  Exploration E(std::string(Prelude) + R"cpp(
    void f() {
      $acquire^acquire();
      if (cond())
        $throw^throw 1;
      release();
    }
  )cpp");
  ASSERT_EQ(E.exits().size(), 1u);
  EXPECT_EQ(E.exits()[0],
            std::make_pair(ExitKind::Throw, E.Code.point("throw")));
}

TEST(PathExplorerTest, ComplementaryConditionsArePruned) {
  constexpr const char *Code = R"cpp(
    void acquire(); void release(); bool cond(); extern int flag;
    void f() {
      $acquire^acquire();
      if (!flag)
        release();
      cond();
      if (flag)
        release();
    }
  )cpp";
  // Without conditions, the path that skips both releases is followed.
  Exploration Blind(std::string(Code), /*Prune=*/false);
  EXPECT_EQ(Blind.exits().size(), 1u);
  // With them, it cannot happen.
  Exploration Pruned(std::string(Code), /*Prune=*/true);
  EXPECT_TRUE(Pruned.Result.Exits.empty());
  EXPECT_TRUE(Pruned.Result.Complete);
}

// A long function whose paths differ only in conditions that no later
// branch tests again is walked as one path per what still matters (#14's
// cost): twelve conditions each tested twice, then a release under a
// condition tested before them all. Without forgetting the twelve, the
// walk follows 2^8 combinations per block (the facts a path keeps are
// bounded) and runs out of steps; and the oldest fact, the one the last
// branch needs, is pushed out.
TEST(PathExplorerTest, FactsNoBranchAheadNeedsAreForgotten) {
  std::string Code = R"cpp(
    void acquire(); void release(); void g();
    extern int k, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11;
    void f() {
      $acquire^acquire();
      if (!k)
        release();
  )cpp";
  for (int I = 0; I < 12; ++I)
    Code += "if (a" + std::to_string(I) + ") g(); if (a" + std::to_string(I) +
            ") g(); g();\n";
  Code += "if (k) release(); }";
  Exploration E(Code, /*Prune=*/true, /*MaxSteps=*/2000);
  EXPECT_TRUE(E.Result.Complete);
  EXPECT_TRUE(E.Result.Exits.empty());
  EXPECT_EQ(E.Result.Releases.size(), 2u);
}

TEST(PathExplorerTest, OppositeComparisonsAreOneCondition) {
  // `count == 1` false is `1 != count` true; `count >= limit` is
  // `count < limit` false.
  for (const char *Tests : {"count == 1", "count < limit"}) {
    std::string Opposite = StringRef(Tests) == "count == 1" ? "1 != count"
                                                              : "count >= limit";
    std::string Code = std::string(R"cpp(
      void acquire(); void release(); bool cond(); extern int count, limit;
      void f() {
        $acquire^acquire();
        if ()cpp") + Tests + R"cpp()
          release();
        cond();
        if ()cpp" + Opposite + R"cpp()
          release();
      }
    )cpp";
    Exploration Blind(Code, /*Prune=*/false);
    EXPECT_EQ(Blind.exits().size(), 1u) << Tests;
    Exploration Pruned(Code, /*Prune=*/true);
    EXPECT_TRUE(Pruned.Result.Exits.empty()) << Tests;
    EXPECT_TRUE(Pruned.Result.Complete) << Tests;
  }
}

TEST(PathExplorerTest, LocalFlagsHaveTheirValueOnThePath) {
  // `done` is false where the walk starts and true only after a release.
  Exploration Known(std::string(Prelude) + R"cpp(
    void f() {
      bool done = false;
      $acquire^acquire();
      if (cond()) { release(); done = true; }
      if (!done) release();
    }
  )cpp",
                    /*Prune=*/true);
  EXPECT_TRUE(Known.Result.Exits.empty());
  // Its address is taken: anything may have written it.
  Exploration Escaped(std::string(Prelude) + R"cpp(
    void see(bool *);
    void f() {
      bool done = false;
      see(&done);
      $acquire^acquire();
      if (cond()) { release(); done = true; }
      if (!done) release();
    }
  )cpp",
                      /*Prune=*/true);
  EXPECT_EQ(Escaped.exits().size(), 1u);
  // The iteration before wrote it: its value at the acquisition is unknown.
  Exploration Looped(std::string(Prelude) + R"cpp(
    void f() {
      int first = 1;
      while (cond()) {
        $acquire^acquire();
        if (first) release();
        first = 0;
      }
    }
  )cpp",
                     /*Prune=*/true);
  EXPECT_FALSE(Looped.Result.Exits.empty());
}

TEST(PathExplorerTest, StartsFromTheEntry) {
  AnnotatedCode Code(std::string(Prelude) + R"cpp(
    void f() {
      if (cond())
        release();
      acquire();
    }
  )cpp");
  const FunctionDecl *F = Code.function("f");
  auto Cfg = CFG::buildCFG(F, F->getBody(), &Code.context(), CFG::BuildOptions());
  PathResult Result = explorePathsFromEntry(*Cfg, [](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *Callee = Call->getDirectCallee()) {
        if (Callee->getName() == "release")
          return StepVerdict::Released;
        if (Callee->getName() == "acquire")
          return StepVerdict::Stop;
      }
    return StepVerdict::Continue;
  });
  EXPECT_EQ(Result.Releases.size(), 1u);
  EXPECT_TRUE(Result.Exits.empty());
}

TEST(PathExplorerTest, CountersKeepTheirValueThroughSteps) {
  // 0, 1, 4, 2: the release is on every path.
  Exploration Stepped(std::string(Prelude) + R"cpp(
    void f() {
      int i = 0;
      $acquire^acquire();
      i++; i += 3; i -= 2;
      if (i == 2) release();
    }
  )cpp",
                      /*Prune=*/true);
  EXPECT_TRUE(Stepped.Result.Exits.empty());
  // An unsigned counter wraps.
  Exploration Wrapped(std::string(Prelude) + R"cpp(
    void f() {
      unsigned u = 0;
      $acquire^acquire();
      --u;
      if (u > 5) release();
    }
  )cpp",
                      /*Prune=*/true);
  EXPECT_TRUE(Wrapped.Result.Exits.empty());
  // A counter also compared with something unknown is not followed.
  Exploration Unknown(std::string(Prelude) + R"cpp(
    void f(int n) {
      int i = 0;
      $acquire^acquire();
      ++i;
      if (i == 1) release();
      if (i < n) cond();
    }
  )cpp",
                      /*Prune=*/true);
  EXPECT_EQ(Unknown.exits().size(), 1u);
}

TEST(PathExplorerTest, CountedLoopAcquiresOnItsFirstPassOnly) {
  // The test around the acquisition (`i == 0`, one operand of `&&`) gives
  // the counter its value; the second pass skips the acquisition and the
  // third test of `i < 2` leaves the loop.
  AnnotatedCode Code(std::string(Prelude) + R"cpp(
    void f(int n) {
      int i;
      for (i = 0; i < 2; ++i) {
        if (i == 0 && n > 0)
          $acquire^acquire();
      }
      release();
    }
  )cpp");
  const FunctionDecl *F = Code.function("f");
  auto Cfg =
      CFG::buildCFG(F, F->getBody(), &Code.context(), CFG::BuildOptions());
  const auto *Start = Code.nodeAt<CallExpr>("acquire");
  ParentMap Parents(F->getBody());
  auto Assumed = assumptionsAround(Start, Parents);
  auto Explore = [&](bool WithAssumptions) {
    ExploreOptions Options;
    Options.Context = &Code.context();
    if (WithAssumptions)
      Options.Assumed = Assumed;
    return explorePaths(
        *Cfg, Start,
        [](const Stmt *S) {
          const auto *Call = dyn_cast<CallExpr>(S);
          return Call && Call->getDirectCallee() &&
                         Call->getDirectCallee()->getName() == "release"
                     ? StepVerdict::Released
                     : StepVerdict::Continue;
        },
        Options);
  };
  PathResult Known = Explore(true);
  EXPECT_TRUE(Known.Exits.empty());
  EXPECT_TRUE(Known.Complete);
  // Without it, the second pass may acquire again.
  EXPECT_FALSE(Explore(false).Exits.empty());
}

} // namespace
} // namespace leakguard::test
