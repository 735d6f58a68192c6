#include "export_job.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace notes {

ExportJob::ExportJob(Storage &storage, std::string user, std::size_t limit)
    : storage_(storage), user_(std::move(user)), limit_(limit) {}

std::string ExportJob::start() {
  // leak-self-capture-cycle: the hook holds a shared_ptr to the job that
  // owns the hook, and nothing resets it; every export job, with its notes
  // and text, is kept alive by itself and never freed.
  on_done_ = [self = shared_from_this()] { self->finished(); };
  render();
  on_done_();
  return text_;
}

void ExportJob::render() {
  notes_ = storage_.notes_for(user_, limit_);
  std::reverse(notes_.begin(), notes_.end()); // in the order stored
  for (const Note &note : notes_) {
    text_ += std::to_string(note.created_at);
    text_ += '\t';
    text_ += note.body;
    text_ += '\n';
  }
  exported_ = notes_.size();
}

void ExportJob::finished() {
  if (exported_ == limit_) {
    std::fprintf(stderr, "notes-service: export of %s truncated at %zu notes\n",
                 user_.c_str(), limit_);
  }
}

} // namespace notes
