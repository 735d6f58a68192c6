//===--- FuzzOptionLists.cpp - list options of the checks -----------------===//
//
// The CheckOptions lists (`a;b;c`, `lock:unlock;...`, LeakResources entries)
// come from any .clang-tidy. Their parsers must not crash, and what the
// joiners write must read back the same.
//
//===----------------------------------------------------------------------===//

#include "FuzzCheck.h"
#include "analysis/LockModel.h"
#include "analysis/OptionLists.h"
#include "analysis/ResourceModel.h"
#include <cstdint>
#include <cstdlib>

using namespace leakguard::analysis;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);

  for (char Separator : {';', ','}) {
    std::vector<std::string> Entries = splitList(Text, Separator);
    for (const std::string &E : Entries)
      FUZZ_CHECK(!E.empty() && !llvm::StringRef(E).contains(Separator),
                 "splitList entry '" << E << "'");
    FUZZ_CHECK(splitList(joinList(Entries, Separator), Separator) == Entries,
               "splitList(joinList()) differs");
  }

  std::vector<std::string> Bad;
  auto Pairs = splitPairs(Text, Bad);
  std::vector<std::string> BadAgain;
  FUZZ_CHECK(splitPairs(joinPairs(Pairs), BadAgain) == Pairs &&
                 BadAgain.empty(),
             "splitPairs(joinPairs()) differs: '" << joinPairs(Pairs) << "'");

  Bad.clear();
  std::vector<LockFunctionPair> Locks = parseLockFunctionPairs(Text, Bad);
  BadAgain.clear();
  std::vector<LockFunctionPair> Again =
      parseLockFunctionPairs(formatLockFunctionPairs(Locks), BadAgain);
  FUZZ_CHECK(Again.size() == Locks.size() && BadAgain.empty(),
             "lock pairs read back differently");
  for (size_t I = 0; I < Locks.size(); ++I)
    FUZZ_CHECK(Again[I].Lock == Locks[I].Lock &&
                   Again[I].Unlock == Locks[I].Unlock,
               "lock pair " << I << " read back differently");

  std::vector<std::string> Errors;
  for (const ResourceApi &Api : parseResourceApis(Text, Errors))
    FUZZ_CHECK(!Api.Acquirers.empty() && !Api.Releasers.empty(),
               "a resource API without acquirer or releaser");
  return 0;
}
