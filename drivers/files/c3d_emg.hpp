// Which analog channels of a C3D file are EMG, on which muscle and side, and their scale to
// volts at the electrode.
//
// With an EmgChannelProfile (files/anc_reader.hpp, config/emg_profiles/*.toml) the profile
// decides: each of its keys is an ANALOG:LABELS entry, matched exactly; every label it names must
// be in the file once, on a channel no force platform uses, with a voltage unit.
//
// Without one, a label is placed only when it is unambiguous: one side word (L, R, Left,
// Right, Lt, Rt; or an L/R/Left/Right prefix glued to the muscle) and a muscle name from a short
// list of full anatomical names and established abbreviations ("L GMed", "R_GluteusMedius",
// "EMG 3 GMED left", "Left Rectus femoris", and the project's own "emg_gmed_left_v"). Two-letter
// abbreviations (RF, ST, GL ...) are not placed: "GL" is gluteus to some labs and
// gastrocnemius lateralis to others. Channels that cannot be placed, and two channels that
// would be the same muscle and side, are left out and listed, never guessed.
//
// Units (ANALOG:UNITS, after the file's own analog scaling): V, mV, uV, µV (micro sign or
// Greek mu). A channel without a unit is taken as volts, the C3D analog default, and said so.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"
#include "files/anc_reader.hpp"
#include "files/c3d_file.hpp"
#include "source/parse_result.hpp"

namespace stridecue {

struct C3dEmgChannel {
  std::size_t analog_index = 0;  // 0-based into the file's analog channels
  std::string label;             // ANALOG:LABELS, trimmed
  std::string unit;              // ANALOG:UNITS, trimmed ("" when absent)
  std::string muscle;
  Side side = Side::right;
  double volts_per_unit = 1.0;  // unit to volts, divided by the profile's gain
};

struct C3dEmgLeftOut {
  std::string label;
  std::string reason;  // "muscle not recognised", "no side", "both sides", "also R_GMED"
};

struct C3dEmgSelection {
  std::vector<C3dEmgChannel> channels;  // in analog channel order
  // Voltage channels (not force platforms) the labels could not place. Empty with a profile:
  // a profile says exactly what it wants.
  std::vector<C3dEmgLeftOut> left_out;
  std::vector<std::string> unitless;  // labels taken as volts for want of ANALOG:UNITS
};

// A muscle and side read from a label by the rules above; nullopt when not unambiguous.
struct EmgLabelGuess {
  std::string muscle;
  Side side = Side::right;
};
std::optional<EmgLabelGuess> guess_emg_label(std::string_view label);

// Volts per unit for "V", "mV", "uV", "µV"; nullopt for anything else.
std::optional<double> volts_per_unit(std::string_view unit);

// The EMG channels of `file` (whose channels in `force_channels` belong to force platforms).
// On a profile error returns nullopt and sets *error to "<display_name>: ..." naming the label
// and the profile.
ParseResult<C3dEmgSelection> select_c3d_emg(const C3dFile& file,
                                            const std::vector<std::size_t>& force_channels,
                                            const EmgChannelProfile* profile,
                                            std::string_view display_name);

}  // namespace stridecue
