//===--- SummariesTest.cpp - merging cross-TU summaries -------------------===//

#include "summary/Summaries.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"

using namespace leakguard::summary;

namespace {

FunctionSummary fn(std::string Name) {
  FunctionSummary F;
  F.Name = std::move(Name);
  return F;
}

TEST(SummariesTest, ReferencesResolveThroughChains) {
  SummaryFile A, B;
  FunctionSummary Open = fn("open_conn");
  Open.Acquires = "PQconnectdb";
  Open.Throws = ThrowFact::Cannot;
  A.Functions["c:@F@open_conn"] = Open;
  FunctionSummary Wrap = fn("wrap");
  Wrap.ReturnsFrom = {"c:@F@open_conn"};
  Wrap.Throws = ThrowFact::Cannot;
  Wrap.ThrowsIf = {"c:@F@open_conn"};
  B.Functions["c:@F@wrap"] = Wrap;
  FunctionSummary Wrap2 = fn("wrap2");
  Wrap2.ReturnsFrom = {"c:@F@wrap"};
  ParamSummary Passed;
  Passed.PassedTo = "c:@F@close_conn";
  Wrap2.Params = {Passed};
  B.Functions["c:@F@wrap2"] = Wrap2;
  FunctionSummary Close = fn("close_conn");
  ParamSummary Releases;
  Releases.Use = ParamUse::Releases;
  Releases.Resource = "PQconnectdb";
  Close.Params = {Releases};
  A.Functions["c:@F@close_conn"] = Close;

  MergeStats Stats;
  SummaryFile Merged = mergeSummaries({A, B}, &Stats);
  EXPECT_EQ(Stats.Functions, 4u);
  EXPECT_EQ(Stats.Unresolved, 0u);
  const FunctionSummary &W2 = Merged.Functions["c:@F@wrap2"];
  EXPECT_EQ(W2.Acquires, "PQconnectdb");
  EXPECT_TRUE(W2.ReturnsFrom.empty());
  ASSERT_EQ(W2.Params.size(), 1u);
  EXPECT_EQ(W2.Params[0].Use, ParamUse::Releases);
  EXPECT_EQ(Merged.Functions["c:@F@wrap"].Throws, ThrowFact::Cannot);
  SummaryIndex Index(Merged);
  EXPECT_EQ(Index.answer("c:@F@wrap2#acquires"), "PQconnectdb");
  EXPECT_EQ(Index.answer("c:@F@wrap2#param0"), "releases:PQconnectdb");
  EXPECT_EQ(Index.answer("c:@F@nowhere#acquires"), "");
}

TEST(SummariesTest, ConflictsAndCyclesAreUnknown) {
  SummaryFile A, B;
  FunctionSummary One = fn("make");
  One.Acquires = "fopen";
  FunctionSummary Other = fn("make");
  Other.Acquires = "malloc";
  A.Functions["c:@F@make"] = One;
  B.Functions["c:@F@make"] = Other;
  // f and g return what the other returns; h may throw only if f may.
  FunctionSummary F = fn("f"), G = fn("g");
  F.ReturnsFrom = {"c:@F@g"};
  G.ReturnsFrom = {"c:@F@f"};
  A.Functions["c:@F@f"] = F;
  A.Functions["c:@F@g"] = G;
  FunctionSummary H = fn("h");
  H.Throws = ThrowFact::Cannot;
  H.ThrowsIf = {"c:@F@unknown_library_call"};
  A.Functions["c:@F@h"] = H;

  MergeStats Stats;
  SummaryFile Merged = mergeSummaries({A, B}, &Stats);
  ASSERT_EQ(Stats.Conflicts.size(), 1u);
  EXPECT_EQ(Stats.Conflicts[0], "c:@F@make");
  SummaryIndex Index(Merged);
  EXPECT_EQ(Index.find("c:@F@make"), nullptr);
  EXPECT_EQ(Merged.Functions["c:@F@f"].Acquires, "");
  EXPECT_EQ(Merged.Functions["c:@F@g"].Acquires, "");
  EXPECT_EQ(Stats.Unresolved, 2u);
  // A callee nobody summarized leaves the answer unknown, not "cannot".
  EXPECT_EQ(Merged.Functions["c:@F@h"].Throws, ThrowFact::Unknown);
}

TEST(SummariesTest, OverridersDecideVirtualCalls) {
  SummaryFile A;
  FunctionSummary Quiet = fn("Quiet::run"), Loud = fn("Loud::run");
  Quiet.Throws = ThrowFact::Cannot;
  Quiet.Overrides = {"c:@S@Base@F@run#"};
  A.Functions["c:@S@Quiet@F@run#"] = Quiet;
  SummaryIndex OnlyQuiet(mergeSummaries({A}));
  EXPECT_EQ(OnlyQuiet.overridersThrow("c:@S@Base@F@run#"), ThrowFact::Cannot);
  Loud.Throws = ThrowFact::May;
  Loud.Overrides = {"c:@S@Base@F@run#"};
  A.Functions["c:@S@Loud@F@run#"] = Loud;
  SummaryIndex Both(mergeSummaries({A}));
  EXPECT_EQ(Both.overridersThrow("c:@S@Base@F@run#"), ThrowFact::May);
  EXPECT_EQ(Both.overridersThrow("c:@S@Other@F@run#"), ThrowFact::Unknown);
}

// writeSummaryFile streams what toJSON builds: the same text, every field.
TEST(SummariesTest, StreamedFileIsTheDocument) {
  SummaryFile File;
  File.Unit = "/p/a.c";
  FunctionSummary Full = fn("full");
  Full.Acquires = "fopen";
  Full.ReturnsFrom = {"c:@F@open_log", "c:@F@open_other"};
  ParamSummary Passed, Released;
  Passed.PassedTo = "c:@F@close_log";
  Passed.PassedIndex = 2;
  Released.Use = ParamUse::Releases;
  Released.Resource = "fopen";
  Passed.Thread = ThreadUse::Borrows;
  Released.Unlocks = true;
  ParamSummary KeptIfZero;
  KeptIfZero.Use = ParamUse::Stores;
  KeptIfZero.Kept = KeptWhen::parse("0|-12,3");
  Full.Params = {ParamSummary(), Passed, Released, KeptIfZero};
  Full.UnlocksGlobals = {"c:@table_lock"};
  Full.Throws = ThrowFact::May;
  Full.ThrowsIf = {"c:@F@may"};
  Full.Overrides = {"c:@S@Base@F@run#"};
  Full.Conflict = true;
  File.Functions["c:@F@full"] = Full;
  File.Functions["c:@F@bare"] = fn("bare");
  File.Asked["c:@F@other#acquires"] = "";
  File.Asked["c:@F@peek#param0"] = "borrows";
  File.BoundedContainers["c:@sessions"] = {"sessions", "std::map<int, int>"};
  File.BoundedContainers["c:@odr"] = {"odr", "int", /*Conflict=*/true};
  File.DestroyedClasses["c:@S@Module"] = {
      "Module", 2, {"c:@S@Module@F@unload#"}};
  File.DestroyedClasses["c:@S@Conn"] = {"Conn", 1, {}, true, true};
  File.DestroyedClasses["c:@S@Kept"] = {"Kept", 0, {}, true, false, 2, true};
  File.References["c:@F@load#"] = {1, {"main"}};
  File.References["c:@F@many#"] = {4, {}};
  File.StartUp = {"c:@F@load#"};
  for (SummaryFile F : {File, SummaryFile()}) {
    std::string Built, Streamed;
    {
      llvm::raw_string_ostream Out(Built);
      llvm::json::OStream J(Out, /*IndentSize=*/1);
      J.value(toJSON(F));
    }
    {
      llvm::raw_string_ostream Out(Streamed);
      llvm::json::OStream J(Out, /*IndentSize=*/1);
      writeJSON(J, F);
    }
    EXPECT_EQ(Streamed, Built);
    // The file's layout holds the same document.
    std::string Text;
    {
      llvm::raw_string_ostream Out(Text);
      writeSummaryText(Out, F);
    }
    llvm::Expected<llvm::json::Value> Parsed = llvm::json::parse(Text);
    ASSERT_TRUE(bool(Parsed)) << llvm::toString(Parsed.takeError());
    EXPECT_EQ(*Parsed, toJSON(F));
  }
}

// A merged file in writeSummaryText()'s layout is read lazily (one line per
// function, parsed when asked about) and answers as the whole file does;
// the same document in another layout is read whole.
TEST(SummariesTest, LaidOutFilesAreReadLazily) {
  SummaryFile File;
  FunctionSummary Open = fn("open_conn");
  Open.Acquires = "PQconnectdb";
  File.Functions["c:@F@open_conn"] = Open;
  FunctionSummary Close = fn("close_conn");
  ParamSummary Releases;
  Releases.Use = ParamUse::Releases;
  Releases.Resource = "PQfinish";
  Close.Params = {Releases};
  Close.Throws = ThrowFact::Cannot;
  File.Functions["c:@F@close_conn"] = Close;
  // A key with characters JSON escapes, and a name with a line break.
  FunctionSummary Odd = fn("odd\n\"name\"");
  Odd.Throws = ThrowFact::May;
  File.Functions["c:@F@odd\"quoted\\"] = Odd;
  FunctionSummary Run = fn("Impl::run");
  Run.Overrides = {"c:@S@Base@F@run#"};
  Run.Throws = ThrowFact::Cannot;
  File.Functions["c:@S@Impl@F@run#"] = Run;
  FunctionSummary Odr = fn("odr");
  Odr.Conflict = true;
  File.Functions["c:@F@odr"] = Odr;
  File.BoundedContainers["c:@sessions"] = {"sessions", "std::map<int, int>"};
  File.DestroyedClasses["c:@S@Module"] = {
      "Module", 2, {"c:@S@Module@F@unload#"}};
  File.StartUp = {"c:@F@load#"};
  std::string Text;
  {
    llvm::raw_string_ostream Out(Text);
    writeSummaryText(Out, File);
  }
  // One line per function.
  EXPECT_NE(
      Text.find("\n\"c:@F@close_conn\":{\"name\":\"close_conn\",\"params\":"
                "[{\"resource\":\"PQfinish\",\"use\":\"releases\"}],"
                "\"throws\":\"cannot\"},\n"),
      std::string::npos)
      << Text;
  llvm::SmallString<64> Laid, Whole;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("laid", "json", Laid));
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("whole", "json", Whole));
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(Laid, EC);
    Out << Text;
    llvm::raw_fd_ostream Other(Whole, EC);
    llvm::json::OStream J(Other, /*IndentSize=*/2);
    J.value(toJSON(File));
  }
  SummaryIndex Eager(File);
  for (llvm::StringRef Path : {Laid.str(), Whole.str()}) {
    auto Read = SummaryIndex::read(Path);
    ASSERT_TRUE(bool(Read)) << llvm::toString(Read.takeError());
    const SummaryIndex &Index = **Read;
    for (const char *Question :
         {"c:@F@open_conn#acquires", "c:@F@close_conn#param0",
          "c:@F@close_conn#throws", "c:@F@odd\"quoted\\#throws",
          "c:@S@Base@F@run##overriders", "c:@F@odr#throws",
          "c:@sessions#bounded", "c:@S@Module#destroyed", "c:@F@load##startup",
          "c:@F@nowhere#acquires"})
      EXPECT_EQ(Index.answer(Question), Eager.answer(Question)) << Question;
    ASSERT_NE(Index.find("c:@F@close_conn"), nullptr);
    EXPECT_TRUE(*Index.find("c:@F@close_conn") == Close);
    EXPECT_EQ(Index.find("c:@F@close_conn"), Index.find("c:@F@close_conn"));
    ASSERT_NE(Index.find("c:@F@odd\"quoted\\"), nullptr);
    EXPECT_EQ(Index.find("c:@F@odd\"quoted\\")->Name, "odd\n\"name\"");
    EXPECT_EQ(Index.find("c:@F@odr"), nullptr);
    EXPECT_EQ(Index.acquirerNames(), std::vector<std::string>{"open_conn"});
  }
  EXPECT_EQ(Eager.answer("c:@F@close_conn#param0"), "releases:PQfinish");
  EXPECT_EQ(Eager.answer("c:@S@Base@F@run##overriders"), "cannot");
  // Another version, in the layout or not, is refused as before.
  std::string Old = Text;
  std::string Current = "\"version\":" + std::to_string(SummaryFormatVersion);
  Old.replace(Old.find(Current), Current.size(), "\"version\":4");
  {
    std::error_code EC;
    llvm::raw_fd_ostream Out(Laid, EC);
    Out << Old;
  }
  auto Refused = SummaryIndex::read(Laid);
  ASSERT_FALSE(bool(Refused));
  EXPECT_NE(llvm::toString(Refused.takeError())
                .find("summary format version 4, this leakguard reads "
                      "version " +
                      std::to_string(SummaryFormatVersion)),
            std::string::npos);
  llvm::sys::fs::remove(Laid);
  llvm::sys::fs::remove(Whole);
}

