// Writes any source as a trial CSV (docs/formats.md): the `stridecue export` and recording
// path, and the inverse of TrialCsvReader (what it writes reads back to the same samples and
// rates).
#pragma once

#include <ostream>
#include <string>

#include "source/sample_source.hpp"

namespace stridecue {

// Drains `source` into `out`: a header from the layout, then one row per distinct sample
// time, merging a force stream and an EMG stream of different rates (a stream without a
// sample at a row's time leaves its cells empty; times within 1 ns share a row). Column names
// come from each channel's quantity, plate, side and muscle. Memory holds only the frames
// waiting for the other stream to catch up.
// Returns false, with the reason in *error (if given), when the layout has no trial-CSV form
// (channels of another quantity, two force streams, a stream mixing force and EMG), when the
// source fails (its failure() text), or when writing fails.
bool write_trial_csv(SampleSource& source, std::ostream& out, std::string* error);

}  // namespace stridecue
