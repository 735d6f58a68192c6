//===--- UserCodeTest.cpp -------------------------------------------------===//

#include "analysis/UserCode.h"
#include "AnnotatedCode.h"
#include "gtest/gtest.h"
#include <map>
#include <string>

using namespace clang;
using namespace leakguard::analysis;

namespace leakguard::test {
namespace {

/// Counts the references and member references it visits, by name.
class Counter : public UserCodeVisitor<Counter> {
public:
  explicit Counter(ASTContext &Context) : UserCodeVisitor(Context) {}
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    ++Refs[Ref->getDecl()->getNameAsString()];
    return true;
  }
  bool VisitMemberExpr(MemberExpr *Member) {
    ++Members[Member->getMemberDecl()->getNameAsString()];
    return true;
  }
  std::map<std::string, int> Refs, Members;
};

// The line markers make the first lines a system header, as an
// `#include <...>` from a -isystem directory would.
const char *const Code = R"cpp(
# 1 "fake_system.h" 1 3
namespace sys {
int target;
template <class T> struct box {
  T v;
  T get() { return v + target; }
};
inline int read_target() { return target; }
extern "C" { inline int c_read_target() { return target; } }
}
# 12 "input.cc" 2
int user_global;
template <class T> T twice(T x) { return x + x + user_global; }
int user() {
  sys::box<int> b;
  return twice(1) + b.get() + sys::target;
}
extern "C" { int c_function() { return user_global; } }
struct Holder { int n = user_global; };
)cpp";

TEST(UserCodeTest, VisitsTheUsersCodeAndItsInstantiationsOnly) {
  AnnotatedCode Unit(Code);
  Counter Visitor(Unit.context());
  Visitor.TraverseAST(Unit.context());
  // The template, its instantiation twice<int>, the extern "C" function,
  // the default member initializer.
  EXPECT_EQ(Visitor.Refs["user_global"], 4);
  // Once from user(); never from the system header's functions, nor from
  // the instantiation box<int>::get, whose body is the system header's.
  EXPECT_EQ(Visitor.Refs["target"], 1);
  EXPECT_EQ(Visitor.Members["get"], 1);
  EXPECT_EQ(Visitor.Members.count("v"), 0u);
}

} // namespace
} // namespace leakguard::test
