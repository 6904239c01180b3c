// The 6×6 matrices of a force plate's calibration: row-major, loads = C · volts.
#pragma once

#include <array>
#include <optional>

namespace stridecue {

using Matrix6 = std::array<double, 36>;
using Vector6 = std::array<double, 6>;

inline Vector6 multiply(const Matrix6& m, const Vector6& v) {
  Vector6 out{};
  for (std::size_t r = 0; r < 6; ++r) {
    double sum = 0.0;
    for (std::size_t c = 0; c < 6; ++c)
      sum += m[r * 6 + c] * v[c];
    out[r] = sum;
  }
  return out;
}

// The inverse, or none when the matrix is singular (a calibration matrix never is: a plate
// whose channels cannot be told apart measures nothing).
std::optional<Matrix6> invert(const Matrix6& m);

}  // namespace stridecue
