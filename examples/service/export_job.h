// Export of a user's notes as plain text, one "<unix-seconds><TAB><text>"
// line per note, in the order they were stored: the format POST
// /notes/import reads.
#pragma once

#include "storage.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace notes {

class ExportJob : public std::enable_shared_from_this<ExportJob> {
public:
  // Create with std::make_shared: start() needs shared_from_this().
  ExportJob(Storage &storage, std::string user, std::size_t limit);

  // Renders the export and runs the completion hook; returns the text.
  std::string start();

  std::size_t exported() const { return exported_; }

private:
  void render();
  void finished();

  Storage &storage_;
  const std::string user_;
  const std::size_t limit_;
  std::vector<Note> notes_;
  std::string text_;
  std::size_t exported_ = 0;
  // Runs once the export is rendered (logging, and later an upload).
  std::function<void()> on_done_;
};

} // namespace notes
