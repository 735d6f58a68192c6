//===--- CompileDatabase.cpp - the files of a compile_commands.json -------===//

#include "CompileDatabase.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

namespace leakguard {

llvm::Expected<std::vector<std::string>>
readCompileDatabaseFiles(llvm::StringRef BuildDir) {
  llvm::SmallString<256> DbPath(BuildDir);
  llvm::sys::path::append(DbPath, "compile_commands.json");
  auto Buffer = llvm::MemoryBuffer::getFile(DbPath);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(),
                                   "cannot read compile database '%s': %s",
                                   DbPath.c_str(),
                                   Buffer.getError().message().c_str());
  auto Json = llvm::json::parse((*Buffer)->getBuffer());
  if (!Json)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "malformed compile database '%s': %s",
                                   DbPath.c_str(),
                                   llvm::toString(Json.takeError()).c_str());
  const llvm::json::Array *Entries = Json->getAsArray();
  if (!Entries)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "malformed compile database '%s': the top "
                                   "level is not an array",
                                   DbPath.c_str());
  std::vector<std::string> Files;
  llvm::StringSet<> Seen;
  for (const llvm::json::Value &Value : *Entries) {
    const llvm::json::Object *Entry = Value.getAsObject();
    std::optional<llvm::StringRef> File =
        Entry ? Entry->getString("file") : std::nullopt;
    std::optional<llvm::StringRef> Directory =
        Entry ? Entry->getString("directory") : std::nullopt;
    if (!File || !Directory)
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "malformed compile database '%s': an entry lacks 'file' or "
          "'directory'",
          DbPath.c_str());
    llvm::SmallString<256> Path(*File);
    if (!llvm::sys::path::is_absolute(Path)) {
      Path = *Directory;
      llvm::sys::path::append(Path, *File);
    }
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    if (Seen.insert(Path).second)
      Files.push_back(std::string(Path));
  }
  return Files;
}

} // namespace leakguard
