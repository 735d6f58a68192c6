// Bulk import of notes exported from another tool: one note per line,
// "<unix-seconds><TAB><text>".
#pragma once

#include "storage.h"

#include <cstddef>
#include <string>

namespace notes {

// Parses one line of an import. Throws std::invalid_argument when the line is
// not "<unix-seconds><TAB><text>" or the text is empty or too long, and
// std::out_of_range when the time does not fit.
Note parse_note(const std::string &line);

// Queues every note of `text` for `user` and returns how many there were.
// All or nothing: a malformed line throws (see parse_note) and nothing is
// queued.
std::size_t import_notes(Storage &storage, const std::string &user,
                         const std::string &text);

} // namespace notes
