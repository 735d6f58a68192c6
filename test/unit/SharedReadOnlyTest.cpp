//===--- SharedReadOnlyTest.cpp -------------------------------------------===//

#include "analysis/SharedReadOnly.h"
#include "AnnotatedCode.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Lex/Lexer.h"
#include "gtest/gtest.h"
#include <algorithm>

using namespace clang;
using namespace leakguard::analysis;

namespace leakguard::test {
namespace {

/// The code with \p Fixes applied (all in the main file, none overlapping).
std::string applied(AnnotatedCode &Code, std::vector<FixItHint> Fixes) {
  std::stable_sort(Fixes.begin(), Fixes.end(),
                   [&](const FixItHint &A, const FixItHint &B) {
                     return Code.offsetOf(A.RemoveRange.getBegin()) >
                            Code.offsetOf(B.RemoveRange.getBegin());
                   });
  std::string Result = Code.code();
  const SourceManager &SM = Code.sourceManager();
  for (const FixItHint &Fix : Fixes) {
    unsigned Begin = Code.offsetOf(Fix.RemoveRange.getBegin());
    unsigned End = Begin;
    if (Fix.RemoveRange.isValid() &&
        Fix.RemoveRange.getBegin() != Fix.RemoveRange.getEnd()) {
      SourceLocation Last = Fix.RemoveRange.getEnd();
      End = Code.offsetOf(Last);
      if (Fix.RemoveRange.isTokenRange())
        End +=
            Lexer::MeasureTokenLength(Last, SM, Code.context().getLangOpts());
    } else if (Fix.RemoveRange.isTokenRange()) {
      End += Lexer::MeasureTokenLength(Fix.RemoveRange.getBegin(), SM,
                                       Code.context().getLangOpts());
    }
    Result.replace(Begin, End - Begin, Fix.CodeToInsert);
  }
  return Result;
}

/// The text of the function body that holds the marker \p Name's use,
/// rewritten to read through \p Pointer; "refused: <why>" when it is not.
std::string readThrough(AnnotatedCode &Code, StringRef Function, StringRef Name,
                        StringRef Pointer = "") {
  const FunctionDecl *F = Code.function(Function);
  EXPECT_NE(F, nullptr);
  ParentMap Parents(F->getBody());
  const Expr *Use = Code.nodeAt<DeclRefExpr>(Name);
  if (!Use)
    Use = Code.nodeAt<MemberExpr>(Name);
  EXPECT_NE(Use, nullptr);
  std::vector<FixItHint> Fixes;
  std::string Why;
  if (!readThroughPointer(Use, Parents, Pointer, Code.context(), Fixes, Why))
    return "refused: " + Why;
  return applied(Code, Fixes);
}

constexpr const char Map[] = R"cpp(
struct Map {
  int count(int) const;
  int &operator[](int);
  const int &operator[](int) const;
  int *find(int);
  const int *find(int) const;
  int *end();
  const int *end() const;
  int size;
};
void read(const Map &);
void change(Map &);
)cpp";

TEST(SharedReadOnlyTest, ReadsGoThroughThePointer) {
  AnnotatedCode Code(std::string(Map) +
                     "void f(const Map m) { read($use^m); }");
  EXPECT_NE(readThrough(Code, "f", "use", "p").find("read(*p);"),
            std::string::npos);
  AnnotatedCode G(std::string(Map) +
                  "void g(const Map m) { int n = $use^m.count(1); (void)n; }");
  EXPECT_NE(readThrough(G, "g", "use", "p").find("int n = p->count(1);"),
            std::string::npos);
  AnnotatedCode H(std::string(Map) +
                  "void h(const Map m) { int n = $use^m[1]; (void)n; }");
  EXPECT_NE(readThrough(H, "h", "use", "p").find("int n = (*p)[1];"),
            std::string::npos);
  AnnotatedCode K(std::string(Map) +
                  "void k(const Map m) { const Map *q = &$use^m; (void)q; }");
  EXPECT_NE(readThrough(K, "k", "use", "p").find("const Map *q = p.get();"),
            std::string::npos);
}

TEST(SharedReadOnlyTest, ChangesAreRefused) {
  AnnotatedCode Change(std::string(Map) + "void f(Map m) { change($use^m); }");
  EXPECT_EQ(readThrough(Change, "f", "use"), "refused: may be changed here");
  AnnotatedCode Index(std::string(Map) + "void f(Map m) { $use^m[1] = 2; }");
  EXPECT_EQ(readThrough(Index, "f", "use"), "refused: is changed here");
  AnnotatedCode Field(std::string(Map) + "void f(Map m) { $use^m.size = 2; }");
  EXPECT_EQ(readThrough(Field, "f", "use"), "refused: may be changed here");
  AnnotatedCode Address(std::string(Map) +
                        "void f(Map m) { Map *p = &$use^m; (void)p; }");
  EXPECT_EQ(readThrough(Address, "f", "use"),
            "refused: has its address taken here");
  AnnotatedCode Bound(std::string(Map) +
                      "const Map &f(const Map &m) { return $use^m; }");
  EXPECT_EQ(readThrough(Bound, "f", "use"),
            "refused: is bound to a reference here");
}

TEST(SharedReadOnlyTest, AConstOverloadReadsWhenOnlyCompared) {
  AnnotatedCode Compared(std::string(Map) +
                         "bool f(Map m) { return $use^m.find(1) != m.end(); }");
  EXPECT_NE(
      readThrough(Compared, "f", "use").find("return m->find(1) != m.end();"),
      std::string::npos);
  AnnotatedCode Kept(std::string(Map) +
                     "void f(Map m) { int *p = $use^m.find(1); *p = 2; }");
  EXPECT_EQ(readThrough(Kept, "f", "use"),
            "refused: is changed here by 'find'");
}

constexpr const char Snapshot[] = R"cpp(
struct Map {
  int count(int) const;
  int &operator[](int);
};
void keep(void (*)());
template <class F> void keep(F);
class Service {
public:
  explicit Service(Map m) : m_(m) {}
  void later() {
    $decl^Map s;
    s = m_;
    keep($lambda^[s] { (void)s.count(1); });
  }
  void reload(Map m) { m_ = m; }
  int count() const { return m_.count(2); }
%EXTRA%
private:
  Map m_;
};
)cpp";

