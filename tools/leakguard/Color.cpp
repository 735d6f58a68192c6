//===--- Color.cpp - when leakguard colours its output --------------------===//

#include "Color.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"

namespace leakguard {

static ColorChoice Chosen = ColorChoice::Auto;

bool useColor(const llvm::raw_ostream &OS) {
  switch (Chosen) {
  case ColorChoice::Always:
    return true;
  case ColorChoice::Never:
    return false;
  case ColorChoice::Auto:
    break;
  }
  std::optional<std::string> NoColor = llvm::sys::Process::GetEnv("NO_COLOR");
  if (NoColor && !NoColor->empty())
    return false;
  return OS.has_colors();
}

void setUpColor(ColorChoice Choice) {
  Chosen = Choice;
  // changeColor() does nothing on a stream whose colours are disabled, and
  // --color=always must colour a pipe too.
  llvm::outs().enable_colors(useColor(llvm::outs()));
  llvm::errs().enable_colors(useColor(llvm::errs()));
  llvm::WithColor::setAutoDetectFunction(
      [](const llvm::raw_ostream &OS) { return useColor(OS); });
}

} // namespace leakguard