TEST(SummariesTest, FilesRoundTripAndBadOnesAreRefused) {
  SummaryFile File;
  File.Unit = "/p/a.c";
  FunctionSummary Keep = fn("keep");
  ParamSummary Stores;
  Stores.Use = ParamUse::Stores;
  Keep.Params = {ParamSummary(), Stores};
  Keep.Throws = ThrowFact::Cannot;
  File.Functions["c:@F@keep"] = Keep;
  File.Asked["c:@F@other#acquires"] = "";
  llvm::Expected<SummaryFile> Back = summaryFromJSON(toJSON(File));
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(Back->Unit, "/p/a.c");
  EXPECT_TRUE(Back->Functions["c:@F@keep"] == Keep);
  EXPECT_EQ(Back->Asked.size(), 1u);

  llvm::json::Value Wrong =
      llvm::json::Object{{"format", "leakguard-summaries"}, {"version", 99}};
  llvm::Expected<SummaryFile> Refused = summaryFromJSON(Wrong);
  ASSERT_FALSE(bool(Refused));
  EXPECT_NE(llvm::toString(Refused.takeError()).find("version 99"),
            std::string::npos);
  llvm::json::Value BadUse = llvm::json::Object{
      {"format", "leakguard-summaries"},
      {"version", SummaryFormatVersion},
      {"functions",
       llvm::json::Object{
           {"k",
            llvm::json::Object{{"params", llvm::json::Array{llvm::json::Object{
                                              {"use", "eats"}}}}}}}}};
  llvm::Expected<SummaryFile> Bad = summaryFromJSON(BadUse);
  ASSERT_FALSE(bool(Bad));
  EXPECT_NE(llvm::toString(Bad.takeError()).find("params[0].use"),
            std::string::npos);
}

