//===--- PathExplorer.cpp - follow an acquisition along every path --------===//

#include "analysis/PathExplorer.h"
#include "analysis/AstHelpers.h"
#include "analysis/FileConstants.h"
#include "analysis/FunctionScope.h"
#include "analysis/HandleUses.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FoldingSet.h"
#include "llvm/ADT/Hashing.h"
#include <algorithm>
#include <cstdint>

using namespace clang;

namespace leakguard::analysis {

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

std::string exitNote(ExitKind Kind, llvm::StringRef State,
                     llvm::StringRef Again) {
  llvm::StringRef Where;
  switch (Kind) {
  case ExitKind::Return:
    Where = "when returning here";
    break;
  case ExitKind::Throw:
    Where = "when throwing here";
    break;
  case ExitKind::Break:
    Where = "when breaking out here";
    break;
  case ExitKind::Continue:
    Where = "when continuing here";
    break;
  case ExitKind::Goto:
    Where = "when jumping here";
    break;
  case ExitKind::FunctionEnd:
    Where = "at the end of the function";
    break;
  case ExitKind::Reentry:
    return ("'%0' " + Again).str();
  }
  return ("'%0' " + State + " " + Where).str();
}

namespace {

/// A decided condition, by the hash of its canonical form.
struct Fact {
  unsigned Condition;
  bool Value;
  bool operator==(const Fact &Other) const {
    return Condition == Other.Condition && Value == Other.Value;
  }
};

llvm::hash_code hash_value(const Fact &F) {
  return llvm::hash_combine(F.Condition, F.Value);
}

/// The facts a path carries: few, so a small vector, newest last.
using Facts = llvm::SmallVector<Fact, 4>;
constexpr unsigned MaxFacts = 8;

/// One pending piece of a path: where to resume, the last jump taken since
/// the acquisition (what a leak at the exit is blamed on), the branch
/// conditions decided so far and the pointers known not to be null.
struct WorkItem {
  const CFGBlock *Block;
  unsigned FirstElement;
  const Stmt *LastJump;
  Facts Known;
  /// The pointers read through (`p->f`, `*p`) since their last assignment:
  /// not null on this path.
  llvm::SmallVector<const VarDecl *, 2> ReadThrough;
  /// The local flags (see Explorer::Flags) the path has written since the
  /// walk started, with the constant written (none: not a constant).
  llvm::SmallVector<std::pair<const VarDecl *, std::optional<llvm::APSInt>>, 2>
      Locals;
  /// How many increments of a counter the path has followed with a known
  /// value (see MaxCountedSteps).
  unsigned CountedSteps = 0;
};

/// A path follows this many increments (`++i`, `k -= 2`) of counters with
/// a known value; later ones forget the value, so a loop is unrolled at
/// most this many times.
constexpr unsigned MaxCountedSteps = 4;

class Explorer {
public:
  Explorer(const CFG &Cfg, const Stmt *Start,
           llvm::function_ref<StepVerdict(const Stmt *)> Step,
           const ExploreOptions &Options)
      : Cfg(Cfg), Start(Start), Step(Step), Options(Options) {}

  PathResult run(const CFGBlock *Block, unsigned FirstElement) {
    StartBlock = Block;
    StartIndex = FirstElement ? FirstElement - 1 : 0;
    // The inits and increments of the `for` loops, to tell their first test.
    if (Options.Context)
      for (const CFGBlock *B : Cfg)
        if (const auto *For =
                dyn_cast_or_null<ForStmt>(B->getTerminatorStmt())) {
          if (For->getInit())
            LoopInits[For->getInit()] = For;
          if (For->getInc())
            LoopIncs[For->getInc()] = For;
        }
    // The `&&` and `||` of the if conditions (see walk()).
    for (const CFGBlock *B : Cfg)
      if (const auto *If = dyn_cast_or_null<IfStmt>(B->getTerminatorStmt()))
        noteIfOperands(If->getCond());
    // The pointers some branch tests against null: only their reads are
    // worth remembering on a path.
    for (const CFGBlock *B : Cfg)
      if (B->succ_size() == 2) {
        if (auto Test = nullTest(B->getLastCondition(), true))
          NullTested.insert(Test->first);
        if (Options.Context)
          if (const VarDecl *Flag = flagOf(B->getLastCondition())) {
            Flags.try_emplace(Flag);
            if (!comparesWithConstant(B->getLastCondition(), Flag))
              NotCounters.insert(Flag);
          }
      }
    // How often each condition is tested: one tested once, and not
    // assumed, prunes nothing later, so a path need not remember it (and
    // paths that differ only in it are one state).
    for (const CFGBlock *B : Cfg)
      if (B->succ_size() == 2)
        if (auto F = fact(B->getLastCondition(), true)) {
          ++Tests[F->Condition];
          if (auto It = Bounds.find(F->Condition); It != Bounds.end())
            ++BoundTests[It->second.Var];
        }
    Facts Initial;
    for (const Assumption &A : Options.Assumed)
      assume(Initial, A.Condition, A.Value);
    if (Options.Context)
      computeLiveness();
    push({Block, FirstElement, nullptr, std::move(Initial), {}, {}, 0});
    unsigned Steps = 0;
    while (!Work.empty()) {
      if (++Steps > Options.MaxSteps) {
        Result.Complete = false;
        break;
      }
      WorkItem Item = Work.pop_back_val();
      walk(Item);
    }
    return std::move(Result);
  }

private:
  /// Records the logical operators of an if's condition \p E, nested ones
  /// included (through parentheses and `!`).
  void noteIfOperands(const Expr *E) {
    bool Ignored = true;
    E = E ? stripLogicalNots(E, Ignored) : nullptr;
    const auto *Logical = dyn_cast_or_null<BinaryOperator>(E);
    if (!Logical || !Logical->isLogicalOp())
      return;
    IfOperands.insert(Logical);
    noteIfOperands(Logical->getLHS());
    noteIfOperands(Logical->getRHS());
  }

  /// Adds to \p Initial what \p Condition being \p Value says: each
  /// operand of an `a && b` that holds, of an `a || b` that does not.
  void assume(Facts &Initial, const Expr *Condition, bool Value) {
    if (!Condition)
      return;
    const Expr *E = stripLogicalNots(Condition, Value);
    if (const auto *Logical = dyn_cast<BinaryOperator>(E->IgnoreParens());
        Logical && Logical->getOpcode() == (Value ? BO_LAnd : BO_LOr)) {
      assume(Initial, Logical->getLHS(), Value);
      assume(Initial, Logical->getRHS(), Value);
      return;
    }
    if (auto F = fact(E, Value)) {
      Tests[F->Condition] += 2;
      remember(Initial, *F);
    }
  }

