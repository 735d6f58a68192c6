#include "webhook.h"

#include <curl/curl.h>

namespace notes {

bool WebhookNotifier::notify(const std::string &event_json) const {
  CURL *curl = curl_easy_init();
  if (!curl)
    return false;
  struct curl_slist *headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, event_json.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 2000L);
  // leak-unclosed-resource: a failed request returns with the easy handle
  // and the header list still allocated, once per notification.
  if (curl_easy_perform(curl) != CURLE_OK)
    return false;
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  return status >= 200 && status < 300;
}

} // namespace notes
