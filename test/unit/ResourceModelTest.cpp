//===--- ResourceModelTest.cpp --------------------------------------------===//

#include "analysis/ResourceModel.h"
#include "AnnotatedCode.h"
#include "clang/AST/Expr.h"
#include "gtest/gtest.h"

using namespace leakguard::analysis;

using namespace clang;

namespace leakguard::test {
namespace {

TEST(ResourceModelTest, ParsesUserEntries) {
  std::vector<std::string> Errors;
  auto Apis = parseResourceApis(
      "pool_checkout@out=1 -> pool_checkin@arg=1 fail=nonzero borrow=conn_,"
      "pool_; make_a, make_b -> drop; broken; x -> y fail=maybe;"
      "z@out=x -> w",
      Errors);
  ASSERT_EQ(Apis.size(), 2u);
  EXPECT_EQ(Apis[0].Acquirers, std::vector<std::string>{"pool_checkout"});
  EXPECT_EQ(Apis[0].OutParam, 1);
  EXPECT_EQ(Apis[0].Releasers, std::vector<std::string>{"pool_checkin"});
  EXPECT_EQ(Apis[0].ReleaseArg, 1u);
  EXPECT_EQ(Apis[0].Failure, FailureTest::NonZeroResult);
  EXPECT_EQ(Apis[0].BorrowerPrefixes,
            (std::vector<std::string>{"conn_", "pool_"}));
  EXPECT_EQ(Apis[1].Acquirers, (std::vector<std::string>{"make_a", "make_b"}));
  EXPECT_EQ(Apis[1].OutParam, -1);
  EXPECT_EQ(Apis[1].Failure, FailureTest::Null);
  ASSERT_EQ(Errors.size(), 3u);
  EXPECT_EQ(Errors[0], "'broken': expected 'acquire -> release'");
  EXPECT_EQ(Errors[1], "'x -> y fail=maybe': unknown failure test 'maybe'");
  EXPECT_EQ(Errors[2],
            "'z@out=x -> w': expected acquiring functions, optionally '@out=N'");
}

TEST(ResourceModelTest, KnowsAcquirersReleasersAndBorrowers) {
  AnnotatedCode Code(R"cpp(
    extern "C" {
    struct FILE; FILE *fopen(const char *, const char *); int fclose(FILE *);
    unsigned long fread(void *, unsigned long, unsigned long, FILE *);
    typedef void CURL; CURL *curl_easy_init(); void curl_easy_cleanup(CURL *);
    int curl_easy_perform(CURL *);
    }
    void mine(FILE *);
    void f() {
      FILE *h = $fopen^fopen("a", "r"); $fclose^fclose(h);
      $fread^fread(0, 1, 1, h); $mine^mine(h);
      CURL *c = $init^curl_easy_init(); $perform^curl_easy_perform(c);
    }
  )cpp");
  ResourceModel Model = ResourceModel::builtin();
  auto Callee = [&](llvm::StringRef Point) {
    return Code.nodeAt<CallExpr>(Point)->getDirectCallee();
  };
  const ResourceApi *File = Model.acquiredBy(Callee("fopen"));
  ASSERT_NE(File, nullptr);
  EXPECT_TRUE(isReleaser(*File, Callee("fclose")));
  EXPECT_TRUE(isBorrower(*File, Callee("fread")));
  EXPECT_FALSE(isBorrower(*File, Callee("mine")));
  EXPECT_FALSE(isBorrower(*File, Callee("fclose")));
  const ResourceApi *Curl = Model.acquiredBy(Callee("init"));
  ASSERT_NE(Curl, nullptr);
  EXPECT_NE(Curl, File);
  // The library's own functions borrow its handles.
  EXPECT_TRUE(isBorrower(*Curl, Callee("perform")));
  EXPECT_EQ(Model.acquiredBy(Callee("mine")), nullptr);
}

// The model looks a call up by its own name (the last component of the
// configured names): the first API that names it wins, qualified names
// match only their scope, and APIs added later are found too.
TEST(ResourceModelTest, LooksCallsUpByNameInTheModelsOrder) {
  AnnotatedCode Code(R"cpp(
    void *open_conn(); void close_conn(void *);
    namespace net { struct Pool { void *open_conn(); static void close(void *); }; }
    void close(void *);
    void f(net::Pool &P) {
      void *a = $free^open_conn(); $freeclose^close_conn(a);
      void *b = $member^P.open_conn(); $qualclose^net::Pool::close(b);
      $plainclose^close(b);
    }
  )cpp");
  auto Callee = [&](llvm::StringRef Point) {
    return Code.nodeAt<CallExpr>(Point)->getDirectCallee();
  };
  std::vector<std::string> Errors;
  ResourceModel Model;
  for (ResourceApi &Api : parseResourceApis(
           "::open_conn -> close_conn; open_conn -> net::Pool::close;"
           "net::Pool::open_conn -> net::Pool::close",
           Errors))
    Model.add(std::move(Api));
  ASSERT_TRUE(Errors.empty());
  ASSERT_EQ(Model.apis().size(), 3u);
  const ResourceApi *First = &Model.apis()[0];
  const ResourceApi *Third = &Model.apis()[2];
  EXPECT_EQ(Model.acquiredBy(Callee("free")), First);
  EXPECT_EQ(Model.acquiredBy(Callee("member")), Third);
  EXPECT_EQ(Model.acquiredBy(Callee("plainclose")), nullptr);
  auto Released = Model.releasedBy(Callee("qualclose"));
  ASSERT_EQ(Released.size(), 2u);
  EXPECT_EQ(Released[0], &Model.apis()[1]);
  EXPECT_EQ(Released[1], Third);
  EXPECT_TRUE(Model.releasesAny(Callee("freeclose")));
  // `close` of the global namespace is not `net::Pool::close`.
  EXPECT_FALSE(Model.releasesAny(Callee("plainclose")));
  // Added after the first look-ups.
  Model.add(parseResourceApis("x -> close", Errors).front());
  EXPECT_TRUE(Model.releasesAny(Callee("plainclose")));
  EXPECT_EQ(Model.releasedBy(Callee("plainclose")).front(),
            &Model.apis().back());
}

TEST(ResourceModelTest, ParsesNonPositiveFailure) {
  std::vector<std::string> Errors;
  auto Apis =
      parseResourceApis("run_query@out=2 -> free_msg fail=nonpositive", Errors);
  ASSERT_EQ(Apis.size(), 1u);
  EXPECT_TRUE(Errors.empty());
  EXPECT_EQ(Apis[0].OutParam, 2);
  EXPECT_EQ(Apis[0].Failure, FailureTest::NonPositiveResult);
}

// mysql_init(NULL) allocates; given an object, it initializes it in place.
// curl_mime_subparts takes the mime it gets as argument 1, and a response
// made from a descriptor owns it.
TEST(ResourceModelTest, InPlaceInitializersAndAdopters) {
  AnnotatedCode Code(R"cpp(
    extern "C" {
    typedef struct st_mysql MYSQL; MYSQL *mysql_init(MYSQL *);
    typedef struct curl_mime curl_mime; typedef struct curl_mimepart part;
    curl_mime *curl_mime_init(void *); int curl_mime_subparts(part *, curl_mime *);
    int open(const char *, int); void *MHD_create_response_from_fd(unsigned long, int);
    }
    void f(MYSQL *given, part *p) {
      MYSQL *m = $null^mysql_init(nullptr); $given^mysql_init(given);
      curl_mime *mime = $mime^curl_mime_init(0); $sub^curl_mime_subparts(p, mime);
      int fd = $open^open("a", 0); $fd^MHD_create_response_from_fd(1, fd);
    }
  )cpp");
  ResourceModel Model = ResourceModel::builtin();
  auto Call = [&](llvm::StringRef Point) {
    return Code.nodeAt<CallExpr>(Point);
  };
  const ResourceApi *Mysql = Model.acquiredBy(Call("null")->getDirectCallee());
  ASSERT_NE(Mysql, nullptr);
  EXPECT_TRUE(allocatesHandle(*Mysql, Call("null")));
  EXPECT_FALSE(allocatesHandle(*Mysql, Call("given")));
  const ResourceApi *Mime = Model.acquiredBy(Call("mime")->getDirectCallee());
  ASSERT_NE(Mime, nullptr);
  EXPECT_TRUE(allocatesHandle(*Mime, Call("mime")));
  EXPECT_TRUE(isAdopter(*Mime, Call("sub")->getDirectCallee(), 1));
  EXPECT_FALSE(isAdopter(*Mime, Call("sub")->getDirectCallee(), 0));
  const ResourceApi *Fd = Model.acquiredBy(Call("open")->getDirectCallee());
  ASSERT_NE(Fd, nullptr);
  EXPECT_TRUE(isAdopter(*Fd, Call("fd")->getDirectCallee(), 1));
}

} // namespace
} // namespace leakguard::test