// What tells that a function kept a parameter: a pointer result that is not
// null, or integer results; it survives the file, and a value that says
// nothing is refused.
TEST(SummariesTest, KeptWhenRoundTrips) {
  std::optional<KeptWhen> NonNull = KeptWhen::parse("nonnull");
  ASSERT_TRUE(NonNull.has_value());
  EXPECT_TRUE(NonNull->NonNull);
  EXPECT_EQ(NonNull->text(), "nonnull");
  std::optional<KeptWhen> Zero = KeptWhen::parse("0|-12,3");
  ASSERT_TRUE(Zero.has_value());
  EXPECT_FALSE(Zero->NonNull);
  EXPECT_EQ(Zero->Success, std::vector<int64_t>{0});
  EXPECT_EQ(Zero->Failure, (std::vector<int64_t>{-12, 3}));
  EXPECT_EQ(Zero->text(), "0|-12,3");
  EXPECT_EQ(KeptWhen::parse("1|")->text(), "1|");
  for (llvm::StringRef Bad : {"", "0", "|1", "x|1", "nonnul"})
    EXPECT_FALSE(KeptWhen::parse(Bad).has_value()) << Bad.str();

  SummaryFile File;
  FunctionSummary Append = fn("list_append");
  ParamSummary Kept;
  Kept.Use = ParamUse::Stores;
  Kept.Kept = NonNull;
  Append.Params = {ParamSummary(), Kept};
  File.Functions["c:@F@list_append"] = Append;
  llvm::Expected<SummaryFile> Back = summaryFromJSON(toJSON(File));
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_TRUE(Back->Functions["c:@F@list_append"] == Append);

  llvm::json::Value BadKept = llvm::json::Object{
      {"format", "leakguard-summaries"},
      {"version", SummaryFormatVersion},
      {"functions",
       llvm::json::Object{
           {"k", llvm::json::Object{
                     {"params",
                      llvm::json::Array{llvm::json::Object{
                          {"use", "stores"}, {"keptWhen", "sometimes"}}}}}}}}};
  llvm::Expected<SummaryFile> Bad = summaryFromJSON(BadKept);
  ASSERT_FALSE(bool(Bad));
  EXPECT_NE(llvm::toString(Bad.takeError()).find("params[0].keptWhen"),
            std::string::npos);
}

