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
// CMakeLists.txt), which turns the skipping off in clangd's copy of the
// invocation and builds the preamble as clang-tidy parses headers.
// --parse-header-bodies=false restores clangd's behaviour.
//
//===----------------------------------------------------------------------===//

#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "llvm/Support/CommandLine.h"

using namespace clang;

static llvm::cl::opt<bool> ParseHeaderBodies(
    "parse-header-bodies",
    llvm::cl::desc("Parse the bodies of functions in headers, as clang-tidy "
                   "does, so that the leak- checks find what they find in "
                   "clang-tidy (clangd alone skips them)"),
    llvm::cl::init(true));

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
  // clangd passes its own copy of the invocation, made for this preamble
  // (buildPreamble in clangd's Preamble.cpp), so changing it is changing
  // nothing else.
  if (ParseHeaderBodies)
    const_cast<CompilerInvocation &>(Invocation)
        .getFrontendOpts()
        .SkipFunctionBodies = false;
  return originalPreambleBuild(Invocation, MainFileBuffer, Bounds, Diagnostics,
                               std::move(VFS), std::move(PCHContainerOps),
                               StoreInMemory, StoragePath, Callbacks);
}
