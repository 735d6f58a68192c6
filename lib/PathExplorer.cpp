//===--- PathExplorer.cpp - follow an acquisition along every path --------===//

#include "PathExplorer.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;

namespace leakguard {

std::optional<std::pair<const CFGBlock *, unsigned>>
findElement(const CFG &Cfg, const Stmt *S) {
  for (const CFGBlock *Block : Cfg) {
    unsigned Index = 0;
    for (const CFGElement &Element : *Block) {
      if (auto CS = Element.getAs<CFGStmt>(); CS && CS->getStmt() == S)
        return std::make_pair(Block, Index);
      ++Index;
    }
  }
  return std::nullopt;
}

static ExitKind kindOfJump(const Stmt *Jump) {
  if (!Jump)
    return ExitKind::FunctionEnd;
  if (isa<ReturnStmt>(Jump))
    return ExitKind::Return;
  if (isa<CXXThrowExpr>(Jump))
    return ExitKind::Throw;
  if (isa<BreakStmt>(Jump))
    return ExitKind::Break;
  if (isa<ContinueStmt>(Jump))
    return ExitKind::Continue;
  return ExitKind::Goto;
}

namespace {
/// One pending piece of a path: where to resume, and the last jump taken
/// since the acquisition (what a leak at the exit is blamed on).
struct WorkItem {
  const CFGBlock *Block;
  unsigned FirstElement;
  const Stmt *LastJump;
};
} // namespace

PathResult explorePaths(const CFG &Cfg, const Stmt *Start,
                        llvm::function_ref<StepVerdict(const Stmt *)> Step) {
  PathResult Result;
  auto StartPos = findElement(Cfg, Start);
  if (!StartPos)
    return Result;

  llvm::DenseSet<std::pair<const Stmt *, const Stmt *>> SeenExits;
  llvm::DenseSet<const Stmt *> SeenReleases;
  auto AddExit = [&](ExitKind Kind, const Stmt *At) {
    if (SeenExits.insert({At, reinterpret_cast<const Stmt *>(Kind)}).second)
      Result.Exits.push_back({Kind, At});
  };

  // A block is worth visiting again only with another last jump, since that
  // changes what a leak is blamed on; this bounds the walk by
  // blocks x jumps.
  llvm::DenseSet<std::pair<const CFGBlock *, const Stmt *>> Visited;
  llvm::SmallVector<WorkItem, 16> Work;
  Work.push_back({StartPos->first, StartPos->second + 1, nullptr});

  while (!Work.empty()) {
    WorkItem Item = Work.pop_back_val();
    const CFGBlock *Block = Item.Block;
    const Stmt *LastJump = Item.LastJump;
    bool PathEnded = false;

    for (unsigned I = Item.FirstElement, E = Block->size(); I < E; ++I) {
      auto CS = (*Block)[I].getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (S == Start) {
        // Back at the acquisition: blame the jump that led here, if any.
        if (LastJump)
          AddExit(kindOfJump(LastJump), LastJump);
        else
          AddExit(ExitKind::Reentry, Start);
        PathEnded = true;
        break;
      }
      StepVerdict Verdict = Step(S);
      if (Verdict == StepVerdict::Released) {
        if (SeenReleases.insert(S).second)
          Result.Releases.push_back(S);
        PathEnded = true;
        break;
      }
      if (Verdict == StepVerdict::Stop) {
        PathEnded = true;
        break;
      }
      if (isa<ReturnStmt, CXXThrowExpr>(S))
        LastJump = S;
    }
    if (PathEnded || Block->hasNoReturnElement())
      continue;

    if (const Stmt *Terminator = Block->getTerminatorStmt();
        Terminator &&
        isa<BreakStmt, ContinueStmt, GotoStmt, IndirectGotoStmt>(Terminator))
      LastJump = Terminator;

    for (const CFGBlock *Succ : Block->succs()) {
      if (!Succ)
        continue;
      if (Succ == &Cfg.getExit()) {
        AddExit(kindOfJump(LastJump), LastJump);
        continue;
      }
      if (Visited.insert({Succ, LastJump}).second)
        Work.push_back({Succ, 0, LastJump});
    }
  }
  return Result;
}

} // namespace leakguard