// A container bounded in one unit is bounded in the merge, whatever the
// others (which grow it, or never mention it) say; two units that give one
// USR two types name two containers: a conflict, never bounded.
TEST(SummariesTest, ContainersBoundedInAnyUnitAreBounded) {
  SummaryFile Grows, Erases, Clears, Other, Odr;
  Erases.BoundedContainers["c:@sessions"] = {"sessions", "std::map<int, int>"};
  Clears.BoundedContainers["c:@sessions"] = {"sessions", "std::map<int, int>"};
  Clears.BoundedContainers["c:@S@Tracker@FI@hits"] = {"Tracker::hits",
                                                      "std::vector<int>"};
  Other.BoundedContainers["c:@log"] = {"log", "std::vector<int>"};
  Odr.BoundedContainers["c:@log"] = {"log", "std::deque<int>"};
  MergeStats Stats;
  SummaryFile Merged =
      mergeSummaries({Grows, Erases, Clears, Other, Odr}, &Stats);
  SummaryIndex Index(Merged);
  ASSERT_NE(Index.boundedContainer("c:@sessions"), nullptr);
  EXPECT_EQ(Index.boundedContainer("c:@sessions")->Name, "sessions");
  EXPECT_NE(Index.boundedContainer("c:@S@Tracker@FI@hits"), nullptr);
  EXPECT_EQ(Index.boundedContainer("c:@nowhere"), nullptr);
  EXPECT_EQ(Index.boundedContainer(""), nullptr);
  // The conflict is kept, and says nothing.
  EXPECT_TRUE(Merged.BoundedContainers["c:@log"].Conflict);
  EXPECT_EQ(Index.boundedContainer("c:@log"), nullptr);
  EXPECT_EQ(Stats.ContainerConflicts, std::vector<std::string>{"c:@log"});
  EXPECT_EQ(Index.answer("c:@sessions#bounded"), "std::map<int, int>");
  EXPECT_EQ(Index.answer("c:@log#bounded"), "");
  EXPECT_EQ(Index.answer("c:@nowhere#bounded"), "");
  // Whatever the order, and merged again with a unit that agrees.
  SummaryFile Again = mergeSummaries({Odr, Other, Erases, Merged});
  EXPECT_TRUE(Again.BoundedContainers["c:@log"].Conflict);
  EXPECT_FALSE(Again.BoundedContainers["c:@sessions"].Conflict);
}

