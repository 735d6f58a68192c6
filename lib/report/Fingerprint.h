//===--- Fingerprint.h - finding fingerprints that survive line shifts ----===//
//
// A baseline and code scanning recognise a finding across commits by its
// fingerprint. It hashes what the finding is about (the rule, the file and
// the whitespace-normalized text of its line and of the nearest non-blank
// line before and after), never the line number, so inserting or removing
// lines elsewhere in the file leaves it unchanged. Identical findings in one
// file get an occurrence suffix (":2", ":3", ...) in file order.
//
//===----------------------------------------------------------------------===//

#ifndef LEAKGUARD_LIB_FINGERPRINT_H
#define LEAKGUARD_LIB_FINGERPRINT_H

#include "report/SourceText.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace leakguard::report {

/// The key under which SARIF results carry the fingerprint
/// (partialFingerprints) and our JSON names it.
inline constexpr llvm::StringLiteral FingerprintKey = "leakguard/v1";

/// \p Line with all whitespace removed: re-indenting does not change it.
std::string normalizeLine(llvm::StringRef Line);

/// The fingerprint (without occurrence suffix) of a \p Rule finding on
/// \p Line of \p File, which is shown as \p Path (relative to the root).
std::string lineContextFingerprint(llvm::StringRef Rule, llvm::StringRef Path,
                                   const SourceText &File, unsigned Line);

} // namespace leakguard::report

#endif // LEAKGUARD_LIB_FINGERPRINT_H
