// Column names of the trial CSV format (docs/formats.md), shared by its reader and writer:
//   time_s
//   <plate>_fx_n <plate>_fy_n <plate>_fz_n <plate>_copx_m <plate>_copy_m <plate>_tz_nm
//       plate: left | right | belt
//   emg_<muscle>_<side>_v
//       muscle: lowercase letters and digits; side: left | right
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/sample_block.hpp"

namespace stridecue {

inline constexpr std::string_view trial_time_column = "time_s";

// For "unknown column" errors: what names are allowed.
inline constexpr std::string_view trial_column_rules =
    "allowed: time_s, <plate>_fx_n, <plate>_fy_n, <plate>_fz_n, <plate>_copx_m, <plate>_copy_m, "
    "<plate>_tz_nm with plate left|right|belt, emg_<muscle>_<left|right>_v with muscle in "
    "lowercase letters and digits";

inline bool is_force_quantity(Quantity q) {
  return q != Quantity::emg && q != Quantity::other;
}

// The channel a data column (not time_s) holds; nullopt if the name breaks the rules above.
std::optional<ChannelInfo> channel_from_trial_column(std::string_view name);

// The column a channel is written to, from its quantity, plate, side and muscle (not its name,
// so sources with their own names, such as OpenSim files, export too); nullopt if none fits.
std::optional<std::string> trial_column_for(const ChannelInfo& channel);

struct TrialColumnProblem {
  std::size_t index = 0;  // into the channels checked
  std::string message;
};

// Checks the data columns as a set: no duplicates, `belt` not mixed with left/right, and every
// plate has its vertical force (contacts are found on fz).
std::optional<TrialColumnProblem> check_trial_columns(std::span<const ChannelInfo> channels);

}  // namespace stridecue
