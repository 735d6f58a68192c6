//===--- LeakGuardClangdMain.cpp - clangd with the leak- module -----------===//
//
// leakguard-clangd is Debian's clangd 19 (its main, every upstream tidy
// module, the tweaks) with the leak- module linked in: clangd collects tidy
// modules from clang-tidy's module registry, where the leak- module adds
// itself when its object file is part of the program. Editors run it in
// place of clangd and get the leak- findings as they type, their notes as
// related information and their fix-its as quick-fix code actions.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::clangd {
// Defined in clangd's libclangdMain.a; Debian installs no clangd headers.
int clangdMain(int Argc, char *Argv[]);
} // namespace clang::clangd

namespace {

// Whether the command line has -Name or --Name, alone or as -Name=value.
bool hasOption(int Argc, char *Argv[], llvm::StringRef Name) {
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--")
      return false;
    if (Arg.consume_front("--") || Arg.consume_front("-"))
      if (Arg.consume_front(Name) && (Arg.empty() || Arg.starts_with("=")))
        return true;
  }
  return false;
}

} // namespace

int main(int Argc, char *Argv[]) {
  // clangd's own version printer runs inside clangdMain: leakguard's line
  // goes first, clangd's lines (version, features, platform) follow.
  if (hasOption(Argc, Argv, "version")) {
    llvm::outs() << "leakguard-clangd: leakguard " << LEAKGUARD_VERSION
                 << " (the leak- checks) in clangd " << LLVM_VERSION_STRING
                 << "\n";
    llvm::outs().flush();
  }
  llvm::SmallVector<char *, 16> Args(Argv, Argv + Argc);
#ifdef LEAKGUARD_CLANG_RESOURCE_DIR
  // clangd takes Clang's builtin headers from ../lib/clang/19 next to its
  // binary; a build folder has none, so use the installed Clang's unless the
  // user chose a directory.
  static char ResourceDir[] = "--resource-dir=" LEAKGUARD_CLANG_RESOURCE_DIR;
  if (!hasOption(Argc, Argv, "resource-dir"))
    Args.insert(Args.begin() + 1, ResourceDir);
#endif
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size()) - 1,
                                   Args.data());
}
