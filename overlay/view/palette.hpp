// The overlay's colours, in one place: the drawing uses them and the pixel tests look for them.
// Chosen to be told apart at 2 m and by the commonest colour-vision deficiencies: the heel cue
// and rearfoot marks are orange-red, forefoot marks blue, midfoot amber (never red against green).
#pragma once

#include <cstdint>

namespace stridecue::overlay {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};

// `from` → `to` by `t` in [0, 1] (a fading banner over the background).
constexpr Rgb mix(Rgb from, Rgb to, double t) {
  auto lerp = [t](std::uint8_t a, std::uint8_t b) {
    return static_cast<std::uint8_t>(static_cast<double>(a) +
                                     (static_cast<double>(b) - static_cast<double>(a)) * t + 0.5);
  };
  return {lerp(from.r, to.r), lerp(from.g, to.g), lerp(from.b, to.b)};
}

namespace palette {
inline constexpr Rgb background{16, 18, 24};
inline constexpr Rgb panel{32, 36, 46};
inline constexpr Rgb text{235, 238, 245};
inline constexpr Rgb dim_text{150, 156, 170};
inline constexpr Rgb heel_cue{226, 74, 28};      // "LAND ON YOUR FOREFOOT"
inline constexpr Rgb hips_cue{124, 58, 220};     // "DRIVE FROM THE HIPS"
inline constexpr Rgb softer_cue{20, 150, 140};   // "RUN SOFTER"
inline constexpr Rgb cadence_cue{200, 50, 150};  // "QUICKER STEPS", "SLOWER STEPS"
inline constexpr Rgb onset_cue{170, 120, 20};    // "HIPS EARLY"
inline constexpr Rgb rearfoot{230, 80, 40};
inline constexpr Rgb midfoot{236, 180, 30};
inline constexpr Rgb forefoot{40, 140, 240};
inline constexpr Rgb unknown{110, 114, 126};
inline constexpr Rgb gauge_ok{60, 190, 110};
inline constexpr Rgb gauge_low{226, 74, 28};
inline constexpr Rgb target_met{60, 190, 110};  // the runner's target reached
inline constexpr Rgb threshold{245, 245, 245};
inline constexpr Rgb pending{236, 180, 30};
inline constexpr Rgb applied{60, 190, 110};
inline constexpr Rgb refused{236, 70, 60};
}  // namespace palette

}  // namespace stridecue::overlay