  /// The canonical form of a condition without its `!`s, and whether an odd
  /// number of them was stripped.
  std::optional<Fact> fact(const Expr *Condition, bool Value) const {
    if (!Options.Context || !Condition)
      return std::nullopt;
    // Hashed once per condition: the setup, the liveness pass and every
    // visit of a block ask again.
    auto [It, New] = FactsOf.try_emplace(Condition);
    if (New)
      It->second = factOf(Condition);
    std::optional<Fact> F = It->second;
    if (F && !Value)
      F->Value = !F->Value;
    return F;
  }

  /// fact() of \p Condition being true.
  std::optional<Fact> factOf(const Expr *Condition) const {
    bool Value = true;
    const Expr *E = stripLogicalNots(Condition, Value);
    // `a && b` and `a || b` are split over several CFG blocks: only plain
    // conditions are tracked.
    if (const auto *Binary = dyn_cast<BinaryOperator>(E);
        Binary && Binary->isLogicalOp())
      return std::nullopt;
    auto Hash = [&](const Expr *X) {
      llvm::FoldingSetNodeID ID;
      X->Profile(ID, *Options.Context, /*Canonical=*/true);
      return ID.ComputeHash();
    };
    // A comparison and its opposite are one fact: `n != 1` is `n == 1`
    // false, `a >= b` is `a < b` false; `1 == n` is `n == 1`.
    if (const auto *Compare = dyn_cast<BinaryOperator>(E);
        Compare && Compare->isComparisonOp()) {
      BinaryOperatorKind Op = Compare->getOpcode();
      if (Op == BO_NE || Op == BO_GE || Op == BO_LE) {
        Op = BinaryOperator::negateComparisonOp(Op);
        Value = !Value;
      }
      unsigned L = Hash(Compare->getLHS()), R = Hash(Compare->getRHS());
      if (Op == BO_EQ && R < L)
        std::swap(L, R);
      auto Key = static_cast<unsigned>(llvm::hash_combine(L, R, Op));
      noteBound(Key, Compare->getLHS(), Op, Compare->getRHS());
      return Fact{Key, Value};
    }
    return Fact{Hash(E), Value};
  }

  /// Records the comparison \p Key as a bound of a signed integer variable
  /// by a constant (`rc < 0`, `0 > rc`, `n == 2`), \p Op being `==`, `<`
  /// or `>` with \p LHS on its left.
  void noteBound(unsigned Key, const Expr *LHS, BinaryOperatorKind Op,
                 const Expr *RHS) const {
    if (Bounds.count(Key) || !Options.Context)
      return;
    const VarDecl *Var = variable(LHS);
    const Expr *Other = RHS;
    if (!Var) {
      Var = variable(RHS);
      Other = LHS;
      if (Op != BO_EQ)
        Op = Op == BO_LT ? BO_GT : BO_LT; // `0 > rc` is `rc < 0`.
    }
    Expr::EvalResult K;
    if (!Var || !Var->getType()->isSignedIntegerType() ||
        Other->isValueDependent() ||
        !Other->EvaluateAsInt(K, *Options.Context) ||
        K.Val.getInt().getSignificantBits() > 63)
      return;
    Bounds[Key] = {Var, Op, K.Val.getInt().getSExtValue()};
  }

  /// The value the facts of a path give the bound \p Condition through
  /// other bounds of the same variable (`rc < 0` true decides `rc == 0`
  /// false, so `rc != 0` true), if they decide it.
  std::optional<bool> boundValue(const Facts &Known, unsigned Condition) const {
    auto It = Bounds.find(Condition);
    if (It == Bounds.end())
      return std::nullopt;
    const Bound &Asked = It->second;
    int64_t Lo = INT64_MIN, Hi = INT64_MAX;
    llvm::SmallVector<int64_t, 2> Excluded;
    bool Any = false;
    for (const Fact &F : Known) {
      auto B = Bounds.find(F.Condition);
      if (F.Condition == Condition || B == Bounds.end() ||
          B->second.Var != Asked.Var)
        continue;
      Any = true;
      int64_t K = B->second.K;
      switch (B->second.Op) {
      case BO_EQ:
        if (F.Value) {
          Lo = std::max(Lo, K);
          Hi = std::min(Hi, K);
        } else {
          Excluded.push_back(K);
        }
        break;
      case BO_LT: // K fits in 63 bits: K - 1 and K + 1 do not overflow.
        F.Value ? Hi = std::min(Hi, K - 1) : Lo = std::max(Lo, K);
        break;
      default: // BO_GT
        F.Value ? Lo = std::max(Lo, K + 1) : Hi = std::min(Hi, K);
        break;
      }
    }
    if (!Any)
      return std::nullopt;
    int64_t K = Asked.K;
    switch (Asked.Op) {
    case BO_EQ:
      if (Lo == K && Hi == K)
        return true;
      if (K < Lo || K > Hi || llvm::is_contained(Excluded, K))
        return false;
      return std::nullopt;
    case BO_LT:
      if (Hi < K)
        return true;
      if (Lo >= K)
        return false;
      return std::nullopt;
    default:
      if (Lo > K)
        return true;
      if (Hi <= K)
        return false;
      return std::nullopt;
    }
  }

  /// The value \p Condition always has: a constant expression (a `const`
  /// global with a constant initializer included), or a call to a function
  /// of this file whose body is only `return <constant>;`.
  std::optional<bool> constantValue(const Expr *Condition,
                                    const WorkItem &Item) {
    if (!Options.Context || !Condition || Condition->isValueDependent())
      return std::nullopt;
    bool Value = true;
    const Expr *E = stripLogicalNots(Condition, Value);
    // What the AST alone says is asked once per condition, not at each
    // visit of its block.
    auto [Static, New] = StaticValues.try_emplace(E);
    if (New)
      Static->second = staticValue(E);
    if (Static->second.Constant)
      return *Static->second.Constant == Value;
    if (std::optional<bool> Known = knownCondition(E, Item))
      return *Known == Value;
    if (Static->second.CallReturns)
      return *Static->second.CallReturns == Value;
    return std::nullopt;
  }

