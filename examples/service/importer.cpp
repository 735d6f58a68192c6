#include "importer.h"

#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace notes {

namespace {

constexpr std::size_t kMaxImportedNoteBytes = 4096;

// The notes of one import, collected before any of them is queued.
struct ImportBatch {
  explicit ImportBatch(std::string owner) : user(std::move(owner)) {}

  std::string user;
  std::vector<Note> notes;
  std::size_t lines = 0;
};

} // namespace

Note parse_note(const std::string &line) {
  const auto tab = line.find('\t');
  if (tab == std::string::npos || tab == 0) {
    throw std::invalid_argument("expected <unix-seconds><TAB><text>");
  }
  const std::string time = line.substr(0, tab);
  if (time.find_first_not_of("0123456789") != std::string::npos) {
    throw std::invalid_argument("bad time '" + time + "'");
  }
  const long long created_at = std::stoll(time);
  Note note;
  note.created_at = created_at;
  note.body = line.substr(tab + 1);
  if (note.body.empty() || note.body.size() > kMaxImportedNoteBytes) {
    throw std::invalid_argument("note text must be 1-4096 bytes");
  }
  return note;
}

std::size_t import_notes(Storage &storage, const std::string &user,
                         const std::string &text) {
  // leak-missing-raii: parse_note() throws on a malformed line, and the
  // exception leaves before 'delete batch': every rejected import leaks the
  // batch and the notes parsed before the bad line.
  auto *batch = new ImportBatch(user);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    ++batch->lines;
    if (line.empty()) {
      continue;
    }
    Note note = parse_note(line);
    note.user = batch->user;
    batch->notes.push_back(std::move(note));
  }
  const std::size_t imported = batch->notes.size();
  storage.enqueue_all(std::move(batch->notes));
  delete batch;
  return imported;
}

} // namespace notes
