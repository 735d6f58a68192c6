//===--- Color.h - when leakguard colours its output ----------------------===//
//
// --color=auto (the default) colours stdout and stderr where each is a
// terminal, unless the environment variable NO_COLOR is set to anything but
// the empty string (https://no-color.org); --color=always and --color=never
// decide alone. leakguard's own messages (LLVM's WithColor) follow the same
// choice.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_TOOLS_COLOR_H
#define LEAKGUARD_TOOLS_COLOR_H

#include "llvm/Support/raw_ostream.h"

namespace leakguard {

enum class ColorChoice { Auto, Always, Never };

/// Applies \p Choice to stdout, stderr and WithColor's messages.
void setUpColor(ColorChoice Choice);

/// Whether what goes to \p OS is coloured.
bool useColor(const llvm::raw_ostream &OS);

} // namespace leakguard

#endif // LEAKGUARD_TOOLS_COLOR_H
