//===--- OwnershipPolicyTest.cpp ------------------------------------------===//

#include "analysis/OwnershipPolicy.h"
#include "AnnotatedCode.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

TEST(OwnershipPolicyTest, ReadStyleBuffersAreLent) {
  AnnotatedCode Code(R"cpp(
    struct T {};
    void f(char *buf, unsigned long len, void *dst, int n, int *out,
           T *object, const char *text, bool flag, char *alone) {}
    void g(char *alone) {}
    void h(char *buf, bool flag) {}
    void create(int type, void *ptr) {}
  )cpp");
  const FunctionDecl *F = Code.function("f");
  ASSERT_NE(F, nullptr);
  EXPECT_TRUE(isBufferParameter(F, 0));  // char *buf, size
  EXPECT_FALSE(isBufferParameter(F, 1)); // the size itself
  EXPECT_TRUE(isBufferParameter(F, 2));  // void *dst, int n
  // A pointer after an integer, without one after it, may be data the
  // call keeps.
  EXPECT_FALSE(isBufferParameter(F, 4)); // int *out after int n
  EXPECT_FALSE(isBufferParameter(Code.function("create"), 1));
  EXPECT_FALSE(isBufferParameter(F, 5)); // a pointer to a class
  EXPECT_FALSE(isBufferParameter(F, 6)); // const: a borrow of its own
  EXPECT_FALSE(isBufferParameter(F, 8)); // after a bool: no size
  EXPECT_FALSE(isBufferParameter(Code.function("g"), 0)); // no size
  EXPECT_FALSE(isBufferParameter(Code.function("h"), 0)); // a flag
  EXPECT_FALSE(isBufferParameter(F, 9));                  // no such parameter
}

TEST(OwnershipPolicyTest, WhoPublishesThis) {
  AnnotatedCode Code(R"cpp(
    struct Loop;
    void watch(struct Job *);
    struct Base { int id = 0; };
    struct Job : Base {
      int n = 0;
      void bump() { ++n; ++id; this->n += 1; }
      void twice() { bump(); bump(); }
      void start() { watch(this); }
      void indirect() { start(); }
      void finish() { delete this; }
      auto later() { return [this] { ++n; }; }
      void elsewhere();
      int get() const { return n; }
    };
    void f(Job *j) {
      j->bump(); j->twice(); j->start(); j->indirect(); j->finish();
      j->later(); j->elsewhere(); j->get();
    }
  )cpp");
  auto Method = [&](llvm::StringRef Name) -> const CXXMethodDecl * {
    for (const Decl *D : Code.context().getTranslationUnitDecl()->decls())
      if (const auto *Record = dyn_cast<CXXRecordDecl>(D);
          Record && Record->getName() == "Job" &&
          Record->isThisDeclarationADefinition())
        for (const CXXMethodDecl *M : Record->methods())
          if (M->getIdentifier() && M->getName() == Name)
            return M;
    return nullptr;
  };
  EXPECT_FALSE(mayPublishThis(Method("bump")));
  EXPECT_FALSE(mayPublishThis(Method("twice")));
  EXPECT_TRUE(mayPublishThis(Method("start")));
  EXPECT_TRUE(mayPublishThis(Method("indirect")));
  EXPECT_TRUE(mayPublishThis(Method("finish")));
  EXPECT_TRUE(mayPublishThis(Method("later")));
  EXPECT_TRUE(mayPublishThis(Method("elsewhere"))); // Body out of sight.
  EXPECT_FALSE(mayPublishThis(Method("get")));
}

TEST(OwnershipPolicyTest, AdoptionOnConstruction) {
  AnnotatedCode Code(R"cpp(
    void enroll(struct Registered *);
    struct Plain { int a = 0; };
    struct Child { explicit Child(Child *parent) : parent(parent) {} Child *parent; };
    struct Named { Named(const char *name, int n) : n(n) {} int n; };
    struct Registered { Registered() { enroll(this); } };
    struct Derived : Registered { int x = 0; };
    struct Hidden { Hidden(); };
    struct Copied { int a = 0; };
    void f(Child *root, const Copied &c) {
      $plain^new Plain;
      $child^new Child(root);
      $named^new Named("x", 1);
      $registered^new Registered;
      $derived^new Derived;
      $hidden^new Hidden;
      $copied^new Copied(c);
      $scalar^new int[4];
    }
  )cpp");
  auto Adopted = [&](llvm::StringRef Point) {
    const auto *New = Code.nodeAt<CXXNewExpr>(Point);
    EXPECT_NE(New, nullptr) << Point.str();
    return New && mayBeAdoptedOnConstruction(New);
  };
  EXPECT_FALSE(Adopted("plain"));
  EXPECT_TRUE(Adopted("child"));  // a parent pointer
  EXPECT_FALSE(Adopted("named")); // a string and a number
  EXPECT_TRUE(Adopted("registered"));
  EXPECT_TRUE(Adopted("derived")); // its base registers it
  EXPECT_TRUE(Adopted("hidden"));  // constructor out of sight
  EXPECT_FALSE(Adopted("copied"));
  EXPECT_FALSE(Adopted("scalar"));
}

TEST(OwnershipPolicyTest, ReturnedLocalsStandForTheirInitializersWhileAlone) {
  AnnotatedCode Code(R"cpp(
    #include <stdlib.h>
    #include <string.h>
    struct List;
    void list_add(struct List *l, void *value);
    void fill(const char *text, unsigned long n);
    struct List *all;
    char *fresh(unsigned long n) {
      char *p = (char *)malloc(n);
      if (!p)
        return NULL;
      memset(p, 0, n);
      fill(p, n);
      return p;
    }
    char *kept(unsigned long n) {
      char *p = (char *)malloc(n);
      list_add(all, p);
      return p;
    }
    char *offset(unsigned long n) {
      char *p = (char *)malloc(n + 8);
      p += 8;
      return p;
    }
    char *escaped(unsigned long n, char **out) {
      char *p = (char *)malloc(n);
      *out = p;
      return p;
    }
  )cpp");
  auto Calls = [&](const char *Name) {
    std::vector<std::string> Found;
    bool Every = everyReturnedValue(*Code.function(Name), [&](const Expr *E) {
      const auto *Call = dyn_cast<CallExpr>(E);
      Found.push_back(Call && Call->getDirectCallee()
                          ? Call->getDirectCallee()->getName().str()
                          : "?");
      return Call != nullptr;
    });
    return Every ? Found : std::vector<std::string>{"no"};
  };
  EXPECT_EQ(Calls("fresh"), std::vector<std::string>{"malloc"});
  EXPECT_EQ(Calls("kept"), std::vector<std::string>{"no"});    // in a list
  EXPECT_EQ(Calls("offset"), std::vector<std::string>{"no"});  // moved along
  EXPECT_EQ(Calls("escaped"), std::vector<std::string>{"no"}); // stored
}

} // namespace
} // namespace leakguard::test
