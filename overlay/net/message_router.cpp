#include "net/message_router.hpp"

namespace stridecue::overlay {

namespace {

bool is_hello(const std::string& text) {
  // Cheap test before a full parse: the view parses every message anyway.
  return text.find("\"type\":\"hello\"") != std::string::npos;
}

std::string error_text(const NetMessage& m) {
  const auto body = nlohmann::json::parse(m.text, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_string())
    return body["error"].get<std::string>();
  return m.text;
}

void on_response(const NetMessage& m, OverlayView& view, double now_s) {
  const bool ok = m.status >= 200 && m.status < 300;
  if (m.request == RequestKind::patch) {
    view.on_edit_answer(m.request_id, m.status, m.text, now_s);
    return;
  }
  if (!ok) {
    const char* what = m.request == RequestKind::session_start    ? "session start"
                       : m.request == RequestKind::session_stop   ? "session stop"
                       : m.request == RequestKind::baseline_reset ? "baseline reset"
                                                                  : "settings";
    view.note(std::string(what) + " failed" +
              (m.status ? " (" + std::to_string(m.status) + ")" : std::string()) + ": " +
              error_text(m));
    return;
  }
  const auto body = nlohmann::json::parse(m.text, nullptr, false);
  switch (m.request) {
    case RequestKind::settings: view.on_settings(body); break;
    case RequestKind::schema: try { view.on_schema(body);
      } catch (const std::exception& e) {
        view.note(std::string("the daemon's settings schema is unusable: ") + e.what());
      }
      break;
    case RequestKind::status: view.on_status(body); break;
    case RequestKind::session_start: view.note("session started"); break;
    case RequestKind::session_stop: view.note("session stopped"); break;
    case RequestKind::baseline_reset: view.note("baseline reset asked"); break;
    case RequestKind::patch: break;
  }
}

}  // namespace

void route(const NetMessage& message, OverlayView& view, DaemonCommands& commands, double now_s) {
  switch (message.kind) {
    case NetMessage::Kind::stream_text:
      if (view.on_stream_text(message.text, now_s) && is_hello(message.text))
        commands.fetch_settings();
      break;
    case NetMessage::Kind::link:
      view.on_link(message.link, message.text, now_s, now_s + message.retry_in_s);
      break;
    case NetMessage::Kind::response: on_response(message, view, now_s); break;
  }
}

}  // namespace stridecue::overlay
