//===--- FuzzChecks.cpp - every leak- check on arbitrary C++ --------------===//
//
// The checks run in editors on code as it is typed: half-written, invalid,
// odd. A parse error is fine; a crash or a sanitizer report is not. Each
// input is one C++17 file analyzed by clang-tidy with `-*,leak-*` in this
// process (the checks are linked in), from an in-memory file system.
//
//===----------------------------------------------------------------------===//

#include "ClangTidy.h"
#include "ClangTidyDiagnosticConsumer.h"
#include "ClangTidyOptions.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <cstdint>
#include <cstdlib>

#ifndef LEAKGUARD_CLANG_RESOURCE_DIR
#error "LEAKGUARD_CLANG_RESOURCE_DIR: the clang resource directory"
#endif

using namespace clang;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const char *const Input = "/leakguard-fuzz/input.cpp";
  tidy::ClangTidyGlobalOptions Global;
  tidy::ClangTidyOptions Options = tidy::ClangTidyOptions::getDefaults();
  Options.Checks = "-*,leak-*";
  Options.HeaderFilterRegex = ".*";
  tidy::ClangTidyContext Context(
      std::make_unique<tidy::DefaultOptionsProvider>(Global, Options));
  // The tool sets the working directory of its file system to the
  // database's; a physical file system keeps its own (no chdir).
  tooling::FixedCompilationDatabase Db(
      "/", {"-std=c++17", "-fsyntax-only", "-ferror-limit=0",
            "-resource-dir=" LEAKGUARD_CLANG_RESOURCE_DIR});

  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Memory->addFile(Input, 0,
                  llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(
                      reinterpret_cast<const char *>(Data), Size)));
  auto Files = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::createPhysicalFileSystem());
  Files->pushOverlay(Memory);
  std::vector<tidy::ClangTidyError> Errors =
      tidy::runClangTidy(Context, Db, {Input}, Files, /*ApplyAnyFix=*/false);
  for (const tidy::ClangTidyError &E : Errors)
    if (E.DiagLevel != tidy::ClangTidyError::Error &&
        !llvm::StringRef(E.DiagnosticName).starts_with("leak-") &&
        !llvm::StringRef(E.DiagnosticName).starts_with("clang-diagnostic-"))
      abort(); // Only leak- checks may be enabled.
  return 0;
}
