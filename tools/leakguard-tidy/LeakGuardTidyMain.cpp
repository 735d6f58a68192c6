//===--- LeakGuardTidyMain.cpp - clang-tidy with the leak- module ---------===//
//
// leakguard-tidy is upstream clang-tidy (its main, every upstream module) with
// the leak- module linked in, for editors and tools that take the path of a
// clang-tidy executable and cannot load plugins.
//
//===----------------------------------------------------------------------===//

#include "tool/ClangTidyMain.h"

int main(int Argc, const char **Argv) {
  return clang::tidy::clangTidyMain(Argc, Argv);
}
