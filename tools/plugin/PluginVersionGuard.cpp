//===--- PluginVersionGuard.cpp - refuse a foreign clang-tidy -------------===//
//
// A clang-tidy plugin is tied to the exact major version of the clang-tidy it
// was built for: loaded into another one, it may register its checks and then
// silently report nothing. This guard runs when the plugin is loaded, asks the
// host for its Clang version and stops the process with a clear error when the
// majors differ.
//
//===----------------------------------------------------------------------===//

#include "clang/Basic/Version.inc"
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <string>

namespace {

/// The version string of the Clang libraries the host process runs on, or
/// an empty string when it cannot be found.
std::string hostClangVersion() {
  // Search the global scope in load order: the host's own libclang-cpp comes
  // before anything this plugin could have pulled in.
  void *Self = dlopen(nullptr, RTLD_NOW);
  if (!Self)
    return {};
  using VersionFn = std::string (*)();
  auto Fn = reinterpret_cast<VersionFn>(
      dlsym(Self, "_ZN5clang19getClangFullVersionB5cxx11Ev"));
  return Fn ? Fn() : std::string();
}

/// The major version in a string like "Debian clang version 14.0.6", or -1.
int majorOf(const std::string &Version) {
  const char *Key = "version ";
  std::size_t At = Version.find(Key);
  if (At == std::string::npos)
    return -1;
  return std::atoi(Version.c_str() + At + std::strlen(Key));
}

struct VersionGuard {
  VersionGuard() {
    std::string Host = hostClangVersion();
    int HostMajor = majorOf(Host);
    if (HostMajor < 0 || HostMajor == CLANG_VERSION_MAJOR)
      return;
    std::fprintf(stderr,
                 "error: the leakguard plugin was built for clang-tidy %d "
                 "(Clang %s) but was loaded into clang-tidy %d (%s); run it "
                 "with clang-tidy-%d, or use leakguard-tidy\n",
                 CLANG_VERSION_MAJOR, CLANG_VERSION_STRING, HostMajor,
                 Host.c_str(), CLANG_VERSION_MAJOR);
    std::fflush(stderr);
    std::_Exit(2);
  }
};

// Constructed when the plugin is loaded, before clang-tidy can use any check.
VersionGuard Guard;

} // namespace
