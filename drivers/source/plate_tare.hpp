// Zeroing a source's force plates while it runs (docs/analog_plates.md): all the daemon needs
// of an analog treadmill to tare it, so that it wires any source without naming a driver.
// AnalogPlateSource (drivers/analog) is the one that does it today.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stridecue {

struct TareReport {
  enum class State : std::uint8_t { never, collecting, done, refused };
  State state = State::never;
  std::uint64_t completed = 0;  // tares finished (done or refused) so far
  std::string message;          // what happened, naming the plate when refused
  std::vector<double> zero_v;   // the zero in use, per raw channel of each plate (6 per plate)
};
std::string_view to_string(TareReport::State state);

class PlateTare {
 public:
  // From any thread: the source's thread takes the next window of volts as the new zero.
  virtual void request_tare() = 0;
  // From any thread: the last tare's outcome.
  virtual TareReport tare_report() const = 0;

 protected:
  ~PlateTare() = default;
};

}  // namespace stridecue