/// The rewrite for Snapshot with \p Extra in the class.
SnapshotRewrite rewrite(AnnotatedCode &Code) {
  const auto *Declared = Code.nodeAt<DeclStmt>("decl");
  const auto *Lambda = Code.nodeAt<LambdaExpr>("lambda");
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Code.function("later"));
  EXPECT_TRUE(Declared && Lambda && Method);
  return shareSnapshotMember(*cast<VarDecl>(Declared->getSingleDecl()), *Lambda,
                             *Method, Code.context());
}

std::string snapshotCode(StringRef Extra) {
  std::string Code = Snapshot;
  Code.replace(Code.find("%EXTRA%"), 7, Extra.str());
  return Code;
}

TEST(SharedReadOnlyTest, SharesTheMemberOfASnapshot) {
  AnnotatedCode Code(snapshotCode(""));
  SnapshotRewrite Rewrite = rewrite(Code);
  ASSERT_NE(Rewrite.Member, nullptr);
  EXPECT_EQ(Rewrite.Member->getName(), "m_");
  ASSERT_EQ(Rewrite.Refusal, "");
  std::string Fixed = applied(Code, Rewrite.Fixes);
  for (StringRef Expected :
       {"explicit Service(Map m) : m_(std::make_shared<const Map>(m)) {}",
        "std::shared_ptr<const Map> s;", "s = m_;",
        "keep([s] { (void)s->count(1); });",
        "void reload(Map m) { m_ = std::make_shared<const Map>(m); }",
        "int count() const { return m_->count(2); }",
        "std::shared_ptr<const Map> m_;"})
    EXPECT_NE(Fixed.find(Expected.str()), std::string::npos)
        << Expected.str() << "\n"
        << Fixed;
  ASSERT_EQ(Rewrite.Snapshots.size(), 1U);
}

TEST(SharedReadOnlyTest, RefusesWhatItCannotSee) {
  AnnotatedCode InPlace(snapshotCode("void set() { m_[1] = 2; }"));
  SnapshotRewrite Rewrite = rewrite(InPlace);
  EXPECT_TRUE(Rewrite.Fixes.empty());
  EXPECT_EQ(Rewrite.Refusal, "'m_' is changed here");

  AnnotatedCode Elsewhere(snapshotCode("void save() const;"));
  Rewrite = rewrite(Elsewhere);
  EXPECT_TRUE(Rewrite.Fixes.empty());
  EXPECT_EQ(Rewrite.Refusal,
            "'Service::save' is not defined in this file and may use 'm_'");

  AnnotatedCode Friend(snapshotCode("friend void peek(Service &);"));
  Rewrite = rewrite(Friend);
  EXPECT_EQ(Rewrite.Refusal, "'Service' has friends, which may use 'm_'");

  AnnotatedCode Empty(snapshotCode("Service() {}"));
  Rewrite = rewrite(Empty);
  EXPECT_EQ(Rewrite.Refusal, "this constructor leaves 'm_' empty");
}

TEST(SharedReadOnlyTest, SharesTheMemberOfAnInitCapture) {
  AnnotatedCode Code(R"cpp(
struct Map { int count(int) const; };
template <class F> void keep(F);
class Service {
public:
  explicit Service(Map m) : m_(m) {}
  void later() { keep($lambda^[s = m_] { (void)s.count(1); }); }
  void again() { keep([t = this->m_] { (void)t.count(3); }); }
  int count() const { return m_.count(2); }
private:
  Map m_;
};
)cpp");
  const auto *Lambda = Code.nodeAt<LambdaExpr>("lambda");
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Code.function("later"));
  ASSERT_TRUE(Lambda && Method);
  const auto *Capture =
      cast<VarDecl>(Lambda->captures().begin()->getCapturedVar());
  SnapshotRewrite Rewrite =
      shareSnapshotMember(*Capture, *Lambda, *Method, Code.context());
  ASSERT_NE(Rewrite.Member, nullptr);
  ASSERT_EQ(Rewrite.Refusal, "");
  std::string Fixed = applied(Code, Rewrite.Fixes);
  for (StringRef Expected :
       {"explicit Service(Map m) : m_(std::make_shared<const Map>(m)) {}",
        "keep([s = m_] { (void)s->count(1); });",
        "keep([t = this->m_] { (void)t->count(3); });",
        "int count() const { return m_->count(2); }",
        "std::shared_ptr<const Map> m_;"})
    EXPECT_NE(Fixed.find(Expected.str()), std::string::npos)
        << Expected.str() << "\n"
        << Fixed;
  EXPECT_EQ(Rewrite.Snapshots.size(), 2U);
}

TEST(SharedReadOnlyTest, NotASnapshot) {
  AnnotatedCode Code(R"cpp(
struct Map { int count(int) const; };
Map load();
template <class F> void keep(F);
class Service {
public:
  void later() {
    $decl^Map s = load();
    keep($lambda^[s] { (void)s.count(1); });
  }
private:
  Map m_;
};
)cpp");
  SnapshotRewrite Rewrite = rewrite(Code);
  EXPECT_EQ(Rewrite.Member, nullptr);
  EXPECT_TRUE(Rewrite.Fixes.empty());
}

} // namespace
} // namespace leakguard::test
