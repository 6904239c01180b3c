// Zeroing an analog force-plate treadmill (docs/analog_plates.md): the API asks, the source
// thread averages the next window of volts, and the result comes back as a `plates_tare` event
// on the stream and in the session, rather than holding the API thread meanwhile.
#pragma once

#include <cstdint>
#include <mutex>

#include "api/control_handler.hpp"

namespace stridecue {

class PlateTare;
class Dispatcher;

class PlatesTare {
 public:
  explicit PlatesTare(PlateTare* plates) : plates_(plates) {}

  // API thread: 202 while the window is collected; 409 without analog plates.
  ApiReply request();
  // Main thread, each pass: logs, streams and records a tare that finished since the last
  // call. `state_mutex` guards the dispatcher against the status reader.
  void record_result(Dispatcher& dispatcher, std::mutex& state_mutex);

 private:
  PlateTare* plates_;
  std::uint64_t reported_ = 0;
};

}  // namespace stridecue
