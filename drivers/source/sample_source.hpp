// The one interface every source implements: the simulator and the trial-file readers now,
// the USB, serial and TCP drivers later. A source describes its streams once (layout) and
// then hands out sample blocks one at a time until it ends or fails.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"

namespace stridecue {

// `waiting`: a live device has no block ready (between transfers, unplugged, reconnecting).
// Call again; a live source returns from next() within about 50 ms so its caller can stop.
enum class SourceStatus { block, end, failed, waiting };
std::string_view to_string(SourceStatus status);

// A device's life on the session timeline (DESIGN.md principle 4: devices come and go).
struct SourceEvent {
  enum class Kind : std::uint8_t { connected, lost, resumed };
  Kind kind = Kind::connected;
  std::int64_t host_ns = 0;  // host monotonic time it was seen
  std::string device;        // which device: "usb 1-1 (SC-FP2 serial 0042)", "tcp 10.0.0.5:50043"
  std::string detail;        // why it was lost ("LIBUSB_ERROR_NO_DEVICE"), or empty
  double gap_s = 0.0;        // resumed: session time without data from this device
};
std::string_view to_string(SourceEvent::Kind kind);

class SampleSource {
 public:
  virtual ~SampleSource() = default;

  // Valid from construction; does not change while the source runs.
  virtual const SourceLayout& layout() const = 0;

  // Fills `block` with the next block. Its samples stay valid until the next call.
  // After `end` or `failed` every later call returns the same status.
  virtual SourceStatus next(SampleBlock& block) = 0;

  // Why the source failed, naming what was wrong and where ("trial.csv:12:3: ..."); empty
  // while it is fine. A file reader that finds its header bad fails at construction: check
  // this before building anything on layout().
  virtual const std::string& failure() const = 0;

  // A device: it stamps each block's receipt_ns itself (at transfer completion) and is not
  // paced by its caller. Files and the simulator are not live.
  virtual bool is_live() const { return false; }

  // What happened to a live device since the last call: connected, lost, resumed after a
  // gap. Called on the source's own thread between calls to next().
  virtual std::vector<SourceEvent> take_events() { return {}; }
};

}  // namespace stridecue
