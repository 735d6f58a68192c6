//===--- LeakTidyModule.cpp - the leak- module ----------------------------===//

#include "ClangTidy.h"
#include "ClangTidyModule.h"
#include "ClangTidyModuleRegistry.h"
#include "LargeCaptureCheck.h"
#include "ManualLockCheck.h"
#include "MissingRaiiCheck.h"
#include "SelfCaptureCycleCheck.h"
#include "UnboundedCacheCheck.h"
#include "UncancellableThreadCheck.h"
#include "UnclosedResourceCheck.h"

namespace clang::tidy {
namespace leak {

class LeakModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    CheckFactories.registerCheck<LargeCaptureCheck>("leak-large-capture");
    CheckFactories.registerCheck<ManualLockCheck>("leak-manual-lock");
    CheckFactories.registerCheck<MissingRaiiCheck>("leak-missing-raii");
    CheckFactories.registerCheck<SelfCaptureCycleCheck>(
        "leak-self-capture-cycle");
    CheckFactories.registerCheck<UnboundedCacheCheck>("leak-unbounded-cache");
    CheckFactories.registerCheck<UncancellableThreadCheck>(
        "leak-uncancellable-thread");
    CheckFactories.registerCheck<UnclosedResourceCheck>(
        "leak-unclosed-resource");
  }
};

} // namespace leak

// Registers the module with clang-tidy, in the plugin and in leakguard-tidy.
static ClangTidyModuleRegistry::Add<leak::LeakModule>
    X("leakguard", "Adds checks for leak-prone patterns (leak-*).");

// Referenced by tools that link the module from an archive.
volatile int LeakModuleAnchorSource = 0;

} // namespace clang::tidy