TEST(SummariesTest, BoundedContainersRoundTrip) {
  SummaryFile File;
  File.Unit = "/p/b.cpp";
  File.BoundedContainers["c:@sessions"] = {"sessions", "std::map<int, int>"};
  File.BoundedContainers["c:@log"] = {"log", "std::vector<int>", true};
  for (bool Streamed : {false, true}) {
    std::string Text;
    {
      llvm::raw_string_ostream Out(Text);
      llvm::json::OStream J(Out);
      if (Streamed)
        writeJSON(J, File);
      else
        J.value(toJSON(File));
    }
    llvm::Expected<llvm::json::Value> Value = llvm::json::parse(Text);
    ASSERT_TRUE(bool(Value)) << llvm::toString(Value.takeError());
    llvm::Expected<SummaryFile> Back = summaryFromJSON(*Value);
    ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
    EXPECT_EQ(Back->BoundedContainers, File.BoundedContainers);
  }
  // A file of the previous version (no containers) is refused with a
  // message that says what to do.
  llvm::json::Value Old =
      llvm::json::Object{{"format", "leakguard-summaries"}, {"version", 1}};
  llvm::Expected<SummaryFile> Refused = summaryFromJSON(Old);
  ASSERT_FALSE(bool(Refused));
  std::string Message = llvm::toString(Refused.takeError());
  EXPECT_NE(Message.find("version 1"), std::string::npos);
  EXPECT_NE(Message.find("write the summaries again"), std::string::npos);
  llvm::json::Value Bad = llvm::json::Object{
      {"format", "leakguard-summaries"},
      {"version", SummaryFormatVersion},
      {"boundedContainers",
       llvm::json::Object{{"c:@x", llvm::json::Object{{"type", 3}}}}}};
  llvm::Expected<SummaryFile> Wrong = summaryFromJSON(Bad);
  ASSERT_FALSE(bool(Wrong));
  EXPECT_NE(llvm::toString(Wrong.takeError()).find("boundedContainers"),
            std::string::npos);
}

