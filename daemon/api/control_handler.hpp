// What the control API asks of the daemon. The server calls these on its own thread, one call at
// a time; the daemon makes them safe against its other threads. Replies carry their HTTP status
// so the daemon decides what a rejected change looks like (api_error.hpp builds error bodies).
//
// Reads (status, settings) answer at once. Changes that another thread must acknowledge (a
// settings version the engine applies, a session the recorder begins) take a ReplyCallback and
// return at once: the server thread never waits for them, and writes the reply when the
// callback comes (from any thread), or answers 504 if it does not come in time (docs/api.md).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

namespace stridecue {

struct ApiReply {
  int status = 200;
  nlohmann::json body;
};

// The answer to a tare without analog plates.
inline ApiReply no_plates_to_tare() {
  return {409, {{"error", "no analog force plates to tare (source.analog_plate is empty)"}}};
}

// Called exactly once, from any thread.
using ReplyCallback = std::function<void(ApiReply)>;

class ControlHandler {
 public:
  virtual ~ControlHandler() = default;
  virtual nlohmann::json status() = 0;
  virtual nlohmann::json settings() = 0;
  virtual nlohmann::json settings_schema() = 0;
  virtual void patch_settings(const nlohmann::json& patch, ReplyCallback done) = 0;
  virtual void session_start(const nlohmann::json& body, ReplyCallback done) = 0;
  virtual void session_stop(ReplyCallback done) = 0;
  virtual ApiReply baseline_reset(const nlohmann::json& body) = 0;
  // Zero an analog force-plate treadmill (docs/analog_plates.md); 409 without one.
  virtual ApiReply plates_tare() { return no_plates_to_tare(); }
};

}  // namespace stridecue
