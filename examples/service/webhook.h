// Outbound notifications: POSTs a small JSON event to a configured URL.
#pragma once

#include <string>

namespace notes {

class WebhookNotifier {
public:
  explicit WebhookNotifier(std::string url) : url_(std::move(url)) {}

  // Sends `event_json`; false when the request failed or the peer did not
  // answer 2xx. Blocks for at most two seconds.
  bool notify(const std::string &event_json) const;

private:
  std::string url_;
};

} // namespace notes