// How the program destroys a class: deletes add up, the methods called
// first are those every unit's deletes call, and any object destroyed by
// value or by a template says nothing is called first.
TEST(SummariesTest, DestroyedClassesMergeConservatively) {
  SummaryFile Registry, Host, Owner, Pool;
  Registry.DestroyedClasses["c:@S@Module"] = {
      "Module", 1, {"c:@S@Module@F@reset#", "c:@S@Module@F@unload#"}};
  Host.DestroyedClasses["c:@S@Module"] = {
      "Module", 2, {"c:@S@Module@F@unload#"}};
  Owner.DestroyedClasses["c:@S@Plugin"] = {
      "Plugin", 1, {"c:@S@Plugin@F@close#"}};
  Pool.DestroyedClasses["c:@S@Plugin"] = {"Plugin", 0, {}, false, true};
  Pool.DestroyedClasses["c:@S@Conn"] = {"Conn", 0, {}, true};
  SummaryIndex Index(mergeSummaries({Registry, Host, Owner, Pool}));
  ASSERT_NE(Index.destroyedClass("c:@S@Module"), nullptr);
  EXPECT_EQ(Index.destroyedClass("c:@S@Module")->Deletes, 3u);
  EXPECT_EQ(Index.answer("c:@S@Module#destroyed"), "c:@S@Module@F@unload#");
  EXPECT_EQ(Index.answer("c:@S@Plugin#destroyed"), "");
  EXPECT_EQ(Index.answer("c:@S@Conn#destroyed"), "");
  EXPECT_EQ(Index.answer("c:@S@Nowhere#destroyed"), "");
  // One delete without the call: nothing is called first everywhere.
  SummaryFile Leaky;
  Leaky.DestroyedClasses["c:@S@Module"] = {"Module", 1, {}};
  SummaryIndex WithLeaky(mergeSummaries({Registry, Leaky, Host}));
  EXPECT_EQ(WithLeaky.answer("c:@S@Module#destroyed"), "");
}

// A class lives for the process when some unit makes a long-lived object
// of it and no unit makes another kind.
TEST(SummariesTest, ClassesLiveForTheProcessOnlyWhenEveryUnitAgrees) {
  SummaryFile Main, Globals, Replay;
  Main.DestroyedClasses["c:@S@Reassembler"] = {"Reassembler", 0, {},   true,
                                               false,         1, false};
  Globals.DestroyedClasses["c:@S@Registry"] = {"Registry", 0, {},   true,
                                               false,      1, false};
  Replay.DestroyedClasses["c:@S@Reassembler"] = {"Reassembler", 0, {},  true,
                                                 false,         0, true};
  SummaryIndex Before(mergeSummaries({Main, Globals}));
  EXPECT_EQ(Before.answer("c:@S@Reassembler#lifetime"), "process");
  EXPECT_EQ(Before.answer("c:@S@Registry#lifetime"), "process");
  EXPECT_EQ(Before.answer("c:@S@Nowhere#lifetime"), "");
  SummaryIndex After(mergeSummaries({Main, Globals, Replay}));
  EXPECT_EQ(After.answer("c:@S@Reassembler#lifetime"), "");
  EXPECT_EQ(After.destroyedClass("c:@S@Reassembler")->LongLived, 1u);
  EXPECT_EQ(After.answer("c:@S@Registry#lifetime"), "process");
}

// A function runs at start-up when every reference the program makes to it
// is a straight call from main or from another such function.
TEST(SummariesTest, StartUpFunctionsAreCalledOnceFromMain) {
  SummaryFile Main, Config, Handler;
  Main.References["c:@F@load#"] = {1, {"main"}};
  Main.References["c:@F@remember#"] = {1, {"main"}};
  Main.References["c:@F@extra#"] = {1, {}}; // In a loop.
  // Called three times, straight, by main and by load.
  Main.References["c:@F@add#"] = {2, {"main"}};
  Config.References["c:@F@add#"] = {1, {"c:@F@load#"}};
  // Once straight, once taken by address.
  Config.References["c:@F@mixed#"] = {2, {}};
  Config.References["c:@F@parse#"] = {1, {"c:@F@load#"}};
  Config.References["c:@F@deeper#"] = {1, {"c:@F@parse#"}};
  Handler.References["c:@F@remember#"] = {1, {"c:@F@handle#"}};
  Handler.References["c:@F@self#"] = {1, {"c:@F@self#"}};
  SummaryFile Merged = mergeSummaries({Main, Config, Handler});
  EXPECT_TRUE(Merged.References.empty());
  SummaryIndex Index(Merged);
  EXPECT_TRUE(Index.runsAtStartUp("c:@F@load#"));
  EXPECT_TRUE(Index.runsAtStartUp("c:@F@parse#"));
  EXPECT_TRUE(Index.runsAtStartUp("c:@F@deeper#"));
  EXPECT_FALSE(Index.runsAtStartUp("c:@F@remember#"));
  EXPECT_FALSE(Index.runsAtStartUp("c:@F@extra#"));
  EXPECT_FALSE(Index.runsAtStartUp("c:@F@self#"));
  EXPECT_TRUE(Index.runsAtStartUp("c:@F@add#"));
  EXPECT_FALSE(Index.runsAtStartUp("c:@F@mixed#"));
  EXPECT_EQ(Index.answer("c:@F@load##startup"), "main");
  EXPECT_EQ(Index.answer("c:@F@remember##startup"), "");
  // A chain longer than the rounds allowed is not followed.
  SummaryIndex Short(mergeSummaries({Main, Config}, nullptr, 1));
  EXPECT_TRUE(Short.runsAtStartUp("c:@F@load#"));
  EXPECT_FALSE(Short.runsAtStartUp("c:@F@deeper#"));
}

