#include "simulator/truth_csv.hpp"

#include <iterator>
#include <string>

#include <fmt/format.h>

namespace stridecue {

void write_truth_csv(const std::vector<TruthStride>& strides, std::ostream& out) {
  out << "side,contact_s,toe_off_s,contact_time_s,pattern,strike_index,activation_ratio,"
         "emg_onset_s,emg_offset_s,peak_fz_n,impact_transient\n";
  std::string row;
  for (const TruthStride& s : strides) {
    row.clear();
    fmt::format_to(std::back_inserter(row),
                   "{},{:.6f},{:.6f},{:.6f},{},{:.4f},{:.4f},{:.6f},{:.6f},{:.1f},{}\n",
                   to_string(s.side), s.contact_s, s.toe_off_s, s.toe_off_s - s.contact_s,
                   to_string(s.pattern), s.strike_index, s.activation_ratio, s.emg_onset_s,
                   s.emg_offset_s, s.peak_fz_n, s.impact_transient ? 1 : 0);
    out << row;
  }
}

}  // namespace stridecue
