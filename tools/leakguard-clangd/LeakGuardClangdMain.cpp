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

#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::clangd {
// Defined in clangd's libclangdMain.a; Debian installs no clangd headers.
int clangdMain(int Argc, char *Argv[]);
} // namespace clang::clangd

namespace {

// clangd's own version printer runs inside clangdMain, so leakguard's line
// goes first and clangd's lines (its version, features, platform) follow.
bool asksForVersion(int Argc, char *Argv[]) {
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--")
      return false;
    if (Arg == "--version" || Arg == "-version")
      return true;
  }
  return false;
}

} // namespace

int main(int Argc, char *Argv[]) {
  if (asksForVersion(Argc, Argv)) {
    llvm::outs() << "leakguard-clangd: leakguard " << LEAKGUARD_VERSION
                 << " (the leak- checks) in clangd " << LLVM_VERSION_STRING
                 << "\n";
    llvm::outs().flush();
  }
  return clang::clangd::clangdMain(Argc, Argv);
}
