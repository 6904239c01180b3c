// What the control API asks of the daemon. The server calls these on its own thread, one call at
// a time; the daemon makes them safe against its other threads. Replies carry their HTTP status
// so the daemon decides what a rejected change looks like (api_error.hpp builds error bodies).
#pragma once

#include <nlohmann/json.hpp>

namespace stridecue {

struct ApiReply {
  int status = 200;
  nlohmann::json body;
};

class ControlHandler {
 public:
  virtual ~ControlHandler() = default;
  virtual nlohmann::json status() = 0;
  virtual nlohmann::json settings() = 0;
  virtual nlohmann::json settings_schema() = 0;
  virtual ApiReply patch_settings(const nlohmann::json& patch) = 0;
  virtual ApiReply session_start(const nlohmann::json& body) = 0;
  virtual ApiReply session_stop() = 0;
  virtual ApiReply baseline_reset(const nlohmann::json& body) = 0;
  // Zero an analog force-plate treadmill (docs/analog_plates.md); 409 without one.
  virtual ApiReply plates_tare() {
    return {409, {{"error", "no analog force plates to tare (source.analog_plate is empty)"}}};
  }
};

}  // namespace stridecue