  /// What constantValue() learns of \p E (its `!`s stripped) from the AST
  /// alone: its value as a constant expression, or else that of the call
  /// to a function of this file whose body is only `return <constant>;`.
  struct StaticValue {
    std::optional<bool> Constant, CallReturns;
  };
  StaticValue staticValue(const Expr *E) const {
    StaticValue Static;
    bool Result = false;
    if (!E->isValueDependent() &&
        E->EvaluateAsBooleanCondition(Result, *Options.Context)) {
      Static.Constant = Result;
      return Static;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Definition = nullptr;
    if (!Callee || !Callee->hasBody(Definition))
      return Static;
    const auto *Body = dyn_cast<CompoundStmt>(Definition->getBody());
    const auto *Return =
        Body && Body->size() == 1 ? dyn_cast<ReturnStmt>(Body->body_front())
                                  : nullptr;
    if (!Return || !Return->getRetValue() ||
        Return->getRetValue()->isValueDependent() ||
        !Return->getRetValue()->EvaluateAsBooleanCondition(Result,
                                                           *Options.Context))
      return Static;
    Static.CallReturns = Result;
    return Static;
  }

  /// The value of \p E when it reads variables the file never writes
  /// (`staticFalse`, `mode == 2`) or local flags with a known value on the
  /// path (`success == false`).
  std::optional<bool> knownCondition(const Expr *E, const WorkItem &Item) {
    E = E->IgnoreParenImpCasts();
    if (isa<DeclRefExpr>(E)) {
      if (std::optional<llvm::APSInt> V = valueOn(E, Item))
        return !V->isZero();
      return std::nullopt;
    }
    const auto *Compare = dyn_cast<BinaryOperator>(E);
    if (!Compare || !Compare->isComparisonOp())
      return std::nullopt;
    std::optional<llvm::APSInt> L = valueOn(Compare->getLHS(), Item);
    std::optional<llvm::APSInt> R =
        L ? valueOn(Compare->getRHS(), Item) : std::nullopt;
    if (!L || !R)
      return std::nullopt;
    return compare(Compare->getOpcode(), *L, *R);
  }

  static std::optional<bool>
  compare(BinaryOperatorKind Op, const llvm::APSInt &L, const llvm::APSInt &R) {
    int Order = llvm::APSInt::compareValues(L, R);
    switch (Op) {
    case BO_LT:
      return Order < 0;
    case BO_GT:
      return Order > 0;
    case BO_LE:
      return Order <= 0;
    case BO_GE:
      return Order >= 0;
    case BO_EQ:
      return Order == 0;
    case BO_NE:
      return Order != 0;
    default:
      return std::nullopt;
    }
  }

  /// The value \p E has on the path of \p Item: a constant, a variable the
  /// file never writes, or a local flag (see flagInfo()).
  std::optional<llvm::APSInt> valueOn(const Expr *E, const WorkItem &Item) {
    ASTContext &Context = const_cast<ASTContext &>(*Options.Context);
    auto [Known, New] = KnownValues.try_emplace(E);
    if (New)
      Known->second = knownIntegerValue(E, Context);
    if (Known->second)
      return Known->second;
    const VarDecl *Var = variable(E);
    if (!Var || !Flags.count(Var) || !flagInfo(Var).Trackable)
      return std::nullopt;
    for (const auto &[Written, Value] : Item.Locals)
      if (Written == Var)
        return Value;
    return flagInfo(Var).Entry;
  }

  /// A local integer, enum or bool variable, not volatile.
  static bool isFlagCandidate(const VarDecl *Var) {
    return Var && Var->hasLocalStorage() &&
           !Var->getType().isVolatileQualified() &&
           Var->getType()->isIntegralOrEnumerationType();
  }

  /// The local variable \p Condition tests (`ok`, `!ok`, `n == 2`, `state
  /// != DONE`), if any: a flag whose value the walk may know.
  static const VarDecl *flagOf(const Expr *Condition) {
    if (!Condition)
      return nullptr;
    bool Ignored = true;
    const Expr *E = stripLogicalNots(Condition, Ignored);
    if (const auto *Compare = dyn_cast<BinaryOperator>(E);
        Compare && Compare->isComparisonOp())
      E = isFlagCandidate(variable(Compare->getLHS())) ? Compare->getLHS()
                                                       : Compare->getRHS();
    const VarDecl *Var = variable(E);
    return isFlagCandidate(Var) ? Var : nullptr;
  }

  /// What the walk knows of a flag: whether its value can be followed
  /// (every use reads it or writes it in a statement of the CFG: no
  /// address taken, no reference bound to it, no capture by reference),
  /// and its value where the walk starts (the same constant on every path
  /// from its declaration to the acquisition, none written on the way).
  struct FlagInfo {
    bool Computed = false;
    bool Trackable = false;
    std::optional<llvm::APSInt> Entry;
  };

  FlagInfo &flagInfo(const VarDecl *Var) {
    FlagInfo &Info = Flags[Var];
    if (Info.Computed)
      return Info;
    Info.Computed = true;
    const Decl *Owner = Decl::castFromDeclContext(Var->getDeclContext());
    const Stmt *Body = Owner ? Owner->getBody() : nullptr;
    Info.Trackable = Body && usesArePlain(Body, nullptr, Var);
    for (const auto &[Known, Value] : Options.KnownValues)
      if (Known == Var && Info.Trackable)
        Info.Entry = Value;
    if (Info.Trackable && Start && !Info.Entry)
      Info.Entry = entryValue(Var);
    return Info;
  }

  /// The assignment (`v = e`, `v += e`) or increment that \p S is, of a
  /// variable, if any.
  static const VarDecl *writtenBy(const Stmt *S) {
    if (const auto *Assign = dyn_cast<BinaryOperator>(S);
        Assign && Assign->isAssignmentOp())
      return variable(Assign->getLHS());
    if (const auto *Unary = dyn_cast<UnaryOperator>(S);
        Unary && Unary->isIncrementDecrementOp())
      return variable(Unary->getSubExpr());
    return nullptr;
  }

  /// Whether every use of \p Var under \p S (whose parent, parentheses
  /// aside, is \p Parent) reads its value or is written by a statement the
  /// walk meets as an element of the CFG.
  bool usesArePlain(const Stmt *S, const Stmt *Parent, const VarDecl *Var) {
    if (!S)
      return true;
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl() == Var) {
      if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(Parent);
          Cast && Cast->getCastKind() == CK_LValueToRValue)
        return true;
      return Parent && writtenBy(Parent) == Var && isElement(Parent);
    }
    // A closure's body works on its own copy; by reference it is shared.
    if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &Capture : Lambda->captures())
        if (Capture.capturesVariable() && Capture.getCapturedVar() == Var &&
            Capture.getCaptureKind() == LCK_ByRef)
          return false;
      return llvm::all_of(Lambda->capture_inits(), [&](const Expr *Init) {
        return usesArePlain(Init, Lambda, Var);
      });
    }
    if (const auto *Block = dyn_cast<BlockExpr>(S))
      return llvm::none_of(Block->getBlockDecl()->captures(),
                           [&](const BlockDecl::Capture &Capture) {
                             return Capture.getVariable() == Var &&
                                    Capture.isByRef();
                           });
    const Stmt *ChildParent = isa<ParenExpr>(S) ? Parent : S;
    return llvm::all_of(S->children(), [&](const Stmt *Child) {
      return usesArePlain(Child, ChildParent, Var);
    });
  }

  bool isElement(const Stmt *S) {
    if (Elements.empty())
      for (const CFGBlock *B : Cfg)
        for (const CFGElement &Element : *B)
          if (auto CS = Element.getAs<CFGStmt>())
            Elements.insert(CS->getStmt());
    return Elements.contains(S);
  }

  /// The value \p Var has where the walk starts: walking back from the
  /// acquisition, every path meets its declaration with a constant
  /// initializer, all the same, before any write of it.
  std::optional<llvm::APSInt> entryValue(const VarDecl *Var) {
    ASTContext &Context = const_cast<ASTContext &>(*Options.Context);
    std::optional<llvm::APSInt> Value;
    llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 8> Stack = {
        {StartBlock, StartIndex}};
    llvm::DenseSet<const CFGBlock *> Queued;
    while (!Stack.empty()) {
      auto [Block, End] = Stack.pop_back_val();
      bool Declared = false;
      for (unsigned I = End; I-- > 0 && !Declared;) {
        auto CS = (*Block)[I].getAs<CFGStmt>();
        if (!CS)
          continue;
        const Stmt *S = CS->getStmt();
        if (const auto *Decl = dyn_cast<DeclStmt>(S);
            Decl && llvm::is_contained(Decl->decls(), Var)) {
          std::optional<llvm::APSInt> Init =
              Var->getInit() ? knownIntegerValue(Var->getInit(), Context)
                             : std::nullopt;
          if (!Init || (Value && llvm::APSInt::compareValues(*Value, *Init)))
            return std::nullopt;
          Value = Init;
          Declared = true;
        } else if (writtenBy(S) == Var) {
          return std::nullopt;
        }
      }
      if (Declared)
        continue;
      if (Block == &Cfg.getEntry())
        return std::nullopt; // A path on which it is not declared.
      for (const CFGBlock::AdjacentBlock &Pred : Block->preds())
        if (const CFGBlock *P = Pred.getReachableBlock())
          if (Queued.insert(P).second)
            Stack.push_back({P, P->size()});
    }
    return Value;
  }

  /// Records in \p Item what \p S writes into a flag: the constant
  /// assigned or declared with, or that its value is no longer known.
  void trackFlags(const Stmt *S, WorkItem &Item) {
    if (Flags.empty())
      return;
    auto Record = [&](const VarDecl *Var, std::optional<llvm::APSInt> Value) {
      if (!Var || !Flags.count(Var) || !flagInfo(Var).Trackable)
        return;
      for (auto &[Written, Old] : Item.Locals)
        if (Written == Var) {
          Old = std::move(Value);
          return;
        }
      Item.Locals.emplace_back(Var, std::move(Value));
    };
    if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
      ASTContext &Context = const_cast<ASTContext &>(*Options.Context);
      for (const clang::Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          Record(Var, Var->getInit()
                          ? knownIntegerValue(Var->getInit(), Context)
                          : std::nullopt);
      return;
    }
    const VarDecl *Var = writtenBy(S);
    if (!Var || !Flags.count(Var))
      return;
    const auto *Assign = dyn_cast<BinaryOperator>(S);
    if (Assign && Assign->getOpcode() == BO_Assign)
      Record(Var, valueOn(Assign->getRHS(), Item));
    else
      Record(Var,
             flagInfo(Var).Trackable ? afterStep(Var, S, Item) : std::nullopt);
  }

  /// Whether \p Condition tests \p Var alone (`ok`, `!ok`) or compares
  /// it with a constant (`i < 2`, `state != DONE`): a test that a known
  /// value of the variable decides.
  bool comparesWithConstant(const Expr *Condition, const VarDecl *Var) const {
    bool Ignored = true;
    const Expr *E = stripLogicalNots(Condition, Ignored);
    const auto *Compare = dyn_cast<BinaryOperator>(E);
    if (!Compare || !Compare->isComparisonOp())
      return variable(E) == Var;
    const Expr *Other = variable(Compare->getLHS()) == Var   ? Compare->getRHS()
                        : variable(Compare->getRHS()) == Var ? Compare->getLHS()
                                                             : nullptr;
    ASTContext &Context = const_cast<ASTContext &>(*Options.Context);
    return Other && knownIntegerValue(Other, Context).has_value();
  }

  /// The value of the counter \p Var on the path of \p Item: the constant
  /// the path (or the start of the walk) gave it, or the one its bounds
  /// pin (`if (i == 0)` taken).
  std::optional<llvm::APSInt> counterValue(const VarDecl *Var,
                                           const WorkItem &Item) const {
    for (const auto &[Written, Value] : Item.Locals)
      if (Written == Var && Value)
        return Value;
    if (!llvm::any_of(Item.Locals,
                      [&](const auto &Local) { return Local.first == Var; }))
      if (auto It = Flags.find(Var); It != Flags.end() && It->second.Entry)
        return It->second.Entry;
    for (const Fact &F : Item.Known)
      if (auto B = Bounds.find(F.Condition); B != Bounds.end() &&
                                             B->second.Var == Var &&
                                             B->second.Op == BO_EQ && F.Value)
        return llvm::APSInt(llvm::APInt(64, B->second.K, /*isSigned=*/true),
                            /*isUnsigned=*/false);
    return std::nullopt;
  }

  /// The value of the counter \p Var after \p S (`++i`, `i--`, `i += k`,
  /// `i -= k`) adds to it or takes from it, when its value before and the
  /// step are known and the result fits its type.
  std::optional<llvm::APSInt> afterStep(const VarDecl *Var, const Stmt *S,
                                        WorkItem &Item) const {
    QualType Type = Var->getType();
    if (!isLive(Item.Block, Var) || NotCounters.contains(Var) ||
        Type->isBooleanType() || !Type->isIntegerType() ||
        Item.CountedSteps >= MaxCountedSteps)
      return std::nullopt;
    bool Add = true;
    std::optional<llvm::APSInt> Step;
    if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
      Add = Unary->isIncrementOp();
      Step = llvm::APSInt::get(1);
    } else if (const auto *Assign = dyn_cast<BinaryOperator>(S);
               Assign && (Assign->getOpcode() == BO_AddAssign ||
                          Assign->getOpcode() == BO_SubAssign)) {
      Add = Assign->getOpcode() == BO_AddAssign;
      ASTContext &Context = const_cast<ASTContext &>(*Options.Context);
      Step = knownIntegerValue(Assign->getRHS(), Context);
    }
    std::optional<llvm::APSInt> Old =
        Step ? counterValue(Var, Item) : std::nullopt;
    if (!Old)
      return std::nullopt;
    // In the variable's own type: an unsigned counter wraps, a signed one
    // that would overflow is not followed.
    unsigned Width = Options.Context->getIntWidth(Type);
    bool Unsigned = Type->isUnsignedIntegerOrEnumerationType();
    auto Convert = [&](const llvm::APSInt &V) {
      return llvm::APSInt(
          V.isSigned() ? V.sextOrTrunc(Width) : V.zextOrTrunc(Width), Unsigned);
    };
    llvm::APSInt L = Convert(*Old), R = Convert(*Step);
    if (!llvm::APSInt::isSameValue(L, *Old) ||
        !llvm::APSInt::isSameValue(R, *Step))
      return std::nullopt;
    bool Overflow = false;
    llvm::APInt New;
    if (Unsigned)
      New = Add ? L + R : L - R;
    else
      New = Add ? L.sadd_ov(R, Overflow) : L.ssub_ov(R, Overflow);
    if (Overflow)
      return std::nullopt;
    ++Item.CountedSteps;
    return llvm::APSInt(New, Unsigned);
  }

  /// A hash of \p Items that ignores their order: paths that learned the
  /// same facts in another order are one state.
  template <typename T> static size_t unordered(const T &Items) {
    using llvm::hash_value;
    size_t Sum = 0;
    for (const auto &Item : Items)
      Sum += static_cast<size_t>(hash_value(Item));
    return Sum;
  }

  static llvm::hash_code hashLocals(const decltype(WorkItem::Locals) &Locals) {
    llvm::hash_code Hash = 0;
    for (const auto &[Var, Value] : Locals)
      Hash = llvm::hash_combine(
          Hash, Var, Value.has_value(),
          Value ? llvm::hash_value(static_cast<const llvm::APInt &>(*Value))
                : llvm::hash_code(0));
    return Hash;
  }

  /// Whether the condition of \p For holds on its first test, from its
  /// init alone: `for (int k = 0; k < 1; k++)`.
  std::optional<bool> firstTest(const ForStmt *For) const {
    const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
    const auto *Compare =
        For->getCond()
            ? dyn_cast<BinaryOperator>(For->getCond()->IgnoreParenImpCasts())
            : nullptr;
    if (!Init || !Init->isSingleDecl() || !Compare ||
        !Compare->isComparisonOp())
      return std::nullopt;
    const auto *Counter = dyn_cast<VarDecl>(Init->getSingleDecl());
    if (!Counter || !Counter->getInit() || !Counter->getType()->isIntegerType())
      return std::nullopt;
    ASTContext &Context = const_cast<ASTContext &>(*Options.Context);
    std::optional<llvm::APSInt> Start =
        knownIntegerValue(Counter->getInit(), Context);
    if (!Start)
      return std::nullopt;
    auto ValueOf = [&](const Expr *Side) -> std::optional<llvm::APSInt> {
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Side->IgnoreParenImpCasts());
          Ref && Ref->getDecl() == Counter)
        return Start;
      return knownIntegerValue(Side, Context);
    };
    std::optional<llvm::APSInt> L = ValueOf(Compare->getLHS());
    std::optional<llvm::APSInt> R =
        L ? ValueOf(Compare->getRHS()) : std::nullopt;
    if (!L || !R)
      return std::nullopt;
    return compare(Compare->getOpcode(), *L, *R);
  }

  /// Whether \p Function, defined in this file, never returns: its body has
  /// no return statement and ends in a call of a noreturn function (or of
  /// another function of the file that never returns, two calls deep).
  bool neverReturns(const FunctionDecl *Function, unsigned Depth) const {
    const FunctionDecl *Definition = nullptr;
    if (!Function || Depth > 2 || Function->isNoReturn() ||
        !Function->hasBody(Definition))
      return false;
    auto It = NeverReturns.find(Definition);
    if (It != NeverReturns.end())
      return It->second;
    NeverReturns[Definition] = false; // Recursion: not proven.
    // The cheap test first (the body ends in a call of a noreturn
    // function), then the walk for a return: this runs on every call a
    // path meets.
    const auto *Body = dyn_cast<CompoundStmt>(Definition->getBody());
    const auto *LastExpr = Body && !Body->body_empty()
                               ? dyn_cast<Expr>(Body->body_back())
                               : nullptr;
    const auto *Last =
        LastExpr ? dyn_cast<CallExpr>(LastExpr->IgnoreImplicit()) : nullptr;
    const FunctionDecl *Callee = Last ? Last->getDirectCallee() : nullptr;
    bool Result = Callee &&
                  (Callee->isNoReturn() || neverReturns(Callee, Depth + 1)) &&
                  !containsReturn(Body);
    NeverReturns[Definition] = Result;
    return Result;
  }

  static bool containsReturn(const Stmt *S) {
    if (!S)
      return false;
    if (isa<ReturnStmt>(S))
      return true;
    if (isa<LambdaExpr>(S))
      return false;
    return llvm::any_of(S->children(), containsReturn);
  }

  /// The fact that stands for "the path has not yet gone round \p For".
  static Fact firstIteration(const ForStmt *For) {
    return Fact{static_cast<unsigned>(llvm::hash_combine(For, 0xf0u)), true};
  }

  /// The variable \p E names, behind parentheses and implicit casts.
  static const VarDecl *variable(const Expr *E) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  }

  /// The pointer variable \p Condition tests against null (see
  /// analysis::nullTest()).
  std::optional<std::pair<const VarDecl *, bool>>
  nullTest(const Expr *Condition, bool Value) const {
    if (!Options.Context)
      return std::nullopt;
    auto [It, New] = NullTests.try_emplace({Condition, unsigned(Value)});
    if (New)
      It->second = analysis::nullTest(Condition, Value, *Options.Context);
    return It->second;
  }

  /// Keeps \p Item's list of pointers read through since their last
  /// assignment up to date after \p S: `p->f` or `*p` adds p (when some
  /// branch of the function tests it against null); an assignment, an
  /// increment, taking its address or declaring it again drops it.
  void trackDereferences(const Stmt *S, WorkItem &Item) const {
    const VarDecl *Read = nullptr;
    const VarDecl *Written = nullptr;
    if (const auto *Member = dyn_cast<MemberExpr>(S)) {
      if (Member->isArrow())
        Read = variable(Member->getBase());
    } else if (const auto *Unary = dyn_cast<UnaryOperator>(S)) {
      if (Unary->getOpcode() == UO_Deref)
        Read = variable(Unary->getSubExpr());
      else if (Unary->isIncrementDecrementOp() ||
               Unary->getOpcode() == UO_AddrOf)
        Written = variable(Unary->getSubExpr());
    } else if (const auto *Assign = dyn_cast<BinaryOperator>(S)) {
      if (Assign->isAssignmentOp())
        Written = variable(Assign->getLHS());
    } else if (const auto *Decl = dyn_cast<DeclStmt>(S)) {
      for (const clang::Decl *D : Decl->decls())
        if (const auto *Var = dyn_cast<VarDecl>(D))
          llvm::erase(Item.ReadThrough, Var);
    }
    if (Written)
      llvm::erase(Item.ReadThrough, Written);
    if (Read && NullTested.contains(Read) &&
        !llvm::is_contained(Item.ReadThrough, Read) &&
        Item.ReadThrough.size() < MaxFacts)
      Item.ReadThrough.push_back(Read);
  }

  static void remember(Facts &Known, Fact F) {
    llvm::erase_if(Known, [&](const Fact &Old) {
      return Old.Condition == F.Condition;
    });
    if (Known.size() == MaxFacts)
      Known.erase(Known.begin());
    Known.push_back(F);
  }

  void push(WorkItem Item) {
    if (!Live.empty())
      forgetDead(Item);
    llvm::hash_code Key = llvm::hash_combine(
        Item.Block, Item.FirstElement, Item.LastJump, unordered(Item.Known),
        unordered(Item.ReadThrough), hashLocals(Item.Locals));
    if (Visited.insert(static_cast<size_t>(Key)).second)
      Work.push_back(std::move(Item));
  }

  /// What each block needs of a path, and what the blocks after it need
  /// (issue #14's cost: a long function whose paths differ only in what
  /// they learned before, and will never ask again, is walked once per
  /// difference). A block needs the facts of the conditions it branches on
  /// (its first-iteration fact for a `for`), the variables they read (a
  /// flag's value, a counter's bounds, a pointer read through) and the
  /// variables whose value an assignment copies into another. The rest
  /// decides nothing on any path from there, and push() forgets it.
  void computeLiveness() {
    unsigned Blocks = Cfg.getNumBlockIDs();
    std::vector<llvm::SmallVector<unsigned, 4>> Uses(Blocks);
    auto UseVariables = [&](const Stmt *S, unsigned ID) {
      forEachStatement(S, [&](const Stmt *Child) {
        if (const auto *Ref = dyn_cast<DeclRefExpr>(Child))
          if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
            Uses[ID].push_back(
                VariableBits.try_emplace(Var, VariableBits.size())
                    .first->second);
        return true;
      });
    };
    llvm::SmallVector<std::pair<unsigned, unsigned>, 16> ConditionUses;
    auto UseCondition = [&](const Expr *Condition, unsigned ID) {
      if (auto F = fact(Condition, true))
        ConditionUses.push_back(
            {ID, ConditionBits.try_emplace(F->Condition, ConditionBits.size())
                     .first->second});
    };
    for (const CFGBlock *B : Cfg) {
      unsigned ID = B->getBlockID();
      if (B->succ_size() == 2) {
        UseCondition(B->getLastCondition(), ID);
        if (const auto *If = dyn_cast_or_null<IfStmt>(B->getTerminatorStmt()))
          UseCondition(If->getCond(), ID);
        if (const auto *For = dyn_cast_or_null<ForStmt>(B->getTerminatorStmt()))
          ConditionUses.push_back(
              {ID, ConditionBits
                       .try_emplace(firstIteration(For).Condition,
                                    ConditionBits.size())
                       .first->second});
      }
      if (const Expr *Condition = B->getLastCondition())
        UseVariables(Condition, ID);
      if (const auto *If = dyn_cast_or_null<IfStmt>(B->getTerminatorStmt()))
        UseVariables(If->getCond(), ID);
      for (const CFGElement &Element : *B)
        if (auto CS = Element.getAs<CFGStmt>())
          if (const auto *Assign = dyn_cast<BinaryOperator>(CS->getStmt());
              Assign && Assign->isAssignmentOp())
            if (const VarDecl *Var = variable(Assign->getRHS()))
              Uses[ID].push_back(
                  VariableBits.try_emplace(Var, VariableBits.size())
                      .first->second);
    }
    // The variables' bits come after the conditions': now that both are
    // counted, shift them into place.
    unsigned Conditions = ConditionBits.size();
    unsigned Bits = Conditions + VariableBits.size();
    for (auto &Block : Uses)
      for (unsigned &Bit : Block)
        Bit += Conditions;
    for (auto &[ID, Bit] : ConditionUses)
      Uses[ID].push_back(Bit);
    Live.assign(Blocks, llvm::BitVector(Bits));
    JumpLive.resize(Blocks);
    // The blocks that blame a jump of their own (a return, a throw, a
    // break, continue or goto) before they leave: the one they were
    // entered with ends there.
    llvm::BitVector Sets(Blocks);
    for (const CFGBlock *B : Cfg) {
      unsigned ID = B->getBlockID();
      const Stmt *Terminator = B->getTerminatorStmt();
      if (Terminator &&
          isa<BreakStmt, ContinueStmt, GotoStmt, IndirectGotoStmt>(Terminator))
        Sets.set(ID);
      for (const CFGElement &Element : *B)
        if (auto CS = Element.getAs<CFGStmt>()) {
          if (CS->getStmt() == Start) {
            JumpLive.set(ID); // Back at the acquisition: blamed.
            break;
          }
          if (isa<ReturnStmt, CXXThrowExpr>(CS->getStmt()))
            Sets.set(ID);
        }
    }
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (const CFGBlock *B : llvm::reverse(Cfg)) {
        unsigned ID = B->getBlockID();
        llvm::BitVector Now = Live[ID];
        for (unsigned Bit : Uses[ID])
          Now.set(Bit);
        bool Jump = JumpLive.test(ID);
        for (const CFGBlock *Succ : B->succs()) {
          if (!Succ)
            continue;
          Now |= Live[Succ->getBlockID()];
          Jump =
              Jump || (!Sets.test(ID) && (Succ == &Cfg.getExit() ||
                                          JumpLive.test(Succ->getBlockID())));
        }
        if (Now != Live[ID] || Jump != JumpLive.test(ID)) {
          Live[ID] = std::move(Now);
          JumpLive[ID] = Jump;
          Changed = true;
        }
      }
    }
  }

  bool isLive(const CFGBlock *Block, const VarDecl *Var) const {
    if (Live.empty())
      return true;
    auto It = VariableBits.find(Var);
    return It != VariableBits.end() &&
           Live[Block->getBlockID()].test(ConditionBits.size() + It->second);
  }

  /// Drops from \p Item what no block from its own on needs (see
  /// computeLiveness()).
  void forgetDead(WorkItem &Item) const {
    const llvm::BitVector &Here = Live[Item.Block->getBlockID()];
    auto Needed = [&](const Fact &F) {
      if (auto It = ConditionBits.find(F.Condition);
          It != ConditionBits.end() && Here.test(It->second))
        return true;
      auto Bound = Bounds.find(F.Condition);
      return Bound != Bounds.end() && isLive(Item.Block, Bound->second.Var);
    };
    llvm::erase_if(Item.Known, [&](const Fact &F) { return !Needed(F); });
    llvm::erase_if(Item.ReadThrough, [&](const VarDecl *Var) {
      return !isLive(Item.Block, Var);
    });
    llvm::erase_if(Item.Locals, [&](const auto &Local) {
      return !isLive(Item.Block, Local.first);
    });
    if (!JumpLive.test(Item.Block->getBlockID()))
      Item.LastJump = nullptr;
  }

  void addExit(ExitKind Kind, const Stmt *At) {
    if (SeenExits.insert({At, static_cast<unsigned>(Kind)}).second)
      Result.Exits.push_back({Kind, At});
  }

  void walk(WorkItem &Item) {
    const CFGBlock *Block = Item.Block;
    const Stmt *LastJump = Item.LastJump;
    for (unsigned I = Item.FirstElement, E = Block->size(); I < E; ++I) {
      auto CS = (*Block)[I].getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (Start && S == Start) {
        // Back at the acquisition: blame the jump that led here, if any.
        if (LastJump)
          addExit(kindOfJump(LastJump), LastJump);
        else
          addExit(ExitKind::Reentry, Start);
        return;
      }
      // A call of a function of the file that never returns (it ends in
      // exit() or abort() on every path, without saying so) ends the path
      // like a noreturn call.
      if (const auto *Call = dyn_cast<CallExpr>(S);
          Call && neverReturns(Call->getDirectCallee(), 0))
        return;
      StepVerdict Verdict = Step(S);
      if (Verdict == StepVerdict::Released) {
        if (SeenReleases.insert(S).second)
          Result.Releases.push_back(S);
        return;
      }
      if (Verdict == StepVerdict::Stop)
        return;
      if (isa<ReturnStmt, CXXThrowExpr>(S))
        LastJump = S;
      if (Options.Context) {
        trackDereferences(S, Item);
        trackFlags(S, Item);
        // A variable written anew: what the path knew of its bounds is stale.
        if (const VarDecl *Written = writtenBy(S); Written && !Bounds.empty())
          llvm::erase_if(Item.Known, [&](const Fact &F) {
            auto It = Bounds.find(F.Condition);
            return It != Bounds.end() && It->second.Var == Written;
          });
        if (auto It = LoopInits.find(S); It != LoopInits.end())
          remember(Item.Known, firstIteration(It->second));
        else if (auto It = LoopIncs.find(S); It != LoopIncs.end())
          llvm::erase_if(Item.Known, [&](const Fact &F) {
            return F.Condition == firstIteration(It->second).Condition;
          });
      }
    }
    if (Block->hasNoReturnElement())
      return;

    const Stmt *Terminator = Block->getTerminatorStmt();
    if (Terminator &&
        isa<BreakStmt, ContinueStmt, GotoStmt, IndirectGotoStmt>(Terminator))
      LastJump = Terminator;

    // What this block branches on: the last expression it evaluates (for
    // `if (a && b)`, `b` in the block that ends the condition, not the whole
    // `a && b`).
    const Expr *Condition =
        Block->succ_size() == 2 ? Block->getLastCondition() : nullptr;
    // An if whose condition the path already decided takes one branch; so
    // does each operand of an if's `a && b` or `a || b` (`if (s == 0) ...
    // if (s != 0 && p)`: the block of `s != 0` ends in the `&&`, that of
    // `p` in the if). Not the operands of a loop's condition, which the
    // loop's body may change.
    std::optional<Fact> Branch;
    if (const auto *If = dyn_cast_or_null<IfStmt>(Terminator);
        If && Block->succ_size() == 2) {
      Branch = fact(If->getCond(), true);
      if (!Branch)
        Branch = fact(Condition, true);
    } else if (isa_and_nonnull<BinaryOperator>(Terminator) &&
               Block->succ_size() == 2 && IfOperands.contains(Terminator)) {
      Branch = fact(Condition, true);
    }
    // A condition with a known value takes one branch whatever the path.
    std::optional<bool> Constant = constantValue(Condition, Item);
    // A `for` loop tested for the first time, from an init that decides it.
    if (const auto *For = dyn_cast_or_null<ForStmt>(Terminator);
        For && !Constant && Block->succ_size() == 2 &&
        llvm::is_contained(Item.Known, firstIteration(For)))
      Constant = firstTest(For);
    // A `switch`: a case whose value the caller says holds nothing.
    const auto *Switch = dyn_cast_or_null<SwitchStmt>(Terminator);
    unsigned Index = 0;
    for (const CFGBlock *Succ : Block->succs()) {
      if (Switch) {
        if (Succ && Options.OnCase && Options.Context)
          if (const auto *Case = dyn_cast_or_null<CaseStmt>(Succ->getLabel());
              Case && !Case->getRHS() && !Case->getLHS()->isValueDependent())
            if (std::optional<llvm::APSInt> Value =
                    Case->getLHS()->getIntegerConstantExpr(*Options.Context);
                Value && Options.OnCase(Switch->getCond(), *Value) !=
                             StepVerdict::Continue)
              continue;
        if (!Succ)
          continue;
        if (Succ == &Cfg.getExit()) {
          addExit(kindOfJump(LastJump), LastJump);
          continue;
        }
        push({Succ, 0, LastJump, Item.Known, Item.ReadThrough, Item.Locals,
              Item.CountedSteps});
        continue;
      }
      bool TakenValue = Index++ == 0; // Then first, else second.
      if (!Succ || (Constant && *Constant != TakenValue))
        continue;
      // A pointer the path has read through is not null: `p->f; ... if (!p)`
      // does not take its null branch.
      if (auto Test = nullTest(Condition, TakenValue);
          Test && Test->second &&
          llvm::is_contained(Item.ReadThrough, Test->first))
        continue;
      if (Condition && Options.OnBranch &&
          Options.OnBranch(Condition, TakenValue) != StepVerdict::Continue)
        continue;
      Facts Known = Item.Known;
      // A condition with a known value needs no facts (those of a flag
      // written on the path would be stale).
      if (Branch && !Constant) {
        Fact Taken{Branch->Condition, TakenValue == Branch->Value};
        Fact Contrary{Branch->Condition, !Taken.Value};
        if (llvm::is_contained(Known, Contrary))
          continue; // Infeasible on this path.
        if (std::optional<bool> Implied = boundValue(Known, Branch->Condition);
            Implied && *Implied != Taken.Value)
          continue; // `if (rc < 0) goto out; ... out: if (rc != 0)`.
        if (Tests.lookup(Branch->Condition) > 1 ||
            (Bounds.count(Branch->Condition) &&
             BoundTests.lookup(Bounds.find(Branch->Condition)->second.Var) > 1))
          remember(Known, Taken);
      }
      if (Succ == &Cfg.getExit()) {
        addExit(kindOfJump(LastJump), LastJump);
        continue;
      }
      push({Succ, 0, LastJump, std::move(Known), Item.ReadThrough, Item.Locals,
            Item.CountedSteps});
    }
  }

  const CFG &Cfg;
  const Stmt *Start;
  llvm::function_ref<StepVerdict(const Stmt *)> Step;
  const ExploreOptions &Options;
  PathResult Result;
  llvm::SmallVector<WorkItem, 16> Work;
  llvm::DenseSet<size_t> Visited;
  /// The conditions of two-way branches, and how many test each (see run()).
  llvm::DenseMap<unsigned, unsigned> Tests;
  /// The conditions that bound a variable by a constant (see noteBound()),
  /// and how many branches bound each variable.
  struct Bound {
    const VarDecl *Var;
    BinaryOperatorKind Op;
    int64_t K;
  };
  mutable llvm::DenseMap<unsigned, Bound> Bounds;
  /// fact() of each condition being true.
  mutable llvm::DenseMap<const Expr *, std::optional<Fact>> FactsOf;
  /// What the AST says of a condition, an integer expression, a null test:
  /// asked at every visit of a block, the same answer each time.
  llvm::DenseMap<const Expr *, StaticValue> StaticValues;
  llvm::DenseMap<const Expr *, std::optional<llvm::APSInt>> KnownValues;
  mutable llvm::DenseMap<std::pair<const Expr *, unsigned>,
                         std::optional<std::pair<const VarDecl *, bool>>>
      NullTests;
  llvm::DenseMap<const VarDecl *, unsigned> BoundTests;
  llvm::DenseSet<std::pair<const Stmt *, unsigned>> SeenExits;
  llvm::DenseSet<const Stmt *> SeenReleases;
  mutable llvm::DenseMap<const FunctionDecl *, bool> NeverReturns;
  llvm::DenseMap<const Stmt *, const ForStmt *> LoopInits;
  llvm::DenseMap<const Stmt *, const ForStmt *> LoopIncs;
  llvm::DenseSet<const VarDecl *> NullTested;
  /// The `&&` and `||` of the if conditions, at any depth.
  llvm::DenseSet<const Stmt *> IfOperands;
  /// The local variables some branch tests (see flagOf()).
  llvm::DenseMap<const VarDecl *, FlagInfo> Flags;
  /// The flags some branch tests otherwise than against a constant (`i <
  /// n`): their increments are not followed (see afterStep()).
  llvm::DenseSet<const VarDecl *> NotCounters;
  llvm::DenseSet<const Stmt *> Elements;
  /// What is live ahead of each block, by block ID (empty until
  /// computeLiveness()): bits for the conditions in ConditionBits, then
  /// for the variables in VariableBits.
  std::vector<llvm::BitVector> Live;
  llvm::DenseMap<unsigned, unsigned> ConditionBits;
  llvm::DenseMap<const VarDecl *, unsigned> VariableBits;
  /// By block ID: whether the last jump a path took before it may still
  /// be blamed for an exit (no return, throw or jump comes first).
  llvm::BitVector JumpLive;
  /// Where the walk starts (the acquisition's block and index).
  const CFGBlock *StartBlock = nullptr;
  unsigned StartIndex = 0;
};

} // namespace

