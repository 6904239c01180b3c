// What the network threads tell the UI thread: a stream message, a change of the connection,
// or the answer to a request.
#pragma once

#include <string>

#include "view/link_status.hpp"

namespace stridecue::overlay {

enum class RequestKind {
  settings,
  schema,
  status,
  patch,
  session_start,
  session_stop,
  baseline_reset
};

struct NetMessage {
  enum class Kind { stream_text, link, response } kind = Kind::stream_text;
  std::string text;  // stream_text: the message; link: the detail; response: the body or error
  LinkState link = LinkState::connecting;
  double retry_in_s = 0.0;  // link: the next attempt is this far away
  RequestKind request = RequestKind::status;
  int request_id = 0;  // patch: the edit's request number (SettingEdits)
  int status = 0;      // response: HTTP status; 0 when it never reached the daemon
};

}  // namespace stridecue::overlay