TEST(SummariesTest, ProtocolFactsRoundTrip) {
  SummaryFile File;
  File.Unit = "/p/registry.cpp";
  File.DestroyedClasses["c:@S@Module"] = {
      "Module", 2, {"c:@S@Module@F@unload#"}};
  File.DestroyedClasses["c:@S@Plugin"] = {"Plugin", 0, {}, true, true};
  File.References["c:@F@load#"] = {2, {"c:@F@init#", "main"}};
  File.References["c:@F@remember#"] = {3, {}};
  File.StartUp = {"c:@F@load#"};
  for (bool Streamed : {false, true}) {
    std::string Text;
    {
      llvm::raw_string_ostream Out(Text);
      llvm::json::OStream J(Out);
      if (Streamed)
        writeJSON(J, File);
      else
        J.value(toJSON(File));
    }
    llvm::Expected<llvm::json::Value> Value = llvm::json::parse(Text);
    ASSERT_TRUE(bool(Value)) << llvm::toString(Value.takeError());
    llvm::Expected<SummaryFile> Back = summaryFromJSON(*Value);
    ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
    EXPECT_TRUE(sameFacts(*Back, File));
  }
  // Version 2 had none of them: refused.
  llvm::json::Value Old =
      llvm::json::Object{{"format", "leakguard-summaries"}, {"version", 2}};
  llvm::Expected<SummaryFile> Refused = summaryFromJSON(Old);
  ASSERT_FALSE(bool(Refused));
  EXPECT_NE(llvm::toString(Refused.takeError()).find("version 2"),
            std::string::npos);
}

// What a function does to the threads and mutexes it is given is its own
// fact: it survives the round trip, it is kept when the parameter's
// ownership stays unresolved, and the checks' questions about it get it.
TEST(SummariesTest, ThreadAndUnlockFacts) {
  SummaryFile Unit;
  Unit.Unit = "/p/workers.cpp";
  FunctionSummary Stop = fn("stop");
  ParamSummary Joins, Unlocks;
  Joins.Thread = ThreadUse::Joins;
  // Its ownership waits on itself: never decided.
  Joins.PassedTo = "c:@F@stop";
  Unlocks.Unlocks = true;
  Stop.Params = {Joins, ParamSummary(), Unlocks};
  Stop.UnlocksGlobals = {"c:@table_lock"};
  Unit.Functions["c:@F@stop"] = Stop;
  FunctionSummary Peek = fn("peek");
  ParamSummary Borrows, Detaches;
  Borrows.Thread = ThreadUse::Borrows;
  Detaches.Thread = ThreadUse::Detaches;
  Peek.Params = {Borrows, Detaches};
  Unit.Functions["c:@F@peek"] = Peek;

  llvm::Expected<SummaryFile> Back = summaryFromJSON(toJSON(Unit));
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_TRUE(sameFacts(*Back, Unit));

  MergeStats Stats;
  SummaryIndex Index(mergeSummaries({Unit}, &Stats));
  EXPECT_EQ(Stats.Unresolved, 1u);
  const FunctionSummary *Merged = Index.find("c:@F@stop");
  ASSERT_NE(Merged, nullptr);
  ASSERT_EQ(Merged->Params.size(), 3u);
  EXPECT_EQ(Merged->Params[0].Use, ParamUse::Unknown);
  EXPECT_EQ(Merged->Params[0].Thread, ThreadUse::Joins);
  EXPECT_EQ(Index.answer("c:@F@stop#thread0"), "joins");
  EXPECT_EQ(Index.answer("c:@F@stop#thread1"), "");
  EXPECT_EQ(Index.answer("c:@F@stop#thread7"), "");
  EXPECT_EQ(Index.answer("c:@F@stop#unlocks"), "param2,c:@table_lock");
  EXPECT_EQ(Index.answer("c:@F@peek#thread0"), "borrows");
  EXPECT_EQ(Index.answer("c:@F@peek#thread1"), "detaches");
  EXPECT_EQ(Index.answer("c:@F@peek#unlocks"), "");
  EXPECT_EQ(Index.answer("c:@F@nowhere#unlocks"), "");

  // Two units that disagree: nothing is known.
  SummaryFile Other;
  FunctionSummary Lying = fn("peek");
  Lying.Params = {Joins};
  Other.Functions["c:@F@peek"] = Lying;
  SummaryIndex Conflict(mergeSummaries({Unit, Other}));
  EXPECT_EQ(Conflict.find("c:@F@peek"), nullptr);
  EXPECT_EQ(Conflict.answer("c:@F@peek#thread0"), "");

  llvm::json::Value BadThread = llvm::json::Object{
      {"format", "leakguard-summaries"},
      {"version", SummaryFormatVersion},
      {"functions",
       llvm::json::Object{
           {"k",
            llvm::json::Object{{"params", llvm::json::Array{llvm::json::Object{
                                              {"thread", "forks"}}}}}}}}};
  llvm::Expected<SummaryFile> Bad = summaryFromJSON(BadThread);
  ASSERT_FALSE(bool(Bad));
  EXPECT_NE(llvm::toString(Bad.takeError()).find("params[0].thread"),
            std::string::npos);
  // Version 3 had none of them: refused.
  llvm::json::Value Old =
      llvm::json::Object{{"format", "leakguard-summaries"}, {"version", 3}};
  llvm::Expected<SummaryFile> Refused = summaryFromJSON(Old);
  ASSERT_FALSE(bool(Refused));
  EXPECT_NE(llvm::toString(Refused.takeError()).find("version 3"),
            std::string::npos);
}

