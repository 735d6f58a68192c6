// Small helpers shared by the HTTP handlers: JSON string escaping, bearer
// token extraction and uniform error bodies.
#pragma once

#include <httplib.h>

#include <cstdio>
#include <string>

namespace notes {

inline std::string json_escape(const std::string &in) {
  std::string out;
  out.reserve(in.size() + 2);
  for (const char c : in) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        out += buf;
      } else {
        out += c;
      }
    }
  }
  return out;
}

inline std::string json_string(const std::string &in) {
  return "\"" + json_escape(in) + "\"";
}

// Returns the token of an "Authorization: Bearer <token>" header, or an
// empty string when the header is missing or uses another scheme.
inline std::string bearer_token(const httplib::Request &req) {
  static const std::string kPrefix = "Bearer ";
  const std::string value = req.get_header_value("Authorization");
  if (value.size() <= kPrefix.size() ||
      value.compare(0, kPrefix.size(), kPrefix) != 0) {
    return {};
  }
  return value.substr(kPrefix.size());
}

inline void reply_json(httplib::Response &res, int status,
                       const std::string &body) {
  res.status = status;
  res.set_content(body + "\n", "application/json");
}

inline void reply_error(httplib::Response &res, int status,
                        const std::string &message) {
  reply_json(res, status, "{\"error\":" + json_string(message) + "}");
}

} // namespace notes
