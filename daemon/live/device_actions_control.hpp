// The devices' actions (tare an analog treadmill …; drivers/source/device_actions.hpp) for the
// control API: a request goes to the device's thread at once, and each outcome comes back as an
// event `<device>_<action>` ("plates_tare") on the stream and in the session, rather than
// holding the API thread meanwhile.
#pragma once

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "api/control_handler.hpp"

namespace stridecue {

class DeviceActions;
class Dispatcher;

class DeviceActionsControl {
 public:
  explicit DeviceActionsControl(const std::vector<DeviceActions*>& devices);

  // API thread: 202 while it runs; 404 naming the actions there are.
  ApiReply request(std::string_view device, std::string_view action);
  // API thread: {"actions": [{"device", "action", "help", "last": {"state", "completed",
  // "message"}}, …]}.
  nlohmann::json list() const;
  // Main thread, each pass: logs, streams and records each outcome that came since the last
  // call. `state_mutex` guards the dispatcher against the status reader.
  void record_results(Dispatcher& dispatcher, std::mutex& state_mutex);

 private:
  struct Watched {
    DeviceActions* device;
    std::string action, help;
    std::uint64_t reported = 0;  // main thread only
  };
  std::string known() const;

  std::vector<Watched> watched_;
};

}  // namespace stridecue