TEST(SummariesTest, RereadReplacesInPlaceUnlessAnAnswerChanges) {
  // What a unit that waited for the units it calls reads again: the
  // summaries it started with (close_conn only borrows), then the merge
  // with the units it waited for (open_conn acquires).
  SummaryFile Before, After;
  FunctionSummary Close = fn("close_conn");
  ParamSummary Borrows;
  Borrows.Use = ParamUse::Borrows;
  Close.Params = {Borrows};
  Before.Functions["c:@F@close_conn"] = Close;
  After.Functions["c:@F@close_conn"] = Close;
  FunctionSummary Open = fn("open_conn");
  Open.Acquires = "PQconnectdb";
  After.Functions["c:@F@open_conn"] = Open;
  llvm::SmallString<64> First, Second;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("first", "json", First));
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("second", "json", Second));
  ASSERT_FALSE(bool(writeSummaryFile(First, Before)));
  ASSERT_FALSE(bool(writeSummaryFile(Second, After)));
  auto Read = SummaryIndex::read(First);
  ASSERT_TRUE(bool(Read)) << llvm::toString(Read.takeError());
  const SummaryIndex &Index = **Read;
  const FunctionSummary *Kept = Index.find("c:@F@close_conn");
  ASSERT_NE(Kept, nullptr);
  EXPECT_EQ(Index.answer("c:@F@open_conn#acquires"), "");
  EXPECT_TRUE(Index.acquirerNames().empty());

  // An answer the analysis used would change: refused, nothing moves.
  std::map<std::string, std::string> Asked = {
      {"c:@F@close_conn#param0", "borrows"}, {"c:@F@open_conn#acquires", ""}};
  EXPECT_FALSE(Index.reread(Second, Asked));
  EXPECT_EQ(Index.generation(), 0u);
  EXPECT_EQ(Index.answer("c:@F@open_conn#acquires"), "");
  // A file that cannot be read: refused too.
  EXPECT_FALSE(Index.reread("/nonexistent/merged.json", {}));

  // The same answers to what was asked: the new summaries, in place.
  Asked.erase("c:@F@open_conn#acquires");
  EXPECT_TRUE(Index.reread(Second, Asked));
  EXPECT_EQ(Index.generation(), 1u);
  EXPECT_EQ(Index.answer("c:@F@open_conn#acquires"), "PQconnectdb");
  EXPECT_EQ(Index.acquirerNames(), std::vector<std::string>{"open_conn"});
  // What find() gave before is still there to read.
  EXPECT_TRUE(*Kept == Close);
  llvm::sys::fs::remove(First);
  llvm::sys::fs::remove(Second);
}

} // namespace
