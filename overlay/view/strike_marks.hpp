// The runner's last strikes per side, as marks coloured by pattern, and the forefoot share over
// the last minute. Fed with the stream's `strike` events (the moment a stance's class is known)
// and corrected by `stride` records, whose whole-stance class can overturn an early decision.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string_view>

#include "events/api_events.hpp"
#include "view/palette.hpp"

namespace stridecue::overlay {

using stridecue::Side;  // the stream's own (events/api_events.hpp)

enum class StrikeClass { rearfoot, midfoot, forefoot, unknown };

StrikeClass strike_class_from(std::string_view name);  // unknown for anything else
Rgb colour_of(StrikeClass c);
std::string_view to_string(StrikeClass c);

struct StrikeMark {
  StrikeClass strike = StrikeClass::unknown;
  double contact_s = 0.0;  // session time
  bool early = false;      // decided moments after contact, before the stance ended
};

class StrikeMarks {
 public:
  static constexpr std::size_t marks_per_side = 8;
  static constexpr double share_window_s = 60.0;

  void on_strike(Side side, StrikeClass strike, double contact_s, bool early);
  // The stride record's class for the stance at `contact_s` (a strike seen within 5 ms).
  void on_stride(Side side, StrikeClass strike, double contact_s);
  void clear();

  // Oldest first, at most marks_per_side.
  const std::deque<StrikeMark>& marks(Side side) const;
  // Share of forefoot strikes among the classified strikes whose contact lies within the
  // minute before the latest one; empty before any.
  std::optional<double> forefoot_share() const;
  std::size_t strikes_in_window() const;

 private:
  void forget_old(double latest_s);
  std::deque<StrikeMark> left_, right_;
  std::deque<StrikeMark> minute_;  // both sides, for the share
};

}  // namespace stridecue::overlay
