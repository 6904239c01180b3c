#include "analog/matrix6.hpp"

#include <cmath>
#include <utility>

namespace stridecue {

std::optional<Matrix6> invert(const Matrix6& m) {
  // Gauss-Jordan with partial pivoting on [m | I].
  std::array<std::array<double, 12>, 6> a{};
  double largest = 0.0;
  for (std::size_t r = 0; r < 6; ++r) {
    for (std::size_t c = 0; c < 6; ++c) {
      a[r][c] = m[r * 6 + c];
      largest = std::max(largest, std::abs(a[r][c]));
    }
    a[r][6 + r] = 1.0;
  }
  if (!(largest > 0.0) || !std::isfinite(largest)) return std::nullopt;
  for (std::size_t col = 0; col < 6; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < 6; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    if (std::abs(a[pivot][col]) <= 1e-12 * largest) return std::nullopt;
    std::swap(a[pivot], a[col]);
    const double scale = a[col][col];
    for (double& x : a[col])
      x /= scale;
    for (std::size_t r = 0; r < 6; ++r) {
      if (r == col) continue;
      const double factor = a[r][col];
      for (std::size_t c = 0; c < 12; ++c)
        a[r][c] -= factor * a[col][c];
    }
  }
  Matrix6 out{};
  for (std::size_t r = 0; r < 6; ++r) {
    for (std::size_t c = 0; c < 6; ++c)
      out[r * 6 + c] = a[r][6 + c];
  }
  return out;
}

}  // namespace stridecue
