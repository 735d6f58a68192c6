//===--- HeaderBodies.cpp - function bodies in clangd's preamble ----------===//
//
// clangd builds the headers of a file once into a preamble and, to make it
// smaller and faster, skips the bodies of the functions declared there
// (inline functions, templates). The leak- checks look into the bodies of
// the functions a path calls (does it throw, does it return, does it release
// or keep its argument): without the bodies they decide as for a function
// defined in another file, and report what clang-tidy, which parses every
// body, does not (a new[] said to leak "if an exception is thrown" at a call
// of an inline function that cannot throw).
//
// So that leakguard-clangd reports what leakguard-tidy reports, its preamble
// keeps the bodies: the link routes clangd's call of
// PrecompiledPreamble::Build through preambleWithBodies (ld --wrap, see
// CMakeLists.txt), which hands the preamble build a decorator of clangd's
// callbacks that keeps the bodies --header-bodies asks for:
//   all        every body, as clang-tidy parses headers;
//   functions  the bodies of functions that are not templates (the
//              default): parsed once into the preamble, while template
//              bodies would make each edit instantiate what the file uses,
//              as a compile does, and double clangd's time per edit
//              (bench/clangd_latency.py);
//   none       clangd's own behaviour.
//
//===----------------------------------------------------------------------===//

#include "clang/AST/DeclBase.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/Support/CommandLine.h"

using namespace clang;

namespace {

enum class HeaderBodies { All, Functions, None };

llvm::cl::opt<HeaderBodies> KeepHeaderBodies(
    "header-bodies",
    llvm::cl::desc("Which bodies of functions in headers the preamble keeps "
                   "for the checks (clangd alone keeps none)"),
    llvm::cl::values(
        clEnumValN(HeaderBodies::All, "all",
                   "every body, as clang-tidy parses them"),
        clEnumValN(HeaderBodies::Functions, "functions",
                   "bodies of functions that are not templates (default)"),
        clEnumValN(HeaderBodies::None, "none", "none, as clangd")),
    llvm::cl::init(HeaderBodies::Functions));

// clangd's preamble callbacks, with the decision to skip a body taken here:
// a body clangd keeps (its forwarding functions) is always kept.
class KeepBodies : public PreambleCallbacks {
public:
  KeepBodies(PreambleCallbacks &Clangd, HeaderBodies Keep)
      : Clangd(Clangd), Keep(Keep) {}

  void BeforeExecute(CompilerInstance &CI) override {
    Clangd.BeforeExecute(CI);
  }
  void AfterExecute(CompilerInstance &CI) override { Clangd.AfterExecute(CI); }
  void AfterPCHEmitted(ASTWriter &Writer) override {
    Clangd.AfterPCHEmitted(Writer);
  }
  void HandleTopLevelDecl(DeclGroupRef DG) override {
    Clangd.HandleTopLevelDecl(DG);
  }
  std::unique_ptr<PPCallbacks> createPPCallbacks() override {
    return Clangd.createPPCallbacks();
  }
  CommentHandler *getCommentHandler() override {
    return Clangd.getCommentHandler();
  }
  bool shouldSkipFunctionBody(Decl *D) override {
    if (!Clangd.shouldSkipFunctionBody(D))
      return false;
    return Keep == HeaderBodies::Functions && D->isTemplated();
  }

private:
  PreambleCallbacks &Clangd;
  HeaderBodies Keep;
};

} // namespace

// The symbols ld --wrap gives for the call and the original.
#define LEAKGUARD_PREAMBLE_BUILD                                               \
  "_ZN5clang19PrecompiledPreamble5BuildERKNS_18CompilerInvocationEPKN4llvm12"  \
  "MemoryBufferENS_14PreambleBoundsERNS_17DiagnosticsEngineENS4_"              \
  "18IntrusiveRefCntPtrINS4_3vfs10FileSystemEEESt10shared_ptrINS_"             \
  "22PCHContainerOperationsEEbNS4_9StringRefERNS_17PreambleCallbacksE"

llvm::ErrorOr<PrecompiledPreamble> originalPreambleBuild(
    const CompilerInvocation &Invocation,
    const llvm::MemoryBuffer *MainFileBuffer, PreambleBounds Bounds,
    DiagnosticsEngine &Diagnostics,
    IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
    std::shared_ptr<PCHContainerOperations> PCHContainerOps, bool StoreInMemory,
    StringRef StoragePath,
    PreambleCallbacks &Callbacks) __asm__("__real_" LEAKGUARD_PREAMBLE_BUILD);

llvm::ErrorOr<PrecompiledPreamble> preambleWithBodies(
    const CompilerInvocation &Invocation,
    const llvm::MemoryBuffer *MainFileBuffer, PreambleBounds Bounds,
    DiagnosticsEngine &Diagnostics,
    IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
    std::shared_ptr<PCHContainerOperations> PCHContainerOps, bool StoreInMemory,
    StringRef StoragePath,
    PreambleCallbacks &Callbacks) __asm__("__wrap_" LEAKGUARD_PREAMBLE_BUILD);

llvm::ErrorOr<PrecompiledPreamble>
preambleWithBodies(const CompilerInvocation &Invocation,
                   const llvm::MemoryBuffer *MainFileBuffer,
                   PreambleBounds Bounds, DiagnosticsEngine &Diagnostics,
                   IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS,
                   std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                   bool StoreInMemory, StringRef StoragePath,
                   PreambleCallbacks &Callbacks) {
  if (KeepHeaderBodies == HeaderBodies::None)
    return originalPreambleBuild(
        Invocation, MainFileBuffer, Bounds, Diagnostics, std::move(VFS),
        std::move(PCHContainerOps), StoreInMemory, StoragePath, Callbacks);
  // clangd passes its own copy of the invocation, made for this preamble
  // (buildPreamble in clangd's Preamble.cpp), so changing it is changing
  // nothing else.
  if (KeepHeaderBodies == HeaderBodies::All)
    const_cast<CompilerInvocation &>(Invocation)
        .getFrontendOpts()
        .SkipFunctionBodies = false;
  KeepBodies Decorated(Callbacks, KeepHeaderBodies);
  return originalPreambleBuild(Invocation, MainFileBuffer, Bounds, Diagnostics,
                               std::move(VFS), std::move(PCHContainerOps),
                               StoreInMemory, StoragePath, Decorated);
}
