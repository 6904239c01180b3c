// What the overlay knows about its daemon and the daemon's device, and the plain sentence the
// runner view shows while something is missing ("waiting for the daemon at http://…").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace stridecue::overlay {

enum class LinkState {
  connecting,          // first attempt under way
  waiting_for_daemon,  // nothing answered (or the stream broke); retrying
  refused,             // the daemon answered but refused the stream (401 …); retrying
  connected,           // the stream runs
};

// The daemon's source, from GET /status's "source" object and the stream's `device` events
// (both optional: a daemon without them shows only whether data flow).
enum class DeviceState { unknown, running, waiting, lost };

struct LinkStatus {
  std::string url;
  LinkState link = LinkState::connecting;
  std::string detail;  // why the last attempt failed, or the close reason
  double retry_at_s = 0.0;
  DeviceState device = DeviceState::unknown;
  std::string device_name;
  std::string device_detail;
  std::optional<double> last_data_s;  // overlay time of the last `signals` event
  double connected_at_s = 0.0;

  // From a status object (hello's, or GET /status): reads "source":{"state","device"} if there.
  void read_status(const nlohmann::json& status);
  // A stream `device` event: "connected" | "lost" | "resumed".
  void on_device_event(const nlohmann::json& event);

  // Empty when all is well; else one sentence for the runner view.
  std::string sentence(double now_s) const;
};

}  // namespace stridecue::overlay