void sortExits(llvm::SmallVectorImpl<LeakExit> &Exits,
               const SourceManager &SM) {
  llvm::sort(Exits, [&](const LeakExit &A, const LeakExit &B) {
    if (!A.At || !B.At)
      return A.At && !B.At; // The end of the function comes last.
    return SM.isBeforeInTranslationUnit(A.At->getBeginLoc(),
                                        B.At->getBeginLoc());
  });
}

llvm::SmallVector<Assumption, 4> assumptionsAround(const Stmt *S,
                                                   const ParentMap &Parents) {
  llvm::SmallVector<Assumption, 4> Assumed;
  const Stmt *Child = S;
  for (const Stmt *P = Parents.getParent(Child); P;
       Child = P, P = Parents.getParent(P))
    if (const auto *If = dyn_cast<IfStmt>(P)) {
      if (Child == If->getThen())
        Assumed.push_back({If->getCond(), true});
      else if (Child == If->getElse())
        Assumed.push_back({If->getCond(), false});
    }
  return Assumed;
}

PathResult explorePaths(const CFG &Cfg, const Stmt *Start,
                        llvm::function_ref<StepVerdict(const Stmt *)> Step,
                        const ExploreOptions &Options) {
  auto StartPos = findElement(Cfg, Start);
  if (!StartPos)
    return {};
  return Explorer(Cfg, Start, Step, Options)
      .run(StartPos->first, StartPos->second + 1);
}

PathResult
explorePathsFromEntry(const CFG &Cfg,
                      llvm::function_ref<StepVerdict(const Stmt *)> Step,
                      const ExploreOptions &Options) {
  return Explorer(Cfg, nullptr, Step, Options).run(&Cfg.getEntry(), 0);
}

} // namespace leakguard::analysis
