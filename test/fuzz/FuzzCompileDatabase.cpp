//===--- FuzzCompileDatabase.cpp - compile_commands.json ------------------===//
//
// `leakguard scan -p DIR` reads the project's compile database: whatever it
// holds, the reader gives the files or an error naming the database.
//
//===----------------------------------------------------------------------===//

#include "CompileDatabase.h"
#include "FuzzCheck.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <cstdlib>

static llvm::SmallString<128> Dir;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  if (llvm::sys::fs::createUniqueDirectory("leakguard-fuzz-cdb", Dir))
    abort();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::SmallString<128> Path(Dir);
  llvm::sys::path::append(Path, "compile_commands.json");
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC);
    if (EC)
      abort();
    OS.write(reinterpret_cast<const char *>(Data), Size);
  }
  auto Files = leakguard::readCompileDatabaseFiles(Dir);
  if (!Files) {
    std::string Message = llvm::toString(Files.takeError());
    FUZZ_CHECK(llvm::StringRef(Message).contains("compile_commands.json"),
               "the error does not name the database: " << Message);
    return 0;
  }
  for (const std::string &File : *Files)
    FUZZ_CHECK(llvm::sys::path::is_absolute(File),
               "not an absolute path: '" << File << "'");
  return 0;
}
